import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, findingsOf, hasRepair } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'alter-domain-add-constraint';

test('ADD CONSTRAINT and SET NOT NULL on a domain are found', async () => {
  const [finding] = await fires(RULE, "ALTER DOMAIN email ADD CHECK (VALUE LIKE '%@%');", {}, 1);
  assert.equal(finding!.message, 'ALTER DOMAIN "email" ADD CONSTRAINT scans and locks every table that uses it');
  assert.equal(finding!.advice, 'Add it NOT VALID so only new values are checked, and VALIDATE it when the tables are quiet.');
  const [notNull] = await fires(RULE, 'ALTER DOMAIN email SET NOT NULL;');
  assert.equal(notNull!.message, 'ALTER DOMAIN "email" SET NOT NULL scans and locks every table that uses it');
  assert.equal(notNull!.advice, 'Constrain the tables directly instead.');
  assert.equal(hasRepair(notNull), false);
  for (const each of [finding, notNull]) assert.equal(messageProblem(each!.message), undefined);
});

test('NOT VALID, and other ALTER DOMAIN forms, are clean', async () => {
  await clean(RULE, "ALTER DOMAIN email ADD CONSTRAINT has_at CHECK (VALUE LIKE '%@%') NOT VALID;");
  await clean(RULE, 'ALTER DOMAIN email DROP NOT NULL;');
});

test('exemption: a domain created earlier in the same migration is used by no table yet', async () => {
  await clean(RULE, "CREATE DOMAIN email AS text;\nALTER DOMAIN email ADD CHECK (VALUE LIKE '%@%');");
});

test('fix: NOT VALID', async () => {
  const sql = "ALTER DOMAIN email ADD CONSTRAINT has_at CHECK (VALUE LIKE '%@%');";
  const fixed = await applyRepair(sql, (await findingsOf(RULE, sql))[0]!);
  assert.equal(fixed, "ALTER DOMAIN email ADD CONSTRAINT has_at CHECK (VALUE LIKE '%@%') NOT VALID;");
  await clean(RULE, fixed);
});
