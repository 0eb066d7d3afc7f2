import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, findingsOf, hasRepair } from './lintSql';

const RULE = 'drop-index-without-concurrently';
const HISTORY = 'CREATE TABLE events (id bigint, kind text);\nCREATE INDEX events_kind_idx ON events (kind);';

test('DROP INDEX of an index on an existing table is found, naming the table', async () => {
  const [finding] = await fires(RULE, 'DROP INDEX events_kind_idx;', { history: HISTORY }, 1);
  assert.match(finding!.message, /ACCESS EXCLUSIVE on "events"/);
});

test('an index unknown to the history counts as one on an existing table', async () => {
  await fires(RULE, 'DROP INDEX IF EXISTS mystery_idx;');
});

test('CONCURRENTLY is clean', async () => {
  await clean(RULE, 'DROP INDEX CONCURRENTLY events_kind_idx;', { history: HISTORY });
});

test('exemptions: an index on a table created earlier in this migration, or created earlier in it', async () => {
  await clean(RULE, 'CREATE TABLE audit (id bigint);\nCREATE INDEX audit_id_idx ON audit (id);\nDROP INDEX audit_id_idx;');
  await clean(RULE, 'CREATE INDEX CONCURRENTLY tmp_idx ON events (id);\nDROP INDEX tmp_idx;', { history: HISTORY });
});

test('fix: CONCURRENTLY after INDEX; none for several indexes or CASCADE (CONCURRENTLY allows neither)', async () => {
  const sql = 'DROP INDEX IF EXISTS events_kind_idx;';
  const fixed = await applyRepair(sql, (await findingsOf(RULE, sql, { history: HISTORY }))[0]!);
  assert.equal(fixed, 'DROP INDEX CONCURRENTLY IF EXISTS events_kind_idx;');
  await clean(RULE, fixed, { history: HISTORY });
  assert.equal(hasRepair((await findingsOf(RULE, 'DROP INDEX events_kind_idx CASCADE;', { history: HISTORY }))[0]), false);
  assert.equal(hasRepair((await findingsOf(RULE, 'DROP INDEX a_idx, b_idx;', { history: HISTORY }))[0]), false);
});
