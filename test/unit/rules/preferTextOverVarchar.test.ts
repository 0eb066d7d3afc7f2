import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, findingsOf, hasRepair, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'prefer-text-over-varchar';

test('varchar(n) and character varying(n) are found on the type', async () => {
  const sql = 'CREATE TABLE users (email character varying(255), name varchar(50)[]);';
  const findings = await fires(RULE, sql, {}, 2);
  assert.deepEqual(
    findings.map((finding) => underlined(sql, finding)),
    ['character varying(255)', 'varchar(50)[]'],
  );
  assert.equal(findings[0]!.message, 'Column "users"."email" is varchar(255), whose limit changes only under ACCESS EXCLUSIVE');
  assert.equal(findings[0]!.advice, 'Use text with CHECK (char_length(email) <= 255), which can be replaced online (a new one NOT VALID, then VALIDATE).');
  for (const finding of findings) assert.equal(messageProblem(finding.message), undefined, finding.message);
});

test('varchar without a limit, and text, are clean', async () => {
  await clean(RULE, 'CREATE TABLE users (email varchar, name text);');
});

test('fix in CREATE TABLE: text with an inline CHECK', async () => {
  const sql = 'CREATE TABLE users (email varchar(255) NOT NULL);';
  const fixed = await applyRepair(sql, (await fires(RULE, sql))[0]!);
  assert.equal(fixed, 'CREATE TABLE users (email text CHECK (char_length(email) <= 255) NOT NULL);');
  await clean(RULE, fixed);
});

test('fix in ADD COLUMN on an existing table: the CHECK is added NOT VALID, so nothing is scanned under the lock', async () => {
  const history = 'CREATE TABLE users (id bigint);';
  const sql = 'ALTER TABLE users ADD COLUMN email varchar(255);';
  const fixed = await applyRepair(sql, (await fires(RULE, sql, { history }))[0]!);
  assert.equal(
    fixed,
    'ALTER TABLE users ADD COLUMN email text;\nALTER TABLE users ADD CONSTRAINT users_email_max_length CHECK (char_length(email) <= 255) NOT VALID;',
  );
  await clean(RULE, fixed, { history });
  await clean('check-constraint-without-not-valid', fixed, { history });
});

test('ALTER COLUMN TYPE varchar(n) is found but has no fix (the type change is its own problem)', async () => {
  const [finding] = await findingsOf(RULE, 'ALTER TABLE users ALTER COLUMN email TYPE varchar(100);', { history: 'CREATE TABLE users (email text);' });
  assert.ok(finding);
  assert.equal(hasRepair(finding), false);
});
