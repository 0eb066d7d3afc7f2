/**
 * `fearless shadow` on logs written by a real PostgreSQL server: the server
 * the test starts logs every statement (log_statement = 'all' and
 * log_min_duration_statement = 0, to stderr and to csvlog); an application
 * workload runs through `pg` (simple and extended protocol, bind parameters,
 * a multi-line statement); the logs are replayed against the schema before
 * and after four migrations. Identical results pass; a changed default, a
 * dropped column and a type that rounds differently are caught, each naming
 * the query that shows it.
 */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRealPostgres, type RealPostgres } from '../helpers/realPostgres';
import { runCliAsync, workspace } from '../helpers/runCli';

const CREATE =
  "CREATE TABLE accounts (id bigint PRIMARY KEY, name text NOT NULL, status text NOT NULL DEFAULT 'active', balance numeric(12,2) NOT NULL DEFAULT 0);\n";
const SEED = "INSERT INTO accounts (id, name, balance) VALUES (1, 'ann', 10.50), (2, 'bob', 3.25), (3, 'cy', 7.75);\n";

interface ShadowJson {
  summary: { replayed: number; identical: number; failsAfter: number; different: number; slower: number; skipped: number };
  queries: { sql: string; kind: string; parameters?: (string | null)[]; differences: { kind: string; error?: string; before?: unknown; after?: unknown }[] }[];
  skipped: { sql: string; reason: string }[];
}

describe('fearless shadow on logs written by a real PostgreSQL server', async () => {
  const started = await startRealPostgres(
    '-c log_statement=all -c log_min_duration_statement=0 -c logging_collector=on -c log_destination=stderr,csvlog -c log_filename=statements.log -c shared_preload_libraries=pg_stat_statements',
  );
  if (started.skip) console.log(`# shadow tests on real server logs skipped: ${started.skip}`);
  let server: RealPostgres | undefined;
  let stderrLog = '';
  let csvLog = '';
  let statementsExport = '';

  before(async () => {
    if (!started.server) return;
    server = started.server;
    const client = await server.connect();
    try {
      await client.query('CREATE EXTENSION pg_stat_statements');
      await client.query(CREATE);
      await client.query(SEED);
      // The application's traffic: the simple protocol, the extended one with parameters, a multi-line statement.
      await client.query('SELECT count(*) FROM accounts');
      await client.query('SELECT id, name FROM accounts WHERE id = $1', [1]);
      await client.query('SELECT id, name FROM accounts WHERE id = $1', [2]);
      await client.query('SELECT id, name FROM accounts WHERE id = $1', [1]);
      await client.query('SELECT id,\n       balance\n  FROM accounts\n ORDER BY id');
      await client.query('INSERT INTO accounts (id, name) VALUES ($1, $2) RETURNING status', [10, "o'brien"]);
      await client.query('UPDATE accounts SET status = $1 WHERE balance > $2', ['gold', '5']);
      await client.query('BEGIN');
      await client.query('DELETE FROM accounts WHERE id = $1', [10]);
      await client.query('COMMIT');
      // What a team exports from pg_stat_statements: normalised queries, most of them with $n placeholders.
      const exported = await client.query(
        "SELECT json_agg(s) AS rows FROM (SELECT queryid::text, calls, query FROM pg_stat_statements WHERE query ~* 'accounts' AND query !~* 'pg_stat_statements') s",
      );
      statementsExport = path.join(workspace({}), 'pgss.json');
      fs.writeFileSync(statementsExport, JSON.stringify(exported.rows[0].rows));
    } finally {
      await client.end();
    }
    // The logging collector writes asynchronously: wait until the last statement is in both logs.
    const logDirectory = path.join(path.dirname(server.logFile), 'data', 'log');
    const deadline = Date.now() + 20_000;
    for (;;) {
      stderrLog = fs.existsSync(path.join(logDirectory, 'statements.log')) ? path.join(logDirectory, 'statements.log') : '';
      csvLog = fs.existsSync(path.join(logDirectory, 'statements.csv')) ? path.join(logDirectory, 'statements.csv') : '';
      if (stderrLog && csvLog && fs.readFileSync(stderrLog, 'utf8').includes('COMMIT') && fs.readFileSync(csvLog, 'utf8').includes('COMMIT')) break;
      if (Date.now() > deadline) throw new Error(`the server's statement logs did not appear in ${logDirectory}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // The logs as the workload left them: later tests run more statements on this server.
    const kept = workspace({});
    for (const log of [stderrLog, csvLog]) fs.copyFileSync(log, path.join(kept, path.basename(log)));
    stderrLog = path.join(kept, path.basename(stderrLog));
    csvLog = path.join(kept, path.basename(csvLog));
  });

  after(() => server?.stop());

  const shadow = async (forward: string, log: string, extra: string[] = []): Promise<{ status: number | null; report: ShadowJson; stderr: string }> => {
    const root = workspace({
      'migrations/1_create.up.sql': CREATE,
      'migrations/1_create.down.sql': 'DROP TABLE accounts;\n',
      'migrations/2_change.up.sql': forward,
      'migrations/2_change.down.sql': 'SELECT 1;\n',
      'seed.sql': SEED,
    });
    const capture = path.join(root, path.basename(log));
    fs.copyFileSync(log, capture);
    const result = await runCliAsync(['shadow', '--capture', capture, '--seed', 'seed.sql', '--format', 'json', ...extra, 'migrations/2_change.up.sql'], {
      cwd: root,
      env: { FEARLESS_CACHE_DIR: path.join(os.tmpdir(), 'fearless-test-cache') },
    });
    return { status: result.status, report: JSON.parse(result.stdout) as ShadowJson, stderr: result.stderr };
  };

  test('on the real server itself (--database-url): two throwaway databases, the changed default caught, both dropped afterwards', {
    skip: started.skip,
  }, async () => {
    const { status, report, stderr } = await shadow("ALTER TABLE accounts ALTER COLUMN status SET DEFAULT 'pending';\n", stderrLog, [
      '--database-url',
      await server!.drillerUrl(),
    ]);
    assert.equal(status, 1, stderr);
    assert.match((report as unknown as { database: string }).database, /PostgreSQL \d+.*scratch database fearless_drill_[0-9a-f]+/);
    assert.deepEqual(
      report.queries.filter((query) => query.differences.length > 0).map((query) => query.sql),
      ['INSERT INTO accounts (id, name) VALUES ($1, $2) RETURNING status'],
    );
    const client = await server!.connect();
    try {
      const left = await client.query("SELECT datname FROM pg_database WHERE datname LIKE 'fearless_drill_%'");
      assert.deepEqual(left.rows, []);
    } finally {
      await client.end();
    }
  });

  test('a data-only dump (pg_dump --data-only, COPY blocks) seeds both sides', { skip: started.skip }, async () => {
    const dump = spawnSync(path.join(server!.binDirectory, 'pg_dump'), ['--data-only', '--table=accounts', server!.connectionString], { encoding: 'utf8' });
    assert.equal(dump.status, 0, dump.stderr);
    assert.match(dump.stdout, /^COPY public\.accounts \(id, name, status, balance\) FROM stdin;$/m);
    const root = workspace({
      'migrations/1_create.up.sql': CREATE,
      'migrations/1_create.down.sql': 'DROP TABLE accounts;\n',
      'migrations/2_change.up.sql': 'ALTER TABLE accounts ALTER COLUMN balance TYPE numeric(12,0);\n',
      'migrations/2_change.down.sql': 'SELECT 1;\n',
      'data.sql': dump.stdout,
      'capture.sql': 'SELECT id, name, status, balance FROM accounts ORDER BY id;\n',
    });
    const result = await runCliAsync(['shadow', '--capture', 'capture.sql', '--seed', 'data.sql', '--format', 'json', 'migrations/2_change.up.sql'], {
      cwd: root,
      env: { FEARLESS_CACHE_DIR: path.join(os.tmpdir(), 'fearless-test-cache') },
    });
    assert.equal(result.status, 1, result.stderr);
    const rows = (JSON.parse(result.stdout) as ShadowJson).queries[0]!.differences[0] as unknown as { onlyBefore: string[][]; onlyAfter: string[][] };
    // The server's rows as the workload left them: o'brien inserted and deleted again, the rich ones gold.
    assert.deepEqual(rows.onlyBefore, [
      ['1', 'ann', 'gold', '10.5'],
      ['2', 'bob', 'active', '3.25'],
      ['3', 'cy', 'gold', '7.75'],
    ]);
    assert.deepEqual(rows.onlyAfter, [
      ['1', 'ann', 'gold', '11'],
      ['2', 'bob', 'active', '3'],
      ['3', 'cy', 'gold', '8'],
    ]);
  });

  test('a pg_stat_statements export: placeholders sampled from the seeded rows; a dropped column is caught through the sampled queries', {
    skip: started.skip,
  }, async () => {
    const identical = await shadow('CREATE INDEX accounts_name_idx ON accounts (name);\n', statementsExport);
    assert.equal(identical.status, 0, identical.stderr);
    const lookups = identical.report.queries.filter((query) => query.sql === 'SELECT id, name FROM accounts WHERE id = $1');
    assert.deepEqual(
      lookups.map((query) => query.parameters),
      [['1'], ['2'], ['3']],
      'three distinct ids of the seeded rows',
    );
    assert.ok(lookups.every((query) => (query as unknown as { sampled?: boolean }).sampled === true));
    assert.ok(identical.report.queries.some((query) => query.sql === 'UPDATE accounts SET status = $1 WHERE balance > $2' && query.parameters?.length === 2));

    const dropped = await shadow('ALTER TABLE accounts DROP COLUMN name;\n', statementsExport);
    assert.equal(dropped.status, 1);
    const failing = dropped.report.queries
      .filter((query) => query.differences.some((difference) => difference.kind === 'fails-after'))
      .map((query) => query.sql);
    assert.ok(failing.includes('SELECT id, name FROM accounts WHERE id = $1'), failing.join('\n'));
  });

  for (const format of ['stderr', 'csvlog'] as const) {
    const logOf = (): string => (format === 'stderr' ? stderrLog : csvLog);

    test(`${format}: the capture is read whole (parameters, multi-line) and identical results pass`, { skip: started.skip }, async () => {
      const { status, report, stderr } = await shadow('CREATE INDEX accounts_name_idx ON accounts (name);\n', logOf());
      assert.equal(
        status,
        0,
        `${stderr}\n${JSON.stringify(report.summary)}\n${JSON.stringify(report.queries.filter((query) => query.differences.length > 0 || (query as { slower?: boolean }).slower))}`,
      );
      const replayed = report.queries.map(
        (query) => `${query.kind} ${query.sql.replace(/\s+/g, ' ')}${query.parameters ? ` ${JSON.stringify(query.parameters)}` : ''}`,
      );
      for (const expected of [
        'read SELECT count(*) FROM accounts',
        'read SELECT id, name FROM accounts WHERE id = $1 ["1"]',
        'read SELECT id, name FROM accounts WHERE id = $1 ["2"]',
        'read SELECT id, balance FROM accounts ORDER BY id',
        `write INSERT INTO accounts (id, name) VALUES ($1, $2) RETURNING status ["10","o'brien"]`,
        'write UPDATE accounts SET status = $1 WHERE balance > $2 ["gold","5"]',
        'write DELETE FROM accounts WHERE id = $1 ["10"]',
      ]) {
        assert.ok(replayed.includes(expected), `${expected} not among:\n${replayed.join('\n')}`);
      }
      assert.equal(
        replayed.filter((line) => line.startsWith('read SELECT id, name FROM accounts WHERE id = $1 ["1"]')).length,
        1,
        'duplicates are replayed once',
      );
      assert.ok(
        report.skipped.some((skipped) => /^CREATE TABLE accounts/.test(skipped.sql)),
        'DDL is listed as skipped',
      );
      assert.ok(report.skipped.some((skipped) => skipped.sql === 'BEGIN' && /transaction control/.test(skipped.reason)));
      assert.deepEqual(
        report.queries.filter((query) => query.differences.length > 0),
        [],
      );
    });

    test(`${format}: a changed default is caught by the INSERT ... RETURNING that reads it`, { skip: started.skip }, async () => {
      const { status, report } = await shadow("ALTER TABLE accounts ALTER COLUMN status SET DEFAULT 'pending';\n", logOf());
      assert.equal(status, 1);
      const different = report.queries.filter((query) => query.differences.length > 0);
      assert.deepEqual(
        different.map((query) => query.sql),
        ['INSERT INTO accounts (id, name) VALUES ($1, $2) RETURNING status'],
      );
      assert.deepEqual(
        different[0]!.differences.map((difference) => difference.kind),
        ['rows'],
      );
      assert.deepEqual(different[0]!.differences[0], {
        kind: 'rows',
        beforeCount: 1,
        afterCount: 1,
        onlyBefore: [['active']],
        onlyAfter: [['pending']],
        ordered: false,
      });
    });

    test(`${format}: a dropped column is caught as old code failing after the migration`, { skip: started.skip }, async () => {
      const { status, report } = await shadow('ALTER TABLE accounts DROP COLUMN name;\n', logOf());
      assert.equal(status, 1);
      assert.equal(report.summary.failsAfter, 3);
      const failing = report.queries.filter((query) => query.differences.some((difference) => difference.kind === 'fails-after'));
      assert.deepEqual([...new Set(failing.map((query) => query.sql))].sort(), [
        'INSERT INTO accounts (id, name) VALUES ($1, $2) RETURNING status',
        'SELECT id, name FROM accounts WHERE id = $1',
      ]);
      assert.match(failing[0]!.differences[0]!.error!, /column "name".* does not exist \(SQLSTATE 42703\)/);
    });

    test(`${format}: a type change that rounds differently is caught by the query that reads the values`, { skip: started.skip }, async () => {
      const { status, report } = await shadow('ALTER TABLE accounts ALTER COLUMN balance TYPE numeric(12,0);\n', logOf());
      assert.equal(status, 1);
      const different = report.queries.filter((query) => query.differences.length > 0);
      const read = different.find((query) => /ORDER BY id/.test(query.sql));
      assert.ok(read, JSON.stringify(different.map((query) => query.sql)));
      const rows = read.differences.find((difference) => difference.kind === 'rows') as unknown as { onlyBefore: string[][]; onlyAfter: string[][] };
      assert.deepEqual(rows.onlyBefore[0], ['1', '10.5']);
      assert.deepEqual(rows.onlyAfter[0], ['1', '11']);
      // The column stays numeric (the result carries no typmod): only the values tell.
      assert.deepEqual(
        read.differences.map((difference) => difference.kind),
        ['rows'],
      );
    });
  }
});
