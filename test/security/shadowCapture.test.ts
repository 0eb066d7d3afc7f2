/**
 * A malicious shadow capture: SELECTs that act outside the database
 * (lo_export to a host file, pg_terminate_backend of other sessions,
 * pg_read_file, dblink) used to be replayed as reads, and a SELECT of a
 * volatile function that writes ran unchecked. Those are never replayed;
 * reads run in READ ONLY transactions (a writing function is replayed as a
 * write, rolled back); on a real server as a role that is no superuser; one
 * query at a time per connection (no pg deprecation warning).
 */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Client } from 'pg';
import { startRealPostgres, type RealPostgres } from '../helpers/realPostgres';
import { runCliAsync, workspace, type CliResult } from '../helpers/runCli';

interface ShadowJson {
  summary: { replayed: number; identical: number; skipped: number };
  queries: { sql: string; kind: string; differences: unknown[] }[];
  skipped: { sql: string; reason: string }[];
}

const CACHE = { FEARLESS_CACHE_DIR: path.join(os.tmpdir(), 'fearless-test-cache') };

function project(marker: string): string {
  return workspace({
    'migrations/1_create.up.sql':
      'CREATE TABLE accounts (id int PRIMARY KEY, name text NOT NULL);\n' +
      'CREATE TABLE audit (n int);\n' +
      "CREATE FUNCTION touch_audit() RETURNS int LANGUAGE sql AS 'INSERT INTO audit VALUES (1) RETURNING n';\n",
    'migrations/1_create.down.sql': 'DROP FUNCTION touch_audit();\nDROP TABLE audit;\nDROP TABLE accounts;\n',
    'migrations/2_note.up.sql': 'ALTER TABLE accounts ADD COLUMN note text;\n',
    'migrations/2_note.down.sql': 'ALTER TABLE accounts DROP COLUMN note;\n',
    'seed.sql': "INSERT INTO accounts VALUES (1, 'ann'), (2, 'bob');\n",
    'capture.sql': [
      'SELECT id, name, id::bigint AS big, id::numeric AS num FROM accounts ORDER BY id;',
      `SELECT lo_export(lo_from_bytea(0, 'written by a replay'), '${marker}');`,
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid();',
      "SELECT pg_read_file('/etc/hostname');",
      "SELECT dblink_exec('dbname=postgres', 'DROP TABLE accounts');",
      'SELECT touch_audit();',
      '',
    ].join('\n'),
  });
}

async function shadow(root: string, extra: string[]): Promise<{ result: CliResult; report: ShadowJson }> {
  const result = await runCliAsync(
    ['shadow', '--capture', 'capture.sql', '--format-in', 'sql', '--seed', 'seed.sql', '--format', 'json', ...extra, 'migrations/2_note.up.sql'],
    { cwd: root, env: CACHE },
  );
  assert.ok(result.stdout.trim().startsWith('{'), `no report: ${result.stderr}`);
  return { result, report: JSON.parse(result.stdout) as ShadowJson };
}

function checkReport(result: CliResult, report: ShadowJson): void {
  assert.equal(result.status, 0, result.stderr);
  const reasons = Object.fromEntries(report.skipped.map((entry) => [entry.sql.slice(7, 21), entry.reason]));
  assert.match(reasons['lo_export(lo_f'] ?? '', /^not replayed: it writes a file on the database host \(server-side lo_export\)/);
  assert.match(reasons['pg_terminate_b'] ?? '', /^not replayed: it ends another session on the server/);
  assert.match(reasons["pg_read_file('"] ?? '', /^not replayed: it reads a file on the database host/);
  assert.match(reasons["dblink_exec('d"] ?? '', /^not replayed: it reaches another database \(dblink_exec\)/);
  const kinds = Object.fromEntries(report.queries.map((query) => [query.sql, query.kind]));
  assert.deepEqual(kinds, { 'SELECT id, name, id::bigint AS big, id::numeric AS num FROM accounts ORDER BY id': 'read', 'SELECT touch_audit()': 'write' });
  assert.ok(
    report.queries.every((query) => query.differences.length === 0),
    JSON.stringify(report.queries),
  );
  assert.doesNotMatch(result.stderr, /DeprecationWarning|already executing a query/);
}

test("PGlite: the capture's side-effecting SELECTs are skipped, the writing function is replayed as a rolled-back write", async () => {
  const marker = path.join(os.tmpdir(), `fearless-lo-export-${process.pid}`);
  const { result, report } = await shadow(project(marker), []);
  checkReport(result, report);
  assert.equal(fs.existsSync(marker), false);
});

describe('on a real server', () => {
  let server: RealPostgres | undefined;
  let skip: string | undefined;
  let canary: Client;
  before(async () => {
    const started = await startRealPostgres();
    server = started.server;
    skip = started.skip;
    if (skip) console.log(`# skipping the malicious capture on a real server: ${skip}`);
    else canary = await server!.connect();
  });
  after(async () => {
    await canary?.end().catch(() => undefined);
    server?.stop();
  });

  for (const as of ['the CREATEDB-only role', 'a superuser the user allowed'] as const) {
    test(`as ${as}: nothing acts outside the scratch databases, other sessions live on`, async (t) => {
      if (!server) return t.skip(skip);
      canary.on('error', () => undefined);
      const marker = path.join(server.scratchDirectory, `lo-export-${as === 'the CREATEDB-only role' ? 'createdb' : 'super'}`);
      const extra =
        as === 'the CREATEDB-only role'
          ? ['--database-url', await server.drillerUrl()]
          : ['--database-url', server.connectionString, '--allow-privileged-role'];
      const { result, report } = await shadow(project(marker), extra);
      checkReport(result, report);
      assert.equal(fs.existsSync(marker), false, 'no file was written on the database host');
      assert.equal((await canary.query('SELECT 1 AS alive')).rows[0].alive, 1, 'the other session was not terminated');
    });
  }

  test('a superuser without the consent is refused (exit 2)', async (t) => {
    if (!server) return t.skip(skip);
    const root = project(path.join(server.scratchDirectory, 'never'));
    const result = await runCliAsync(
      ['shadow', '--capture', 'capture.sql', '--format-in', 'sql', '--database-url', server.connectionString, 'migrations/2_note.up.sql'],
      { cwd: root, env: CACHE },
    );
    assert.equal(result.status, 2, result.stderr);
    assert.match(result.stderr, /refusing to drill as postgres .*it is a superuser/);
  });
});
