import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, findingsOf, hasRepair } from './lintSql';

const RULE = 'alter-domain-add-constraint';

test('ADD CONSTRAINT and SET NOT NULL on a domain are found', async () => {
  const [finding] = await fires(RULE, "ALTER DOMAIN email ADD CHECK (VALUE LIKE '%@%');", {}, 1);
  assert.match(finding!.message, /every column of every table that uses email/);
  const [notNull] = await fires(RULE, 'ALTER DOMAIN email SET NOT NULL;');
  assert.equal(hasRepair(notNull), false);
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
