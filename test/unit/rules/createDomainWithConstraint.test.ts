import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires, underlined } from './lintSql';

const RULE = 'create-domain-with-constraint';

test('CHECK and NOT NULL on a domain are found, each on its clause', async () => {
  const sql = "CREATE DOMAIN code AS text NOT NULL DEFAULT 'x' CONSTRAINT code_nonempty CHECK (VALUE <> '');";
  const findings = await fires(RULE, sql, {}, 2);
  assert.deepEqual(
    findings.map((finding) => underlined(sql, finding)),
    ['NOT NULL', "CONSTRAINT code_nonempty CHECK (VALUE <> '')"],
  );
  assert.match(findings[1]!.message, /Domain code/);
});

test('a domain with only a default is clean', async () => {
  await clean(RULE, "CREATE DOMAIN code AS text DEFAULT 'x';");
});
