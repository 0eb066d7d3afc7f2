/**
 * The standard VS Code integration suite's entry point: the extension host
 * loads this (--extensionTestsPath) and mocha runs every *.vscode.js beside
 * it. Run it with `npm run test:vscode`, which downloads VS Code through
 * @vscode/test-electron where it can.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: true, timeout: 120_000 });
  for (const name of fs.readdirSync(__dirname).filter((file) => file.endsWith('.vscode.js'))) mocha.addFile(path.join(__dirname, name));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} ${failures === 1 ? 'test' : 'tests'} failed`)) : resolve()));
  });
}
