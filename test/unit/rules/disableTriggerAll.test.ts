import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires, repaired, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'disable-trigger-all';
const HISTORY = 'CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint);';

test('DISABLE TRIGGER ALL is found, naming the table and the lock', async () => {
  const sql = "SET lock_timeout = '2s';\nALTER TABLE orders DISABLE TRIGGER ALL;\nCOPY orders FROM STDIN;\nALTER TABLE orders ENABLE TRIGGER ALL;";
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'DISABLE TRIGGER ALL');
  assert.equal(finding!.message, 'DISABLE TRIGGER ALL turns off foreign-key enforcement on "orders" (ACCESS EXCLUSIVE lock)');
  assert.equal(finding!.advice, 'Use DISABLE/ENABLE TRIGGER USER instead, which keeps foreign keys enforced: rows written while ALL is off are never checked.');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('the fix narrows both the DISABLE and the ENABLE that follows to USER', async () => {
  const fixed = await repaired(RULE, 'ALTER TABLE orders DISABLE TRIGGER ALL;\nINSERT INTO orders SELECT 1, 1;\nALTER TABLE orders ENABLE TRIGGER ALL;', {
    history: HISTORY,
  });
  assert.equal(fixed, 'ALTER TABLE orders DISABLE TRIGGER USER;\nINSERT INTO orders SELECT 1, 1;\nALTER TABLE orders ENABLE TRIGGER USER;');
  await clean(RULE, fixed, { history: HISTORY });
  await clean('trigger-left-disabled', fixed, { history: HISTORY });
});

test('USER and a named trigger keep foreign keys enforced: clean', async () => {
  await clean(RULE, 'ALTER TABLE orders DISABLE TRIGGER USER;\nALTER TABLE orders ENABLE TRIGGER USER;', { history: HISTORY });
  await clean(RULE, 'ALTER TABLE orders DISABLE TRIGGER orders_audit;\nALTER TABLE orders ENABLE TRIGGER orders_audit;', { history: HISTORY });
});
