import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'prefer-bigint-for-ids';

test('integer, smallint and serial keys are found on the type', async () => {
  const sql = 'CREATE TABLE t (id int PRIMARY KEY);\nCREATE TABLE u (id smallint GENERATED ALWAYS AS IDENTITY);\nCREATE TABLE v (id serial, PRIMARY KEY (id));';
  const findings = await fires(RULE, sql, {}, 3);
  assert.deepEqual(
    findings.map((finding) => underlined(sql, finding)),
    ['int', 'smallint', 'serial'],
  );
  assert.deepEqual(
    findings.map((finding) => finding.message),
    [
      'Key column "t"."id" is integer, which runs out at 2,147,483,647',
      'Key column "u"."id" is smallint, which runs out at 32,767',
      'Key column "v"."id" is serial, which runs out at 2,147,483,647',
    ],
  );
  assert.equal(
    findings[2]!.advice,
    'Use bigserial now: once the key runs out every insert fails, and widening it later rewrites the table under ACCESS EXCLUSIVE.',
  );
  for (const finding of findings) assert.equal(messageProblem(finding.message), undefined, finding.message);
});

test('an int column that is not a key is clean; so is a bigint key', async () => {
  await clean(RULE, 'CREATE TABLE t (id int, quantity integer);\nCREATE TABLE u (id bigint PRIMARY KEY);');
});

test('fix: integer → bigint, serial → bigserial', async () => {
  const sql = 'CREATE TABLE t (id integer PRIMARY KEY);';
  const fixed = await applyRepair(sql, (await fires(RULE, sql))[0]!);
  assert.equal(fixed, 'CREATE TABLE t (id bigint PRIMARY KEY);');
  await clean(RULE, fixed);
  const serial = 'CREATE TABLE t (id serial PRIMARY KEY);';
  assert.equal(await applyRepair(serial, (await fires(RULE, serial))[0]!), 'CREATE TABLE t (id bigserial PRIMARY KEY);');
});
