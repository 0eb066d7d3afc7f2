/**
 * `fearless shadow` from the command line: the README's walkthrough on the
 * bundled example (a real server log replayed against migration 0003), the
 * JSON contract, --limit and --sample, and bad input answered with a clear
 * message and exit 2.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/paths';
import { runCli, runCliAsync, workspace } from '../helpers/runCli';

const CACHE = { FEARLESS_CACHE_DIR: path.join(os.tmpdir(), 'fearless-test-cache') };
const EXAMPLE = ['--capture', 'examples/shadow/postgresql.log', '--rows', '3', 'examples/migrations/0003_add_region_safely.up.sql'];

interface ShadowJson {
  migration: string;
  format: string;
  database: string;
  summary: Record<string, number>;
  queries: {
    sql: string;
    kind: string;
    parameters?: (string | null)[];
    line: number;
    beforeMs: number;
    afterMs: number;
    differences: { kind: string }[];
    slower?: boolean;
  }[];
  skipped: unknown[];
}

test('the example: a real server log replayed against 0003 finds the SELECT * queries that gain a column, and nothing else', async () => {
  const result = await runCliAsync(['shadow', '--format', 'json', ...EXAMPLE], { cwd: REPO_ROOT, env: CACHE });
  assert.equal(result.status, 1, result.stderr);
  const report = JSON.parse(result.stdout) as ShadowJson;
  assert.equal(report.format, 'pglog');
  assert.match(report.database, /^PGlite \(PostgreSQL 18/);
  assert.equal(report.summary['replayed'], 10);
  assert.equal(report.summary['failsAfter'], 0);
  const different = report.queries.filter((query) => query.differences.length > 0);
  assert.deepEqual(
    different.map((query) => [query.sql, query.parameters, query.differences.map((difference) => difference.kind)]),
    [
      ['INSERT INTO events (tenant_id, kind, payload) VALUES ($1, $2, $3) RETURNING *', ['2', 'upgrade', '{"plan": "pro"}'], ['columns', 'rows']],
      ['SELECT * FROM events WHERE id = $1', ['1'], ['columns', 'rows']],
      ['SELECT * FROM events WHERE id = $1', ['2'], ['columns', 'rows']],
    ],
  );
  // created_at comes from now() on each side at its own moment: a time of the replay, not a difference.
  const returningTime = report.queries.find((query) => query.sql.endsWith('RETURNING id, created_at'))!;
  assert.deepEqual(returningTime.differences, []);
  assert.ok(report.queries.every((query) => query.beforeMs >= 0 && query.afterMs >= 0));

  const markdown = await runCliAsync(['shadow', ...EXAMPLE], { cwd: REPO_ROOT, env: CACHE });
  assert.equal(markdown.status, 1);
  assert.match(markdown.stdout, /^# Shadow test: examples\/migrations\/0003_add_region_safely\.up\.sql$/m);
  assert.match(markdown.stdout, /\*\*0 fail after the migration, 3 give different results, 0 got 10× slower or more\.\*\*/);
  assert.match(
    markdown.stdout,
    /Columns differ: before `id bigint, kind text, payload jsonb, created_at timestamp with time zone, tenant_id bigint`, after `.*, region text`\./,
  );
});

test('--limit and --sample leave queries out and say how many', async () => {
  const limited = JSON.parse(
    (await runCliAsync(['shadow', '--format', 'json', '--limit', '4', ...EXAMPLE], { cwd: REPO_ROOT, env: CACHE })).stdout,
  ) as ShadowJson;
  assert.equal(limited.summary['replayed'], 4);
  assert.equal(limited.summary['leftOut'], 6);
  assert.deepEqual(
    limited.queries.map((query) => query.line),
    [4, 6, 8, 14],
  );
  const sampled = JSON.parse(
    (await runCliAsync(['shadow', '--format', 'json', '--sample', '5', ...EXAMPLE], { cwd: REPO_ROOT, env: CACHE })).stdout,
  ) as ShadowJson;
  assert.equal(sampled.summary['replayed'], 5);
  assert.deepEqual(
    sampled.queries.map((query) => query.line),
    [4, 8, 16, 19, 23],
    'every second query, the same on every run',
  );
});

test('bad input: a clear message and exit 2, never a crash', () => {
  const root = workspace({
    'migrations/1_create.up.sql': 'CREATE TABLE t (id int);\n',
    'migrations/1_create.down.sql': 'DROP TABLE t;\n',
    'capture.sql': 'SELECT * FROM t;\n',
    'bad-utf8.sql': Buffer.from([0x53, 0x45, 0x4c, 0x45, 0x43, 0x54, 0x20, 0x27, 0xff, 0xfe, 0x27, 0x3b, 0x0a]),
  });
  const cases: [string[], RegExp][] = [
    [['shadow', 'migrations/1_create.up.sql'], /needs --capture FILE/],
    [['shadow', '--capture', 'missing.sql', 'migrations/1_create.up.sql'], /--capture: missing\.sql does not exist/],
    [['shadow', '--capture', 'capture.sql', '--format-in', 'xml', 'migrations/1_create.up.sql'], /--format-in must be one of sql, pglog, csvlog, pgss/],
    [['shadow', '--capture', 'capture.sql', '--limit', '0', 'migrations/1_create.up.sql'], /--limit must be a whole number of at least 1/],
    [['shadow', '--capture', 'capture.sql'], /takes one forward migration/],
    [['shadow', '--capture', 'capture.sql', '--parameters', 'capture.sql', 'migrations/1_create.up.sql'], /--parameters: cannot read capture\.sql as JSON/],
    [['shadow', '--capture', 'capture.sql', '--database-url', 'postgres://nobody@127.0.0.1:1/x', 'migrations/1_create.up.sql'], /could not connect/],
  ];
  for (const [args, message] of cases) {
    const result = runCli(args, { cwd: root, env: CACHE });
    assert.equal(result.status, 2, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
    assert.match(result.stderr, message, args.join(' '));
  }
  // A capture that is not UTF-8 is read anyway, with a warning.
  const invalid = runCli(['shadow', '--capture', 'bad-utf8.sql', 'migrations/1_create.up.sql'], { cwd: root, env: CACHE });
  assert.equal(invalid.status, 0, invalid.stdout + invalid.stderr);
  assert.match(invalid.stderr, /bad-utf8\.sql is not valid UTF-8; bad bytes were replaced/);
});

test('a query that got ten times slower is a finding, with both timings', async () => {
  const root = workspace({
    'migrations/1_create.up.sql': 'CREATE TABLE t (id int PRIMARY KEY);\nINSERT INTO t SELECT generate_series(1, 3);\nCREATE VIEW v AS SELECT id FROM t;\n',
    'migrations/1_create.down.sql': 'DROP VIEW v;\nDROP TABLE t;\n',
    // The view now calls something slow for every row: the same rows, much later.
    'migrations/2_slow.up.sql': 'CREATE OR REPLACE VIEW v AS SELECT id FROM t WHERE pg_sleep(0.05) IS NOT NULL;\n',
    'migrations/2_slow.down.sql': 'CREATE OR REPLACE VIEW v AS SELECT id FROM t;\n',
    'capture.sql': 'SELECT id FROM v ORDER BY id;\nSELECT count(*) FROM t;\n',
  });
  const result = await runCliAsync(['shadow', '--capture', 'capture.sql', '--format', 'json', 'migrations/2_slow.up.sql'], { cwd: root, env: CACHE });
  assert.equal(result.status, 1, result.stderr);
  const report = JSON.parse(result.stdout) as ShadowJson;
  assert.equal(report.summary['slower'], 1);
  const slow = report.queries.find((query) => query.slower)!;
  assert.equal(slow.sql, 'SELECT id FROM v ORDER BY id');
  assert.deepEqual(slow.differences, [], 'the same rows, only slower');
  assert.ok(slow.afterMs >= 140 && slow.afterMs >= slow.beforeMs * 10, `${slow.beforeMs} ms before, ${slow.afterMs} ms after`);
  const markdown = await runCliAsync(['shadow', '--capture', 'capture.sql', 'migrations/2_slow.up.sql'], { cwd: root, env: CACHE });
  assert.match(
    markdown.stdout,
    /## 10× slower or more after the migration\n\n\| query \| before \| after \| ratio \|\n\| --- \| --- \| --- \| --- \|\n\| `SELECT id FROM v ORDER BY id` \| [\d.]+ ms \| [\d.]+ ms \| [\d.]+× \|/,
  );
});
