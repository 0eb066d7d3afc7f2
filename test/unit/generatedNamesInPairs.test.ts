/**
 * A correct down of unnamed constraints and indexes, named as PostgreSQL
 * names them (checked against real servers in test/pg/generatedNamesOnPostgres),
 * is neither "unexpected" nor "incomplete"; the reverse draft drops the same names.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeFileText } from '../helpers/lintText';
import { runCli } from '../helpers/runCli';

const HISTORY = {
  'migrations/1_create.up.sql':
    'CREATE TABLE p (a int, b int, PRIMARY KEY (a, b));\nCREATE TABLE c (a int, b int, x int, y int, CHECK (x > y));\nCREATE INDEX ON c (x);\n',
  'migrations/1_create.down.sql': 'DROP TABLE c;\nDROP TABLE p;\n',
};
const FORWARD =
  "SET lock_timeout = '5s';\nALTER TABLE c ADD FOREIGN KEY (a, b) REFERENCES p (a, b) NOT VALID;\nALTER TABLE c ADD CHECK (x < y) NOT VALID;\nCREATE INDEX CONCURRENTLY ON c (x);\n";
const DOWN =
  "SET lock_timeout = '5s';\nDROP INDEX CONCURRENTLY c_x_idx1;\nALTER TABLE c DROP CONSTRAINT c_check1;\nALTER TABLE c DROP CONSTRAINT c_a_b_fkey;\n";

const PAIR_RULES = ['reverse-unexpected', 'reverse-incomplete', 'reverse-missing'];

test("a down dropping the generated names (numbered past the history's) is a complete reverse, from either side", async () => {
  for (const [file, other] of [
    ['migrations/2_keys.up.sql', 'migrations/2_keys.down.sql'],
    ['migrations/2_keys.down.sql', 'migrations/2_keys.up.sql'],
  ] as const) {
    const texts = { 'migrations/2_keys.up.sql': FORWARD, 'migrations/2_keys.down.sql': DOWN };
    const { findings } = await analyzeFileText(file, texts[file], { otherFiles: { ...HISTORY, [other]: texts[other] } });
    assert.deepEqual(
      findings.filter((finding) => PAIR_RULES.includes(finding.ruleId)).map((finding) => finding.message),
      [],
      file,
    );
  }
});

test('the reverse draft drops the names PostgreSQL gave', async () => {
  const { root } = await analyzeFileText('migrations/2_keys.up.sql', FORWARD, { otherFiles: HISTORY });
  const result = runCli(['reverse', path.join(root, 'migrations', '2_keys.up.sql')], { cwd: root });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /DROP INDEX CONCURRENTLY c_x_idx1;/);
  assert.match(result.stdout, /ALTER TABLE c DROP CONSTRAINT c_check1;/);
  assert.match(result.stdout, /ALTER TABLE c DROP CONSTRAINT c_a_b_fkey;/);
});

test('a key replaced in one ALTER TABLE keeps its name, because PostgreSQL runs the drops first (Lemmy 2023-10-24-030352)', async () => {
  const history = {
    'migrations/1_create.up.sql': 'CREATE TABLE captcha_answer (id serial PRIMARY KEY, uuid uuid NOT NULL UNIQUE);\n',
    'migrations/1_create.down.sql': 'DROP TABLE captcha_answer;\n',
  };
  const forward = 'ALTER TABLE captcha_answer\n    DROP COLUMN id,\n    ADD PRIMARY KEY (uuid),\n    DROP CONSTRAINT captcha_answer_uuid_key;\n';
  const down = 'ALTER TABLE captcha_answer\n    ADD UNIQUE (uuid),\n    DROP CONSTRAINT captcha_answer_pkey,\n    ADD COLUMN id serial PRIMARY KEY;\n';
  for (const [file, other] of [
    ['migrations/2_keys.up.sql', 'migrations/2_keys.down.sql'],
    ['migrations/2_keys.down.sql', 'migrations/2_keys.up.sql'],
  ] as const) {
    const texts = { 'migrations/2_keys.up.sql': forward, 'migrations/2_keys.down.sql': down };
    const { findings } = await analyzeFileText(file, texts[file], { otherFiles: { ...history, [other]: texts[other] } });
    assert.deepEqual(
      findings.filter((finding) => PAIR_RULES.includes(finding.ruleId)).map((finding) => finding.message),
      [],
      file,
    );
  }
  const { root } = await analyzeFileText('migrations/2_keys.up.sql', forward, { otherFiles: history });
  const result = runCli(['reverse', path.join(root, 'migrations', '2_keys.up.sql')], { cwd: root });
  assert.equal(result.status, 0, result.stderr);
  // The new key took the freed name; the reverse drops it before the old key comes back under that name.
  assert.match(result.stdout, /DROP CONSTRAINT captcha_answer_pkey;\n[\s\S]*ADD CONSTRAINT captcha_answer_pkey PRIMARY KEY \(id\);/);
  assert.doesNotMatch(result.stdout, /captcha_answer_pkey1/);
});
