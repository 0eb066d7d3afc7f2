import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires, repaired, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'trigger-left-disabled';
const HISTORY = 'CREATE TABLE orders (id bigint PRIMARY KEY, total numeric);';

test('a trigger disabled and never enabled again is found at the DISABLE', async () => {
  const sql = 'ALTER TABLE orders DISABLE TRIGGER orders_audit;\nUPDATE orders SET total = 0 WHERE total IS NULL;';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'DISABLE TRIGGER orders_audit');
  assert.equal(finding!.message, 'Trigger "orders_audit" on "orders" stays disabled after this migration');
  assert.equal(
    finding!.advice,
    'Enable it again (ALTER TABLE orders ENABLE TRIGGER orders_audit;) after the work it was disabled for, before the migration ends.',
  );
  const all = await fires(RULE, 'ALTER TABLE orders DISABLE TRIGGER USER;', { history: HISTORY }, 1);
  assert.equal(all[0]!.message, 'Triggers (USER) on "orders" stay disabled after this migration');
  assert.equal(all[0]!.advice, 'Enable them again (ALTER TABLE orders ENABLE TRIGGER USER;) after the work they were disabled for, before the migration ends.');
  for (const found of [finding!, all[0]!]) assert.equal(messageProblem(found.message), undefined, found.message);
});

test('the fix enables it again at the end of the migration', async () => {
  const fixed = await repaired(RULE, 'ALTER TABLE orders DISABLE TRIGGER orders_audit;\nUPDATE orders SET total = 0 WHERE total IS NULL;', {
    history: HISTORY,
  });
  assert.equal(
    fixed,
    'ALTER TABLE orders DISABLE TRIGGER orders_audit;\nUPDATE orders SET total = 0 WHERE total IS NULL;\nALTER TABLE orders ENABLE TRIGGER orders_audit;',
  );
  await clean(RULE, fixed, { history: HISTORY });
});

test('enabled again later (by name, USER or ALL, or ALWAYS/REPLICA), or in a reverse part: clean', async () => {
  await clean(RULE, 'ALTER TABLE orders DISABLE TRIGGER orders_audit;\nALTER TABLE orders ENABLE ALWAYS TRIGGER orders_audit;', { history: HISTORY });
  await clean(RULE, 'ALTER TABLE orders DISABLE TRIGGER orders_audit;\nALTER TABLE orders ENABLE TRIGGER USER;', { history: HISTORY });
  await clean(RULE, 'ALTER TABLE orders DISABLE TRIGGER ALL;\nALTER TABLE orders ENABLE TRIGGER ALL;', { history: HISTORY });
  await clean(RULE, 'ALTER TABLE orders DISABLE TRIGGER orders_audit;', { history: HISTORY, role: 'reverse' });
  // ENABLE TRIGGER USER does not bring back the system (foreign-key) triggers that ALL disabled.
  await fires(RULE, 'ALTER TABLE orders DISABLE TRIGGER ALL;\nALTER TABLE orders ENABLE TRIGGER USER;', { history: HISTORY }, 1);
});
