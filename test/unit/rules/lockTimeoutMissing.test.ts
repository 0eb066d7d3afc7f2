import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'lock-timeout-missing';
const HISTORY = 'CREATE TABLE events (id bigint);';

test('the first write-blocking lock on an existing table without lock_timeout is found once', async () => {
  const [finding] = await fires(RULE, 'ALTER TABLE events ADD COLUMN a text;\nALTER TABLE events ADD COLUMN b text;', { history: HISTORY }, 1);
  assert.equal(finding!.message, 'This statement takes ACCESS EXCLUSIVE on "events" with no lock_timeout set');
  assert.equal(finding!.advice, "Add SET lock_timeout = '5s'; before it. 1 more statement in this file takes such a lock with no lock_timeout set.");
  assert.equal(messageProblem(finding!.message), undefined);
});

test('the advice counts the other unprotected statements, in the plural, or says nothing more when there are none', async () => {
  const [three] = await fires(
    RULE,
    'ALTER TABLE events ADD COLUMN a text;\nALTER TABLE events ADD COLUMN b text;\nALTER TABLE events ADD COLUMN c text;',
    { history: HISTORY },
    1,
  );
  assert.equal(three!.advice, "Add SET lock_timeout = '5s'; before it. 2 more statements in this file take such a lock with no lock_timeout set.");
  const [one] = await fires(RULE, 'ALTER TABLE events ADD COLUMN a text;', { history: HISTORY }, 1);
  assert.equal(one!.advice, "Add SET lock_timeout = '5s'; before it.");
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
