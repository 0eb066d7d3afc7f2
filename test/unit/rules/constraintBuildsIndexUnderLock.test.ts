import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, findingsOf, hasRepair, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'constraint-builds-index-under-lock';
const HISTORY = 'CREATE TABLE events (id bigint NOT NULL, external_id text);';

test('ADD UNIQUE and ADD PRIMARY KEY without USING INDEX are found', async () => {
  const sql = 'ALTER TABLE events ADD CONSTRAINT events_external_key UNIQUE (external_id);';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'ADD CONSTRAINT events_external_key UNIQUE (external_id)');
  assert.equal(finding!.message, 'ADD UNIQUE blocks reads and writes on "events" (ACCESS EXCLUSIVE lock, full scan)');
  assert.equal(finding!.advice, 'Build the index with CREATE UNIQUE INDEX CONCURRENTLY in a migration of its own, then ADD CONSTRAINT ... UNIQUE USING INDEX.');
  const [primary] = await fires(RULE, 'ALTER TABLE events ADD PRIMARY KEY (id);', { history: HISTORY });
  assert.equal(primary!.message, 'ADD PRIMARY KEY blocks reads and writes on "events" (ACCESS EXCLUSIVE lock, full scan)');
  assert.equal(
    primary!.advice,
    'Build the index with CREATE UNIQUE INDEX CONCURRENTLY in a migration of its own, then ADD CONSTRAINT ... PRIMARY KEY USING INDEX. ' +
      'The key columns must already be NOT NULL, or attaching the key scans the table.',
  );
  for (const each of [finding, primary]) assert.equal(messageProblem(each!.message), undefined);
});

test('ADD COLUMN ... PRIMARY KEY (a serial key added to a big table) is found, and says it rewrites the table', async () => {
  const [finding] = await fires(RULE, 'ALTER TABLE events ADD COLUMN pk bigserial PRIMARY KEY;', { history: HISTORY });
  assert.equal(finding!.message, 'ADD PRIMARY KEY blocks reads and writes on "events" (ACCESS EXCLUSIVE lock, rewrites the table)');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('USING INDEX is clean', async () => {
  await clean(RULE, 'ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY USING INDEX events_id_idx;', { history: HISTORY });
});

test('exemption: a table created earlier in the same migration', async () => {
  await clean(RULE, 'CREATE TABLE audit (id bigint);\nALTER TABLE audit ADD PRIMARY KEY (id);');
});

test('in a transactional file of no tool fearless writes migrations for: no fix (none that would fail in the transaction)', async () => {
  const sql = 'ALTER TABLE events ADD PRIMARY KEY (id);';
  const [finding] = await findingsOf(RULE, sql, { history: HISTORY });
  // Where the tool's layout is known, the fix writes the next migration: test/cli/fixesInOwnMigration.test.ts.
  assert.deepEqual(
    (finding!.fixes ?? []).filter((fix) => fix.suppression !== true),
    [],
  );
  assert.match(finding!.advice!, /CREATE UNIQUE INDEX CONCURRENTLY in a migration of its own/);
});

test('fix where statements run one by one: both steps as SQL', async () => {
  const sql = 'SELECT 1;\nALTER TABLE events ADD UNIQUE (external_id);';
  const fixed = await applyRepair(sql, (await findingsOf(RULE, sql, { history: HISTORY, runs: 'none' }))[0]!);
  assert.equal(
    fixed,
    'SELECT 1;\nCREATE UNIQUE INDEX CONCURRENTLY events_external_id_key ON events (external_id);\n' +
      'ALTER TABLE events ADD CONSTRAINT events_external_id_key UNIQUE USING INDEX events_external_id_key;',
  );
  await clean(RULE, fixed, { history: HISTORY, runs: 'none' });
  await clean('cannot-run-in-transaction', fixed, { history: HISTORY, runs: 'none' });
});

test('no fix when the constraint has options the index form would lose (INCLUDE)', async () => {
  const [finding] = await findingsOf(RULE, 'ALTER TABLE events ADD UNIQUE (external_id) INCLUDE (id);', { history: HISTORY });
  assert.equal(hasRepair(finding), false);
});
