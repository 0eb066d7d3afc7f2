/** Every rule's documented examples are its first tests: the bad one must fire, the good one must not. */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RULES } from '../../server/src/rules';
import { analyzeFileText } from '../helpers/lintText';

/** Each example is a migration file of its own (one with `-- migrate:up` markers reads as dbmate). */
/** Opt-in rules (default `off`) are switched on for their own examples, as a project would. */
async function ruleIdsFound(sql: string, optIn?: string): Promise<string[]> {
  const { parsed, findings } = await analyzeFileText('migrations/20260101000000_example.sql', sql, optIn ? { config: { rules: { [optIn]: 'warning' } } } : {});
  assert.deepEqual(parsed.problems, [], `documented example does not parse: ${sql}`);
  return findings.map((finding) => finding.ruleId);
}

for (const rule of RULES) {
  test(`${rule.id}: documented bad example is found`, async () => {
    assert.ok((await ruleIdsFound(rule.docs.bad, rule.defaultSeverity === 'off' ? rule.id : undefined)).includes(rule.id));
  });
  test(`${rule.id}: documented good example is clean`, async () => {
    assert.ok(!(await ruleIdsFound(rule.docs.good, rule.defaultSeverity === 'off' ? rule.id : undefined)).includes(rule.id));
  });
  test(`${rule.id}: has a title, a why and a severity`, () => {
    assert.match(rule.id, /^[a-z]+(-[a-z0-9]+)*$/);
    assert.ok(rule.title.length > 10);
    assert.ok(rule.docs.why.length > 80);
    assert.ok(['error', 'warning', 'info', 'hint', 'off'].includes(rule.defaultSeverity));
  });
}

test('rule ids are unique', () => {
  assert.equal(new Set(RULES.map((rule) => rule.id)).size, RULES.length);
});
