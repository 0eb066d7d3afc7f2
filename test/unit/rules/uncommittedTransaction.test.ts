import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'uncommitted-transaction';

test('a BEGIN never committed is found on the BEGIN', async () => {
  const sql = 'SELECT 1;\nSTART TRANSACTION;\nSELECT 2;';
  const [finding] = await fires(RULE, sql, {}, 1);
  assert.equal(sql.slice(finding!.start, finding!.end), 'START TRANSACTION');
  assert.equal(finding!.message, 'This BEGIN is never committed in this migration');
  assert.equal(finding!.advice, 'Add COMMIT at the end of its statements, or the work is rolled back (or left holding its locks) when the tool moves on.');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('COMMIT or ROLLBACK closes it', async () => {
  await clean(RULE, 'BEGIN;\nSELECT 1;\nCOMMIT;');
  await clean(RULE, 'BEGIN;\nSELECT 1;\nROLLBACK;');
  await clean(RULE, 'SELECT 1;');
});

test("a trailing BEGIN after COMMIT in a part the tool wraps is closed by the tool's own COMMIT", async () => {
  const sql = 'COMMIT;\nCREATE INDEX CONCURRENTLY events_id_idx ON events (id);\nBEGIN;';
  await clean('uncommitted-transaction', sql, { history: 'CREATE TABLE events (id int);', runs: 'wrapped' });
  await clean('uncommitted-transaction', sql, { history: 'CREATE TABLE events (id int);', runs: 'none', transactionMode: 'always' });
  await fires('uncommitted-transaction', sql, { history: 'CREATE TABLE events (id int);', runs: 'wrapped', transactionMode: 'never' }, 1);
  await fires('uncommitted-transaction', sql, { history: 'CREATE TABLE events (id int);', runs: 'none' }, 1);
});
