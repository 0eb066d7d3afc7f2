import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';

const RULE = 'lock-table';
const HISTORY = 'CREATE TABLE events (id bigint);';

test('LOCK TABLE (ACCESS EXCLUSIVE by default) and write-blocking modes are found', async () => {
  const [finding] = await fires(RULE, 'BEGIN;\nLOCK TABLE events;\nCOMMIT;', { history: HISTORY }, 1);
  assert.match(finding!.message, /ACCESS EXCLUSIVE on "events"/);
  await fires(RULE, 'BEGIN;\nLOCK events IN SHARE MODE;\nCOMMIT;', { history: HISTORY });
});

test('modes that let writes through are clean', async () => {
  await clean(RULE, 'BEGIN;\nLOCK TABLE events IN ROW EXCLUSIVE MODE;\nCOMMIT;', { history: HISTORY });
});

test('exemption: a table created earlier in this migration', async () => {
  await clean(RULE, 'CREATE TABLE audit (id bigint);\nLOCK TABLE audit;');
});
