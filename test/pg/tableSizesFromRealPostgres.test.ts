/**
 * Table sizes read from a real server's statistics, the way a user
 * configures it: the connection string in an environment variable named in
 * fearless.config.json. The URL's password never shows in output.
 */

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { startRealPostgres, type RealPostgres } from '../helpers/realPostgres';
import { CLI_PATH } from '../helpers/paths';
import { workspace } from '../helpers/runCli';

let server: RealPostgres | undefined;
let skipReason: string | undefined;

before(async () => {
  const started = await startRealPostgres();
  if (!started.server) {
    skipReason = started.skip;
    console.log(`# table-size tests against a real server skipped: ${skipReason}`);
    return;
  }
  server = started.server;
  const client = await server.connect();
  await client.query('CREATE TABLE events (id bigint, note text); INSERT INTO events SELECT g, md5(g::text) FROM generate_series(1, 20000) g; ANALYZE events;');
  await client.query('CREATE TABLE tiny (id int); INSERT INTO tiny VALUES (1), (2); ANALYZE tiny;');
  await client.end();
});

after(() => server?.stop());

function lint(env: Record<string, string>): { status: number | null; stdout: string; stderr: string } {
  const root = workspace({
    'fearless.config.json': JSON.stringify({ tableSizesDatabaseUrlEnv: 'FEARLESS_TEST_SIZES_URL' }),
    'migrations/0001.sql': "SET lock_timeout = '1s';\nCREATE INDEX i ON events (note);\nCREATE INDEX j ON tiny (id);\n",
  });
  const result = spawnSync(process.execPath, [CLI_PATH, 'lint', '--format', 'json', path.join(root, 'migrations')], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('sizes from the database scale severities and say which sizes were used', (t) => {
  if (!server) return t.skip(skipReason);
  const result = lint({ FEARLESS_TEST_SIZES_URL: server.connectionString });
  assert.equal(result.stderr, '');
  const diagnostics = (JSON.parse(result.stdout) as { files: { diagnostics: { rule: string; severity: string; message: string; advice?: string }[] }[] })
    .files[0]!.diagnostics;
  const onEvents = diagnostics.find((d) => d.rule === 'index-without-concurrently' && d.message.includes('"events"'));
  const onTiny = diagnostics.find((d) => d.rule === 'index-without-concurrently' && d.message.includes('"tiny"'));
  assert.match(onEvents!.advice ?? '', /"events" ≈ 20k rows/);
  assert.equal(onEvents!.severity, 'error');
  assert.match(onTiny!.advice ?? '', /"tiny" ≈ 2 rows.*severity is lowered/);
  assert.equal(onTiny!.severity, 'warning');
});

test('an unreachable database is reported without its password, and linting goes on', (t) => {
  if (!server) return t.skip(skipReason);
  const result = lint({ FEARLESS_TEST_SIZES_URL: 'postgresql://app:s3cret-pass@127.0.0.1:1/nowhere' });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /could not read table sizes/);
  assert.doesNotMatch(result.stderr + result.stdout, /s3cret-pass/);
});
