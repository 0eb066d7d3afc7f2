/**
 * Bad input that once produced a stack trace or a wrong place on disk: an
 * unreadable folder (EACCES on scandir), an unwritable --cache-location,
 * --cache-location naming a folder, and requests to the language server
 * whose params are null or not a document.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI_PATH } from '../helpers/paths';
import { startLspSession } from '../helpers/lspSession';
import { runCli, workspace } from '../helpers/runCli';

/** Root reads any folder: the CLI then runs as `nobody` to meet the permission error a user meets. */
function asUnprivileged(args: string[]): { status: number | null; stdout: string; stderr: string } | string {
  if (process.getuid?.() !== 0) {
    const result = spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser'].find((candidate) => fs.existsSync(candidate));
  if (!runuser) return 'running as root without runuser, so no folder can be unreadable';
  const result = spawnSync(runuser, ['-u', 'nobody', '--', process.execPath, CLI_PATH, ...args], { encoding: 'utf8' });
  if (/runuser: /.test(result.stderr)) return `runuser cannot run as nobody here: ${result.stderr.trim()}`;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('an unreadable folder is a finding like an unreadable file, not a stack trace', (t) => {
  const root = workspace({ 'migrations/1_a.up.sql': 'CREATE TABLE a (id int);\n', 'migrations/locked/2_b.up.sql': 'CREATE TABLE b (id int);\n' });
  fs.chmodSync(root, 0o755);
  fs.chmodSync(path.join(root, 'migrations'), 0o755);
  fs.chmodSync(path.join(root, 'migrations', '1_a.up.sql'), 0o644);
  fs.chmodSync(path.join(root, 'migrations', 'locked'), 0o000);
  try {
    const result = asUnprivileged(['lint', '--format', 'json', path.join(root, 'migrations')]);
    if (typeof result === 'string') return t.skip(result);
    assert.equal(result.status, 1, result.stderr);
    assert.doesNotMatch(result.stderr, /internal error|at .*\.js:\d+/);
    const report = JSON.parse(result.stdout) as { files: { path: string; diagnostics: { rule: string; message: string }[] }[] };
    const locked = report.files.find((file) => file.path.endsWith('locked'));
    assert.deepEqual(
      locked?.diagnostics.map((diagnostic) => [diagnostic.rule, diagnostic.message]),
      [['unreadable-file', 'Cannot read this folder (EACCES).']],
    );
    assert.ok(
      report.files.some((file) => file.path.endsWith('1_a.up.sql')),
      'the readable files are still linted',
    );
  } finally {
    fs.chmodSync(path.join(root, 'migrations', 'locked'), 0o755);
  }
});

test('--cache-location: a place that cannot be written is exit 2 up front; a folder gets the cache inside it', () => {
  const root = workspace({ 'migrations/1_a.up.sql': 'CREATE TABLE a (id int);\n', 'migrations/1_a.down.sql': 'DROP TABLE a;\n', 'not-a-folder': 'a file\n' });
  const unwritable = runCli(['lint', '--cache-location', path.join(root, 'not-a-folder', 'cache.json'), 'migrations'], { cwd: root });
  assert.equal(unwritable.status, 2, unwritable.stderr);
  assert.match(unwritable.stderr, /^fearless: --cache-location .*not-a-folder\/cache\.json: the cache cannot be written there \((ENOTDIR|EEXIST)\)\.$/m);
  assert.doesNotMatch(unwritable.stderr, /internal error|at .*\.js:\d+/);

  const folder = path.join(root, 'caches');
  fs.mkdirSync(folder);
  const before = fs.readdirSync(root).sort();
  const inFolder = runCli(['lint', '--cache-location', folder, 'migrations'], { cwd: root });
  assert.equal(inFolder.status, 0, inFolder.stderr);
  assert.deepEqual(fs.readdirSync(folder), ['.fearless-cache.json']);
  assert.deepEqual(fs.readdirSync(root).sort(), before, 'nothing was written next to the folder');
  const again = runCli(['lint', '--cache-location', `${folder}/`, 'migrations'], { cwd: root });
  assert.equal(again.status, 0, again.stderr);
  assert.equal(JSON.parse(fs.readFileSync(path.join(folder, '.fearless-cache.json'), 'utf8')).format !== undefined, true);
});

test('the language server answers InvalidParams to its own requests with null or shapeless params, and keeps serving', async () => {
  const session = await startLspSession({});
  try {
    for (const method of ['fearless/drill', 'fearless/review', 'fearless/plan', 'fearless/shadow', 'fearless/reverseDraft', 'fearless/reviewReverseAnswer']) {
      for (const params of [null, {}, { textDocument: { uri: 42 } }, []]) {
        await assert.rejects(session.request(method, params), (error: { code?: number; message?: string }) => {
          assert.equal(error.code, -32602, `${method} ${JSON.stringify(params)}: ${error.message}`);
          assert.match(error.message ?? '', new RegExp(`^${method} takes \\{"textDocument": \\{"uri": "file:///\\.\\.\\."\\}\\}`));
          assert.doesNotMatch(error.message ?? '', /Cannot read properties/);
          return true;
        });
      }
    }
    assert.ok(session.isAlive());
  } finally {
    await session.close();
  }
});
