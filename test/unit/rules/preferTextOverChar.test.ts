import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'prefer-text-over-char';

test('char(n) and character(n) are found on the type', async () => {
  const sql = 'CREATE TABLE t (a character(3), b char(2) NOT NULL);';
  const findings = await fires(RULE, sql, {}, 2);
  assert.deepEqual(
    findings.map((finding) => underlined(sql, finding)),
    ['character(3)', 'char(2)'],
  );
  assert.equal(findings[1]!.message, 'Column "t"."b" is char(2), blank-padded and never faster than text');
  assert.equal(findings[1]!.advice, 'Use text, with CHECK (char_length(b) = 2) if the length matters.');
  for (const finding of findings) assert.equal(messageProblem(finding.message), undefined, finding.message);
});

test('text, varchar and the internal "char" type are clean', async () => {
  await clean(RULE, 'CREATE TABLE t (a text, b varchar(3), c "char");');
});

test('ADD COLUMN and ALTER COLUMN TYPE are checked too', async () => {
  await fires(RULE, 'ALTER TABLE t ADD COLUMN code char(2);', { history: 'CREATE TABLE t (id bigint);' });
  await fires(RULE, 'ALTER TABLE t ALTER COLUMN code TYPE char(2);', { history: 'CREATE TABLE t (code text);' });
});

test('fix: text', async () => {
  const sql = 'CREATE TABLE t (code char(2) PRIMARY KEY);';
  const fixed = await applyRepair(sql, (await fires(RULE, sql))[0]!);
  assert.equal(fixed, 'CREATE TABLE t (code text PRIMARY KEY);');
  await clean(RULE, fixed);
});
