import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, findingsOf } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'refresh-matview-without-concurrently';
const HISTORY = 'CREATE MATERIALIZED VIEW totals AS SELECT 1 AS id;';

test('REFRESH without CONCURRENTLY is found', async () => {
  const [finding] = await fires(RULE, 'REFRESH MATERIALIZED VIEW totals;', { history: HISTORY }, 1);
  assert.equal(finding!.message, 'REFRESH MATERIALIZED VIEW blocks reads of "totals" while its query runs (ACCESS EXCLUSIVE lock)');
  assert.equal(finding!.advice, 'Use REFRESH MATERIALIZED VIEW CONCURRENTLY (it needs a unique index on the view).');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('CONCURRENTLY, and WITH NO DATA (which empties it on purpose), are clean', async () => {
  await clean(RULE, 'REFRESH MATERIALIZED VIEW CONCURRENTLY totals;', { history: HISTORY });
  await clean(RULE, 'REFRESH MATERIALIZED VIEW totals WITH NO DATA;', { history: HISTORY });
});

test('exemption: a view created earlier in this migration (CONCURRENTLY needs a populated view anyway)', async () => {
  await clean(RULE, 'CREATE MATERIALIZED VIEW fresh AS SELECT 1 AS id WITH NO DATA;\nREFRESH MATERIALIZED VIEW fresh;');
});

test('fix: CONCURRENTLY after VIEW', async () => {
  const sql = 'REFRESH MATERIALIZED VIEW totals;';
  const fixed = await applyRepair(sql, (await findingsOf(RULE, sql, { history: HISTORY }))[0]!);
  assert.equal(fixed, 'REFRESH MATERIALIZED VIEW CONCURRENTLY totals;');
  await clean(RULE, fixed, { history: HISTORY });
});
