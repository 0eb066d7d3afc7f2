/** Every rule's documented examples are its first tests: the bad one must fire, the good one must not. */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig } from '../../server/src/config/projectConfig';
import { factsOfFile } from '../../server/src/migrations/fileFacts';
import { SchemaModel } from '../../server/src/migrations/schemaModel';
import { ALL_RULES, lintParsedFile } from '../../server/src/rules';
import { parseSql } from '../../server/src/sql/parseSql';

async function ruleIdsFound(sql: string): Promise<string[]> {
  const parsed = await parseSql(sql);
  assert.deepEqual(parsed.problems, [], `documented example does not parse: ${sql}`);
  const facts = factsOfFile(parsed, SchemaModel.empty(), { pgVersion: 18, transactionMode: 'auto', migrationPath: 'example.sql' });
  return lintParsedFile({ parsed, facts, config: defaultConfig() }).map((finding) => finding.ruleId);
}

for (const rule of ALL_RULES) {
  test(`${rule.id}: documented bad example is found`, async () => {
    assert.ok((await ruleIdsFound(rule.docs.bad)).includes(rule.id));
  });
  test(`${rule.id}: documented good example is clean`, async () => {
    assert.ok(!(await ruleIdsFound(rule.docs.good)).includes(rule.id));
  });
  test(`${rule.id}: has a title, a why and a severity`, () => {
    assert.match(rule.id, /^[a-z]+(-[a-z0-9]+)*$/);
    assert.ok(rule.title.length > 10);
    assert.ok(rule.docs.why.length > 80);
    assert.ok(['error', 'warning', 'info', 'hint'].includes(rule.defaultSeverity));
  });
}

test('rule ids are unique', () => {
  assert.equal(new Set(ALL_RULES.map((rule) => rule.id)).size, ALL_RULES.length);
});
