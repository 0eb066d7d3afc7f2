import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, findingsOf, hasRepair } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'drop-index-without-concurrently';
const HISTORY = 'CREATE TABLE events (id bigint, kind text);\nCREATE INDEX events_kind_idx ON events (kind);';

test('DROP INDEX of an index on an existing table is found, naming the table', async () => {
  const [finding] = await fires(RULE, 'DROP INDEX events_kind_idx;', { history: HISTORY }, 1);
  assert.equal(finding!.message, 'DROP INDEX "events_kind_idx" blocks reads and writes on "events" (ACCESS EXCLUSIVE lock)');
  assert.equal(finding!.advice, 'Use DROP INDEX CONCURRENTLY (one index per statement, outside a transaction block).');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('several indexes: the first named, the rest counted, so the message stays one line', async () => {
  const history = `${HISTORY}\nCREATE INDEX events_id_idx ON events (id);\nCREATE INDEX events_both_idx ON events (id, kind);`;
  const [finding] = await fires(RULE, 'DROP INDEX events_kind_idx, events_id_idx, events_both_idx;', { history }, 1);
  assert.equal(finding!.message, 'DROP INDEX "events_kind_idx" and 2 more blocks reads and writes on "events" (ACCESS EXCLUSIVE lock)');
  assert.equal(finding!.advice, 'Use DROP INDEX CONCURRENTLY, one statement for each of the 3 indexes, outside a transaction block.');
  assert.equal(messageProblem(finding!.message), undefined);
  const [unknown] = await fires(RULE, 'DROP INDEX a_idx, b_idx, c_idx;', {}, 1);
  assert.equal(unknown!.message, 'DROP INDEX "a_idx" and 2 more blocks reads and writes on their tables (ACCESS EXCLUSIVE lock)');
  assert.equal(messageProblem(unknown!.message), undefined);
});

test('an index unknown to the history counts as one on an existing table', async () => {
  const [finding] = await fires(RULE, 'DROP INDEX IF EXISTS mystery_idx;');
  assert.equal(finding!.message, 'DROP INDEX "mystery_idx" blocks reads and writes on the index\'s table (ACCESS EXCLUSIVE lock)');
  assert.equal(messageProblem(finding!.message), undefined);
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
