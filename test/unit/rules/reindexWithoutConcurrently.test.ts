import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, findingsOf } from './lintSql';

const RULE = 'reindex-without-concurrently';
const HISTORY = 'CREATE TABLE events (id bigint, kind text);\nCREATE INDEX events_kind_idx ON events (kind);';

test('REINDEX INDEX and REINDEX TABLE are found', async () => {
  const [finding] = await fires(RULE, 'REINDEX INDEX events_kind_idx;', { history: HISTORY }, 1);
  assert.match(finding!.message, /"events"/);
  await fires(RULE, 'REINDEX (VERBOSE) TABLE events;', { history: HISTORY });
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
