import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'lock-table';
const HISTORY = 'CREATE TABLE events (id bigint);';

test('LOCK TABLE (ACCESS EXCLUSIVE by default) and write-blocking modes are found', async () => {
  const [finding] = await fires(RULE, 'BEGIN;\nLOCK TABLE events;\nCOMMIT;', { history: HISTORY }, 1);
  assert.equal(finding!.message, 'LOCK TABLE blocks reads and writes on "events" until commit (ACCESS EXCLUSIVE lock)');
  assert.equal(finding!.advice, 'Take the weakest mode that works, or drop the explicit lock.');
  const [share] = await fires(RULE, 'BEGIN;\nLOCK events IN SHARE MODE;\nCOMMIT;', { history: HISTORY });
  assert.equal(share!.message, 'LOCK TABLE blocks writes on "events" until commit (SHARE lock)');
  for (const each of [finding, share]) assert.equal(messageProblem(each!.message), undefined);
});

test('modes that let writes through are clean', async () => {
  await clean(RULE, 'BEGIN;\nLOCK TABLE events IN ROW EXCLUSIVE MODE;\nCOMMIT;', { history: HISTORY });
});

test('exemption: a table created earlier in this migration', async () => {
  await clean(RULE, 'CREATE TABLE audit (id bigint);\nLOCK TABLE audit;');
});
