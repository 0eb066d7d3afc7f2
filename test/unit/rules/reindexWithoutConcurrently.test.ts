import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, findingsOf, repaired } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'reindex-without-concurrently';
const HISTORY = 'CREATE TABLE events (id bigint, kind text);\nCREATE INDEX events_kind_idx ON events (kind);';

test('REINDEX INDEX and REINDEX TABLE are found', async () => {
  const [finding] = await fires(RULE, 'REINDEX INDEX events_kind_idx;', { history: HISTORY }, 1);
  assert.equal(finding!.message, 'REINDEX INDEX "events_kind_idx" blocks writes on "events" and reads that use the index');
  assert.equal(finding!.advice, 'Use REINDEX INDEX CONCURRENTLY (PostgreSQL 12+, outside a transaction block).');
  const [table] = await fires(RULE, 'REINDEX (VERBOSE) TABLE events;', { history: HISTORY });
  assert.equal(table!.message, 'REINDEX TABLE "events" blocks writes on "events" and reads that use its indexes');
  assert.equal(table!.advice, 'Use REINDEX TABLE CONCURRENTLY (PostgreSQL 12+, outside a transaction block).');
  const [schema] = await fires(RULE, 'REINDEX SCHEMA app;', { history: HISTORY });
  assert.equal(schema!.message, 'REINDEX SCHEMA "app" blocks writes on its tables and reads that use its indexes');
  for (const each of [finding, table, schema]) assert.equal(messageProblem(each!.message), undefined);
});

test('CONCURRENTLY is clean; REINDEX SYSTEM has no concurrent form and is not flagged', async () => {
  await clean(RULE, 'REINDEX TABLE CONCURRENTLY events;', { history: HISTORY });
  await clean(RULE, 'REINDEX SYSTEM app;', { history: HISTORY });
});

test('PostgreSQL 11 has no REINDEX CONCURRENTLY: clean there', async () => {
  await clean(RULE, 'REINDEX INDEX events_kind_idx;', { history: HISTORY, pgVersion: 11 });
});

test('exemptions: a table created earlier in this migration, an index built earlier in it', async () => {
  await clean(RULE, 'CREATE TABLE audit (id bigint);\nREINDEX TABLE audit;');
  await clean(RULE, 'CREATE INDEX CONCURRENTLY tmp_idx ON events (id);\nREINDEX INDEX tmp_idx;', { history: HISTORY });
});

test('fix: CONCURRENTLY after the target keyword, also with an option list', async () => {
  const sql = 'REINDEX (VERBOSE) TABLE events;';
  const fixed = await applyRepair(sql, (await findingsOf(RULE, sql, { history: HISTORY }))[0]!);
  assert.equal(fixed, 'REINDEX (VERBOSE) TABLE CONCURRENTLY events;');
  await clean(RULE, fixed, { history: HISTORY });
});

test('an option is read by its value: (CONCURRENTLY false) rebuilds under the blocking locks, and the fix turns it on', async () => {
  const history = 'CREATE TABLE events (id int);\nCREATE INDEX events_id_idx ON events (id);';
  await fires('reindex-without-concurrently', 'REINDEX (CONCURRENTLY false) INDEX events_id_idx;', { history, runs: 'none' }, 1);
  await clean('reindex-without-concurrently', 'REINDEX (CONCURRENTLY true) INDEX events_id_idx;', { history, runs: 'none' });
  await clean('reindex-without-concurrently', 'REINDEX (CONCURRENTLY) INDEX events_id_idx;', { history, runs: 'none' });
  assert.equal(
    await repaired('reindex-without-concurrently', 'REINDEX (CONCURRENTLY off, VERBOSE) INDEX events_id_idx;', { history, runs: 'none' }),
    'REINDEX (CONCURRENTLY true, VERBOSE) INDEX events_id_idx;',
  );
  // Inside a transaction, only an option that is on is refused.
  await clean('cannot-run-in-transaction', 'BEGIN;\nREINDEX (CONCURRENTLY false) INDEX events_id_idx;\nCOMMIT;', { history });
  await fires('cannot-run-in-transaction', 'BEGIN;\nREINDEX (CONCURRENTLY 1) INDEX events_id_idx;\nCOMMIT;', { history }, 1);
  await clean('vacuum-full-or-cluster', 'VACUUM (FULL false) events;', { history, runs: 'none' });
});
