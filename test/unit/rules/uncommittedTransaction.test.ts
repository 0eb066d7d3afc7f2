import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';

const RULE = 'uncommitted-transaction';

test('a BEGIN never committed is found on the BEGIN', async () => {
  const sql = 'SELECT 1;\nSTART TRANSACTION;\nSELECT 2;';
  const [finding] = await fires(RULE, sql, {}, 1);
  assert.equal(sql.slice(finding!.start, finding!.end), 'START TRANSACTION');
});

test('COMMIT or ROLLBACK closes it', async () => {
  await clean(RULE, 'BEGIN;\nSELECT 1;\nCOMMIT;');
  await clean(RULE, 'BEGIN;\nSELECT 1;\nROLLBACK;');
  await clean(RULE, 'SELECT 1;');
});
