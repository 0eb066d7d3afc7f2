/**
 * `fearless drill` on PGlite and on a real PostgreSQL server the test
 * starts: a correct pair passes with the locks PostgreSQL reports agreeing
 * with the lock facts; reverses that forget an index, a default, a
 * constraint or a column fail, naming that exact difference. On the real
 * server the drill works in a scratch database it drops afterwards.
 */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT } from '../helpers/paths';
import { startRealPostgres, type RealPostgres } from '../helpers/realPostgres';
import { runCli, workspace } from '../helpers/runCli';
import { DRILL_PROJECT, EXPECTED, type DrillJson } from './drillCases';

/** One PGlite data directory for every test run on this machine (initialising one takes seconds). */
const CACHE = { FEARLESS_CACHE_DIR: path.join(os.tmpdir(), 'fearless-test-cache') };

function checkVerdicts(report: DrillJson): void {
  assert.equal(report.drills.length, Object.keys(EXPECTED).length);
  for (const drill of report.drills) {
    const expected = EXPECTED[path.basename(drill.forward)];
    assert.ok(expected, drill.forward);
    assert.equal(drill.verdict, expected.verdict, `${drill.forward}: ${drill.reasons.join(' ')} ${JSON.stringify(drill.reverseDiff)}`);
    if (expected.extraLine) {
      assert.ok(
        drill.reverseDiff!.extra.some((line) => expected.extraLine!.test(line)),
        `${drill.forward}: ${JSON.stringify(drill.reverseDiff)}`,
      );
      assert.match(drill.reasons.join(' '), /After the reverse, the schema differs from before the forward/);
    } else {
      assert.deepEqual(drill.reverseDiff, { missing: [], extra: [] });
      assert.deepEqual(drill.forwardAgainDiff, { missing: [], extra: [] });
    }
  }
  assert.deepEqual(report.summary, { pairs: 6, passed: 2, accepted: 0, failed: 4 });
}

function checkLocks(report: DrillJson): void {
  const good = report.drills.find((drill) => drill.forward.endsWith('2_good.up.sql'))!;
  // ADD COLUMN and ADD CONSTRAINT take ACCESS EXCLUSIVE, CREATE INDEX SHARE: pg_locks shows the strongest.
  assert.deepEqual(
    good.locks!.find((lock) => lock.relation === 'events'),
    { relation: 'events', observed: 'ACCESS EXCLUSIVE', predicted: 'ACCESS EXCLUSIVE', agrees: true },
  );
  assert.ok(good.locks!.some((lock) => lock.relation === 'events_region_idx' && lock.createdByForward));
  for (const drill of report.drills) {
    for (const lock of drill.locks ?? []) assert.ok(lock.agrees, `${drill.forward}: ${JSON.stringify(lock)}`);
  }
}

test('PGlite: the correct pairs pass, each forgetful reverse fails naming what it left behind', () => {
  const root = workspace(DRILL_PROJECT);
  const result = runCli(['drill', '--format', 'json', 'migrations'], { cwd: root, env: CACHE });
  assert.equal(result.status, 1, result.stderr);
  const report = JSON.parse(result.stdout) as DrillJson;
  checkVerdicts(report);
  checkLocks(report);
  assert.match(report.drills[0]!.database, /^PGlite \(PostgreSQL 18\.\d+\)$/);
  // The pairs run in history order on one database: later pairs reuse the history the earlier ones applied.
  assert.match(report.drills[1]!.steps[0]!.detail, /applied by the previous drill/);
});

test('PGlite: a passing pair exits 0, and the Markdown report says what ran', () => {
  const root = workspace(DRILL_PROJECT);
  const result = runCli(['drill', 'migrations/2_good.up.sql'], { cwd: root, env: CACHE });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /^# Rollback drill: 1 of 1 pair passed$/m);
  assert.match(result.stdout, /^## Drill: migrations\/2_good\.up\.sql ↔ migrations\/2_good\.down\.sql: PASS$/m);
  assert.match(
    result.stdout,
    /^\| history \| ok \| \d+ ms \| 1 earlier migration part, (applied \(and kept in the cache of applied histories\)|restored from the cache of applied histories) \|$/m,
  );
  assert.match(result.stdout, /^\| events \| ACCESS EXCLUSIVE \| ACCESS EXCLUSIVE \| agrees \|$/m);
});

test('a reverse file drills its pair; a missing path and a bad format are plain messages', () => {
  const root = workspace(DRILL_PROJECT);
  const reverse = runCli(['drill', '--format', 'json', 'migrations/2_good.down.sql'], { cwd: root, env: CACHE });
  assert.equal(reverse.status, 0, reverse.stderr);
  assert.match((JSON.parse(reverse.stdout) as DrillJson).drills[0]!.forward, /2_good\.up\.sql$/);
  assert.equal(runCli(['drill', 'nope'], { cwd: root }).status, 2);
  const format = runCli(['drill', '--format', 'xml', 'migrations'], { cwd: root });
  assert.equal(format.status, 2);
  assert.match(format.stderr, /--format must be md or json/);
});

describe('on a real PostgreSQL server', () => {
  let server: RealPostgres | undefined;
  let skip: string | undefined;
  before(async () => {
    const started = await startRealPostgres();
    server = started.server;
    skip = started.skip;
    if (skip) console.log(`# skipping the real-server drill: ${skip}`);
  });
  after(() => server?.stop());

  test('same verdicts in a scratch database, which is dropped; the URL database is untouched', async (t) => {
    if (!server) return t.skip(skip);
    const root = workspace(DRILL_PROJECT);
    const result = runCli(['drill', '--format', 'json', '--database-url', await server.drillerUrl(), 'migrations'], { cwd: root });
    assert.equal(result.status, 1, result.stderr);
    const report = JSON.parse(result.stdout) as DrillJson;
    checkVerdicts(report);
    checkLocks(report);
    assert.match(
      report.drills[0]!.database,
      /^postgresql:\/\/fearless_driller@localhost:\d+\/postgres \(PostgreSQL \d+\.\d+.*, scratch database fearless_drill_[0-9a-f]{12}\)$/,
    );
    const client = await server.connect();
    try {
      const left = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE 'fearless_drill_%'`);
      assert.deepEqual(left.rows, []);
      const events = await client.query(`SELECT to_regclass('events') AS events`);
      assert.equal(events.rows[0].events, null);
    } finally {
      await client.end();
    }
  });

  test('fearless.config.json can name the variable holding the drill server URL; unset, PGlite is used and it is said', async (t) => {
    if (!server) return t.skip(skip);
    const root = workspace({ ...DRILL_PROJECT, 'fearless.config.json': '{"drillDatabaseUrlEnv": "STAGING_DRILL_URL"}' });
    const configured = runCli(['drill', '--format', 'json', 'migrations/2_good.up.sql'], { cwd: root, env: { STAGING_DRILL_URL: await server.drillerUrl() } });
    assert.equal(configured.status, 0, configured.stderr);
    assert.match((JSON.parse(configured.stdout) as DrillJson).drills[0]!.database, /scratch database fearless_drill_/);
    const unset = runCli(['drill', '--format', 'json', 'migrations/2_good.up.sql'], { cwd: root, env: { ...CACHE, STAGING_DRILL_URL: '' } });
    assert.equal(unset.status, 0, unset.stderr);
    assert.match(unset.stderr, /drillDatabaseUrlEnv names STAGING_DRILL_URL, which is not set in this environment; drilling on PGlite instead/);
    assert.match((JSON.parse(unset.stdout) as DrillJson).drills[0]!.database, /^PGlite/);
  });

  test('the URL can come from an environment variable; an unreachable server is a plain message', async (t) => {
    if (!server) return t.skip(skip);
    const root = workspace(DRILL_PROJECT);
    const ok = runCli(['drill', '--database-url-env', 'DRILL_URL', 'migrations/2_good.up.sql'], { cwd: root, env: { DRILL_URL: await server.drillerUrl() } });
    assert.equal(ok.status, 0, ok.stderr);
    const unreachable = runCli(['drill', '--database-url', 'postgresql://drill:s3cret-pw@127.0.0.1:1/app', 'migrations/2_good.up.sql'], { cwd: root });
    assert.equal(unreachable.status, 2);
    assert.match(unreachable.stderr, /^fearless: could not connect on postgresql:\/\/drill@127\.0\.0\.1:1\/app: /m);
    assert.doesNotMatch(unreachable.stderr, /internal error/);
    assert.doesNotMatch(unreachable.stdout + unreachable.stderr, /s3cret-pw/);
  });
});

test('PGlite: every bundled example pair passes; the validated constraint is a note, not a failure', () => {
  const result = runCli(['drill', '--format', 'json', path.join(REPO_ROOT, 'examples', 'migrations')], { env: CACHE });
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout) as DrillJson;
  assert.deepEqual(report.summary, { pairs: 5, passed: 5, accepted: 0, failed: 0 });
  const validate = report.drills.find((drill) => drill.forward.endsWith('0004_validate_region.up.sql'))!;
  assert.deepEqual(validate.notes, [
    'Constraint events events_region_not_null CHECK ((region IS NOT NULL)) stays validated after the reverse (PostgreSQL cannot un-validate a constraint).',
  ]);
  // A single CREATE INDEX CONCURRENTLY in a golang-migrate file runs outside a transaction block, as the tool runs it.
  const concurrent = report.drills.find((drill) => drill.forward.endsWith('0005_index_region_concurrently.up.sql'))!;
  assert.equal(concurrent.steps[1]!.detail, 'applied statement by statement (outside a transaction: locks not observed)');
});

test('PGlite: a query of the previous release that breaks after a column rename is reported, and fails the drill', () => {
  const root = workspace({
    'migrations/1_create.up.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, note text);\n',
    'migrations/1_create.down.sql': 'DROP TABLE events;\n',
    'migrations/2_rename.up.sql': 'ALTER TABLE events RENAME COLUMN note TO body;\n',
    'migrations/2_rename.down.sql': 'ALTER TABLE events RENAME COLUMN body TO note;\n',
    'old.sql': 'SELECT id, note FROM events WHERE id = 1;\nINSERT INTO events (id, note) VALUES (2, $$x$$);\n',
    'new.sql': 'SELECT id, body FROM events;\n',
  });
  const result = runCli(['drill', '--format', 'json', '--old-queries', 'old.sql', '--new-queries', 'new.sql', 'migrations/2_rename.up.sql'], {
    cwd: root,
    env: CACHE,
  });
  assert.equal(result.status, 1, result.stderr);
  const [drill] = (JSON.parse(result.stdout) as DrillJson).drills as (DrillJson['drills'][number] & {
    queries: { code: string; after: string; query: string; ok: boolean; error?: string }[];
  })[];
  assert.deepEqual(drill!.reverseDiff, { missing: [], extra: [] });
  const outcome = drill!.queries.map((query) => `${query.code} after ${query.after}: ${query.ok ? 'ok' : query.error}`);
  assert.deepEqual(outcome, [
    'new after forward: ok',
    'old after forward: column "note" does not exist (SQLSTATE 42703)',
    'old after forward: column "note" of relation "events" does not exist (SQLSTATE 42703)',
    'old after reverse: ok',
    'old after reverse: ok',
  ]);
  assert.match(
    drill!.reasons.join('\n'),
    /A query of the old code fails after the forward \(requests of the release still running would break during the deploy\): SELECT id, note FROM events/,
  );
});

test('PGlite: an applied history is kept by content hash and restored on the next drill; a changed history is applied anew', () => {
  const cache = { FEARLESS_CACHE_DIR: workspace({}) };
  // What an older PGlite or data directory layout left: never opened again, so removed.
  fs.mkdirSync(path.join(cache.FEARLESS_CACHE_DIR, 'pglite-0.0.1-datadir'));
  fs.mkdirSync(path.join(cache.FEARLESS_CACHE_DIR, 'pglite-0.0.1-state-0123abcd'));
  const root = workspace(DRILL_PROJECT);
  const historyDetail = (): string =>
    (JSON.parse(runCli(['drill', '--format', 'json', 'migrations/2_good.up.sql'], { cwd: root, env: cache }).stdout) as DrillJson).drills[0]!.steps[0]!.detail;
  assert.equal(historyDetail(), '1 earlier migration part, applied (and kept in the cache of applied histories)');
  assert.equal(historyDetail(), '1 earlier migration part, restored from the cache of applied histories');
  const kept = fs.readdirSync(cache.FEARLESS_CACHE_DIR).sort();
  assert.ok(!kept.some((name) => name.startsWith('pglite-0.0.1-')), kept.join(', '));
  assert.ok(kept.includes('folded-schemas'), `the fold of the history is kept too: ${kept.join(', ')}`);
  fs.appendFileSync(path.join(root, 'migrations/1_create.up.sql'), 'CREATE TABLE extra (id int);\n');
  fs.appendFileSync(path.join(root, 'migrations/1_create.down.sql'), 'DROP TABLE extra;\n');
  assert.equal(historyDetail(), '1 earlier migration part, applied (and kept in the cache of applied histories)');
});

test('--since GITREF drills and reviews only the pairs changed since that ref', (t) => {
  const gitVersion = spawnSync('git', ['--version'], { encoding: 'utf8' });
  if (gitVersion.status !== 0) return t.skip('git is not installed');
  const root = workspace({
    'migrations/1_create.up.sql': DRILL_PROJECT['migrations/1_create.up.sql']!,
    'migrations/1_create.down.sql': DRILL_PROJECT['migrations/1_create.down.sql']!,
  });
  const git = (...args: string[]): void => {
    const result = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  };
  git('init', '-q');
  git('add', '.');
  git('commit', '-q', '-m', 'history');
  const unchanged = runCli(['drill', '--since', 'HEAD', 'migrations'], { cwd: root, env: CACHE });
  assert.equal(unchanged.status, 0, unchanged.stderr);
  assert.match(unchanged.stderr, /no migration changed since HEAD: nothing to drill/);
  fs.writeFileSync(path.join(root, 'migrations/2_good.up.sql'), DRILL_PROJECT['migrations/2_good.up.sql']!);
  fs.writeFileSync(path.join(root, 'migrations/2_good.down.sql'), DRILL_PROJECT['migrations/2_good.down.sql']!);
  const drilled = runCli(['drill', '--format', 'json', '--since', 'HEAD', 'migrations'], { cwd: root, env: CACHE });
  assert.equal(drilled.status, 0, drilled.stderr);
  assert.deepEqual(
    (JSON.parse(drilled.stdout) as DrillJson).drills.map((drill) => path.basename(drill.forward)),
    ['2_good.up.sql'],
  );
  const reviewed = runCli(['check', '--no-drill', '--format', 'json', '--since', 'HEAD', 'migrations'], { cwd: root });
  assert.deepEqual(
    (JSON.parse(reviewed.stdout) as { reviews: { forward: string }[] }).reviews.map((review) => path.basename(review.forward)),
    ['2_good.up.sql'],
  );
  const badRef = runCli(['drill', '--since', 'no-such-branch', 'migrations'], { cwd: root, env: CACHE });
  assert.equal(badRef.status, 2);
  assert.match(badRef.stderr, /--since: no commit "no-such-branch" in /);
});

test('PGlite --rows: generated rows (foreign keys, enums, identities, checks) before the forward; a reverse that loses them fails', () => {
  const root = workspace({
    'migrations/1_create.up.sql':
      "CREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE TABLE tenants (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL UNIQUE);\n" +
      'CREATE TABLE events (id bigserial PRIMARY KEY, tenant_id bigint NOT NULL REFERENCES tenants (id), note varchar(20), at timestamptz NOT NULL, feeling mood, payload jsonb, amount numeric(10,2) CHECK (amount >= 0));\n',
    'migrations/1_create.down.sql': 'DROP TABLE events;\nDROP TABLE tenants;\nDROP TYPE mood;\n',
    'migrations/2_not_null.up.sql': 'ALTER TABLE events ALTER COLUMN note SET NOT NULL;\n',
    'migrations/2_not_null.down.sql': 'ALTER TABLE events ALTER COLUMN note DROP NOT NULL;\n',
    'migrations/3_rename.up.sql': 'ALTER TABLE events RENAME COLUMN note TO body;\n',
    'migrations/3_rename.down.sql':
      "ALTER TABLE events DROP COLUMN body;\nALTER TABLE events ADD COLUMN note varchar(20) NOT NULL DEFAULT 'x';\nALTER TABLE events ALTER COLUMN note DROP DEFAULT;\n",
  });
  const result = runCli(['drill', '--format', 'json', '--rows', '7', 'migrations'], { cwd: root, env: CACHE });
  const report = JSON.parse(result.stdout) as DrillJson & { drills: { seed?: { seeded: { table: string; rows: number }[]; skipped: unknown[] } }[] };
  const [, notNull, rename] = report.drills;
  assert.deepEqual(notNull!.seed, {
    seeded: [
      { table: 'public.tenants', rows: 7 },
      { table: 'public.events', rows: 7 },
    ],
    skipped: [],
  });
  assert.equal(notNull!.verdict, 'pass', notNull!.reasons.join(' '));
  // The schema comes back, the data does not: the reverse dropped the column instead of renaming it back.
  assert.deepEqual(rename!.reverseDiff, { missing: [], extra: [] });
  assert.equal(rename!.verdict, 'fail');
  assert.match(
    rename!.reasons.join('\n'),
    /^The reverse did not give back the rows of events: 14 rows before the forward, 14 after the reverse, with different contents\.$/m,
  );
  assert.equal(runCli(['drill', '--rows', 'many', 'migrations'], { cwd: root }).status, 2);
});

test('PGlite: working copies go to FEARLESS_WORK_DIR, are removed after the drill, and copies left by a killed drill are cleaned up', () => {
  const workDirectory = workspace({});
  const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
  const abandoned = path.join(workDirectory, `fearless-drill-${deadPid}-AbCdEf`);
  fs.mkdirSync(abandoned);
  const someoneElses = path.join(workDirectory, `fearless-drill-${process.pid}-XyZ123`);
  fs.mkdirSync(someoneElses);
  const root = workspace(DRILL_PROJECT);
  const result = runCli(['drill', '--format', 'json', 'migrations/2_good.up.sql'], { cwd: root, env: { ...CACHE, FEARLESS_WORK_DIR: workDirectory } });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(
    fs.readdirSync(workDirectory),
    [path.basename(someoneElses)],
    'the dead drill’s copy and this drill’s own are gone; a live process’s copy stays',
  );
});

test('PGlite: an enum value the reverse cannot drop is accepted, and an ADD VALUE that cannot be applied twice fails saying why', () => {
  const root = workspace({
    'migrations/1_create.up.sql': "CREATE TYPE mood AS ENUM ('sad', 'ok');\nCREATE TABLE notes (id int, feeling mood);\n",
    'migrations/1_create.down.sql': 'DROP TABLE notes;\nDROP TYPE mood;\n',
    'migrations/2_happy.up.sql': "ALTER TYPE mood ADD VALUE IF NOT EXISTS 'happy';\n",
    'migrations/2_happy.down.sql': '-- PostgreSQL cannot drop an enum value: it stays.\nSELECT 1;\n',
    'migrations/3_glad.up.sql': "ALTER TYPE mood ADD VALUE 'glad';\n",
    'migrations/3_glad.down.sql': 'SELECT 1;\n',
  });
  const result = runCli(['drill', '--format', 'json', 'migrations/2_happy.up.sql', 'migrations/3_glad.up.sql'], { cwd: root, env: CACHE });
  assert.equal(result.status, 1, result.stderr);
  const report = JSON.parse(result.stdout) as DrillJson & { summary: { accepted: number } };
  const [happy, glad] = report.drills;
  assert.equal(happy!.verdict, 'accepted', happy!.reasons.join(' '));
  assert.deepEqual(happy!.reasons, [
    "Enum value 'happy' of mood stays after the reverse: not reversible in PostgreSQL, accepted. Everything else is restored and the forward applies again.",
  ]);
  assert.deepEqual(happy!.reverseDiff, { missing: [], extra: [] });
  assert.equal(glad!.verdict, 'fail');
  assert.ok(
    glad!.reasons.includes(
      "The reverse leaves enum value 'glad' of mood (PostgreSQL cannot drop one), so the forward fails when applied again: write ADD VALUE IF NOT EXISTS.",
    ),
    glad!.reasons.join(' '),
  );
  assert.deepEqual(report.summary, { pairs: 2, passed: 1, accepted: 1, failed: 1 });
  const markdown = runCli(['drill', 'migrations/2_happy.up.sql'], { cwd: root, env: CACHE });
  assert.equal(markdown.status, 0, markdown.stderr);
  assert.match(markdown.stdout, /^# Rollback drill: 1 of 1 pair passed \(1 accepted with an enum value PostgreSQL cannot drop\)$/m);
  assert.match(markdown.stdout, /: ACCEPTED \(an enum value stays\)$/m);
});
