import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'prefer-jsonb-over-json';

test('json columns are found on the type, in CREATE TABLE and ADD COLUMN', async () => {
  const sql = 'CREATE TABLE t (payload json NOT NULL);';
  const [finding] = await fires(RULE, sql, {}, 1);
  assert.equal(underlined(sql, finding!), 'json');
  assert.equal(finding!.message, 'Column "t"."payload" is json, which has no equality operator and no GIN index');
  assert.equal(finding!.advice, 'Use jsonb (DISTINCT, GROUP BY and UNION fail on json), unless the exact text must be kept.');
  assert.equal(messageProblem(finding!.message), undefined);
  await fires(RULE, 'ALTER TABLE t ADD COLUMN meta json;', { history: 'CREATE TABLE t (id bigint);' });
});

test('jsonb, and a json type from another schema, are clean', async () => {
  await clean(RULE, 'CREATE TABLE t (payload jsonb, other myschema.json);');
});

test('fix: jsonb', async () => {
  const sql = 'CREATE TABLE t (payload json[]);';
  const fixed = await applyRepair(sql, (await fires(RULE, sql))[0]!);
  assert.equal(fixed, 'CREATE TABLE t (payload jsonb[]);');
  await clean(RULE, fixed);
});
