import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'create-domain-with-constraint';

test('CHECK and NOT NULL on a domain are found, each on its clause', async () => {
  const sql = "CREATE DOMAIN code AS text NOT NULL DEFAULT 'x' CONSTRAINT code_nonempty CHECK (VALUE <> '');";
  const findings = await fires(RULE, sql, {}, 2);
  assert.deepEqual(
    findings.map((finding) => underlined(sql, finding)),
    ['NOT NULL', "CONSTRAINT code_nonempty CHECK (VALUE <> '')"],
  );
  assert.deepEqual(
    findings.map((finding) => finding.message),
    [
      'A NOT NULL on domain "code" makes changing it later scan and lock every table using it',
      'A CHECK on domain "code" makes changing it later scan and lock every table using it',
    ],
  );
  assert.equal(findings[1]!.advice, "Put the constraint on the tables' columns instead.");
  for (const finding of findings) assert.equal(messageProblem(finding.message), undefined);
});

test('a domain with only a default is clean', async () => {
  await clean(RULE, "CREATE DOMAIN code AS text DEFAULT 'x';");
});
