/**
 * Test data and fixtures inside a migrations folder are not migrations:
 * left out of a folder's walk (lint, locks, drill), by default and by the
 * project's globs, while a file named on the command line is still checked.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { isExcluded } from '../../server/src/migrations/excludes';
import { runCli, workspace } from '../helpers/runCli';

const PROJECT = {
  'migrations/1_create.up.sql': 'CREATE TABLE events (id bigint PRIMARY KEY);\n',
  'migrations/1_create.down.sql': 'DROP TABLE events;\n',
  'migrations/testdata/1_seed.up.sql': 'CREATE TABLE seed (id int);\n',
  'migrations/fixtures/rows.sql': 'INSERT INTO events VALUES (1);\n',
  'migrations/samples/2_sample.sql': 'CREATE TABLE sample (id int);\n',
};

function linted(args: string[], files: Record<string, string> = PROJECT): string[] {
  const root = workspace(files);
  const result = runCli(['lint', '--format', 'json', ...args], { cwd: root });
  assert.ok(result.status === 0 || result.status === 1, result.stderr);
  return (JSON.parse(result.stdout) as { files: { path: string }[] }).files.map((file) => file.path.split(path.sep).join('/')).sort();
}

test('globs: ** spans folders, * a name part, a bare name matches at any depth, a folder is asked with a trailing /', () => {
  assert.ok(isExcluded('testdata/', ['**/testdata/**']));
  assert.ok(isExcluded('a/b/testdata/x.sql', ['**/testdata/**']));
  assert.ok(!isExcluded('testdata_x.sql', ['**/testdata/**']));
  assert.ok(isExcluded('samples/2_sample.sql', ['samples']));
  assert.ok(isExcluded('legacy_1.sql', ['legacy_*.sql']));
  assert.ok(isExcluded('sub/legacy_1.sql', ['legacy_*.sql']));
  assert.ok(!isExcluded('sub/legacy_1.sql', ['/legacy_*.sql']));
  assert.ok(!isExcluded('sub/legacy_1.sql', ['./legacy_*.sql']));
});

test('by default testdata/ and fixtures/ under a folder are left out; other folders stay', () => {
  assert.deepEqual(linted(['migrations']), ['migrations/1_create.down.sql', 'migrations/1_create.up.sql', 'migrations/samples/2_sample.sql']);
});

test('--exclude adds globs (repeatable); "exclude" in fearless.config.json replaces the defaults', () => {
  assert.deepEqual(linted(['--exclude', 'samples', '--exclude', '*.down.sql', 'migrations']), ['migrations/1_create.up.sql']);
  assert.deepEqual(linted(['migrations'], { ...PROJECT, 'fearless.config.json': '{"exclude": []}' }).length, 5);
  const bad = runCli(['lint', 'migrations'], { cwd: workspace({ ...PROJECT, 'fearless.config.json': '{"exclude": "testdata"}' }) });
  assert.match(bad.stderr, /exclude must be a list of globs/);
});

test('a file named on the command line is checked even inside an excluded folder', () => {
  assert.deepEqual(linted(['migrations/testdata/1_seed.up.sql']), ['migrations/testdata/1_seed.up.sql']);
});

test('the drill of a folder leaves the test data out too', () => {
  const root = workspace(PROJECT);
  const result = runCli(['drill', '--format', 'json', '--exclude', 'samples', 'migrations'], {
    cwd: root,
    env: { FEARLESS_CACHE_DIR: path.join(os.tmpdir(), 'fearless-test-cache') },
  });
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { drills: { forward: string }[]; skipped: unknown[] };
  assert.deepEqual(
    report.drills.map((drill) => path.basename(drill.forward)),
    ['1_create.up.sql'],
  );
});
