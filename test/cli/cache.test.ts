import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, workspace } from '../helpers/runCli';

interface CacheFile {
  entries: Record<string, unknown>;
}

test('lint --cache gives the same output from the cache, and notices history changes', () => {
  const root = workspace({
    'migrations/0001_a.sql': 'CREATE TABLE events (id bigint);\n',
    'migrations/0002_b.sql': 'CREATE INDEX i ON events (id);\nCREATE INDEX j ON fresh (id);\n',
  });
  const cacheFile = path.join(root, 'cache.json');
  const lint = (): { status: number | null; stdout: string } =>
    runCli(['lint', '--format', 'json', '--cache-location', cacheFile, 'migrations'], { cwd: root });

  const first = lint();
  assert.equal(first.status, 1);
  assert.ok(fs.existsSync(cacheFile));
  assert.equal(Object.keys((JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as CacheFile).entries).length, 2);
  const second = lint();
  assert.equal(second.stdout, first.stdout);
  assert.equal(second.status, 1);

  // An earlier migration that creates `fresh` changes the findings of 0002 although 0002 did not change.
  const before = (JSON.parse(second.stdout) as { files: { diagnostics: { rule: string; range: { start: { line: number } } }[] }[] }).files[1]!;
  assert.ok(before.diagnostics.some((d) => d.rule === 'index-without-concurrently' && d.range.start.line === 1));
  fs.writeFileSync(
    path.join(root, 'migrations/0002_b.sql'),
    'CREATE INDEX i ON events (id);\n-- same statements, other bytes\nCREATE INDEX j ON fresh (id);\n',
  );
  const edited = JSON.parse(lint().stdout) as { files: { diagnostics: { range: { start: { line: number } } }[] }[] };
  assert.ok(
    edited.files[1]!.diagnostics.some((d) => d.range.start.line === 2),
    'an edited file is re-linted',
  );
});

test('a cache from a corrupt or foreign file is ignored and rewritten', () => {
  const root = workspace({ 'migrations/0001.sql': 'CREATE INDEX i ON events (id);\n', 'cache.json': '{"format": 99, "entries": "nonsense"}' });
  const result = runCli(['lint', '--format', 'json', '--cache', '--cache-location', 'cache.json', 'migrations'], { cwd: root });
  assert.equal(result.status, 1, result.stdout);
  const cache = JSON.parse(fs.readFileSync(path.join(root, 'cache.json'), 'utf8')) as CacheFile & { format: number };
  assert.equal(cache.format, 1);
  fs.writeFileSync(path.join(root, 'cache.json'), 'not json at all');
  assert.equal(runCli(['lint', '--format', 'json', '--cache', '--cache-location', 'cache.json', 'migrations'], { cwd: root }).stdout, result.stdout);
});

test('settings are part of the key: a config change is not answered from the cache', () => {
  const root = workspace({ 'migrations/0001.sql': 'CREATE INDEX i ON events (id);\n' });
  const args = ['lint', '--format', 'json', '--cache', 'migrations'];
  assert.equal(runCli(args, { cwd: root }).status, 1);
  fs.writeFileSync(path.join(root, 'fearless.config.json'), JSON.stringify({ rules: { 'index-without-concurrently': 'off' } }));
  const relaxed = runCli(args, { cwd: root });
  assert.equal(relaxed.status, 0);
  assert.ok(fs.existsSync(path.join(root, '.fearless-cache.json')));
});
