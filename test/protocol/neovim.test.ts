/**
 * A second real LSP client: Neovim (Debian's, 0.7), headless, starts
 * `fearless lsp --stdio` for a migration buffer through its built-in client
 * (test/fixtures/neovim/fearless_client.lua), waits for diagnostics and asks
 * for a hover. What Neovim received is asserted here.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI_PATH, FIXTURES_DIR } from '../helpers/paths';
import { workspace } from '../helpers/runCli';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const skip = nvim.status === 0 ? undefined : 'Neovim is not installed (apt-get install neovim; .ci/run installs it)';
if (skip) console.log(`# Neovim client test skipped: ${skip}`);

test('Neovim shows fearless diagnostics and its lock hover for a migration buffer', { skip }, () => {
  const root = workspace({
    'migrations/1_create.up.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, note text);\n',
    'migrations/1_create.down.sql': 'DROP TABLE events;\n',
    'migrations/2_index.up.sql': 'CREATE INDEX events_note_idx ON events (note);\n',
    'migrations/2_index.down.sql': 'DROP INDEX events_note_idx;\n',
  });
  const output = path.join(root, 'nvim-output.txt');
  const result = spawnSync(
    'nvim',
    [
      '--headless',
      '-u',
      'NONE',
      '-i',
      'NONE',
      '-n',
      '-c',
      `luafile ${path.join(FIXTURES_DIR, 'neovim', 'fearless_client.lua')}`,
      path.join(root, 'migrations/2_index.up.sql'),
    ],
    {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        FEARLESS_NODE: process.execPath,
        FEARLESS_CLI: CLI_PATH,
        FEARLESS_ROOT: root,
        FEARLESS_NVIM_OUT: output,
        FEARLESS_HOVER_LINE: '0',
        FEARLESS_HOVER_CHARACTER: '3',
      },
    },
  );
  assert.ok(fs.existsSync(output), `Neovim wrote nothing (exit ${result.status}): ${result.stdout}${result.stderr}`);
  const lines = fs.readFileSync(output, 'utf8').split('\n');
  assert.deepEqual(
    lines.filter((line) => line.startsWith('error')),
    [],
  );
  const diagnostics = lines.filter((line) => line.startsWith('diagnostic '));
  assert.ok(
    diagnostics.some((line) => /^diagnostic 1:1 index-without-concurrently CREATE INDEX blocks writes on "events" \(SHARE lock, full scan\)$/.test(line)),
    diagnostics.join('\n'),
  );
  const hover = lines.find((line) => line.startsWith('hover '));
  assert.ok(hover, lines.join('\n'));
  assert.match(hover, /SHARE/);
  assert.match(hover, /events/);
  assert.match(hover, /Waits: blocks writes \(INSERT, UPDATE, DELETE, MERGE\)/);
});
