#!/usr/bin/env node
// The `fearless` command: the bundled CLI, built by `npm run build`.
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const bundled = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(bundled)) {
  process.stderr.write('fearless: dist/cli.js is missing; run "npm run build" first.\n');
  process.exit(2);
}
require(bundled);
