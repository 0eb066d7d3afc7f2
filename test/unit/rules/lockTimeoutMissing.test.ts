import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires } from './lintSql';

const RULE = 'lock-timeout-missing';
const HISTORY = 'CREATE TABLE events (id bigint);';

test('the first write-blocking lock on an existing table without lock_timeout is found once', async () => {
  const [finding] = await fires(RULE, 'ALTER TABLE events ADD COLUMN a text;\nALTER TABLE events ADD COLUMN b text;', { history: HISTORY }, 1);
  assert.match(finding!.message, /ACCESS EXCLUSIVE on "events".*1 more statement/);
});

test('SET lock_timeout before it is clean; RESET turns the protection off again', async () => {
  await clean(RULE, "SET lock_timeout = '5s';\nALTER TABLE events ADD COLUMN a text;", { history: HISTORY });
  await fires(RULE, "SET lock_timeout = '5s';\nRESET lock_timeout;\nALTER TABLE events ADD COLUMN a text;", { history: HISTORY });
});

test('exemption: a table created earlier in this migration', async () => {
  await clean(RULE, 'CREATE TABLE audit (id bigint);\nALTER TABLE audit ADD COLUMN a text;');
});

test("fix: SET lock_timeout = '5s' before the statement", async () => {
  const sql = 'ALTER TABLE events ADD COLUMN a text;';
  const fixed = await applyRepair(sql, (await fires(RULE, sql, { history: HISTORY }))[0]!);
  assert.equal(fixed, "SET lock_timeout = '5s';\nALTER TABLE events ADD COLUMN a text;");
  await clean(RULE, fixed, { history: HISTORY });
});
