import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';

const RULE = 'drop-database';

test('DROP DATABASE is found', async () => {
  const [finding] = await fires(RULE, 'DROP DATABASE IF EXISTS analytics;', {}, 1);
  assert.match(finding!.message, /DROP DATABASE analytics/);
});

test("DROP SCHEMA and DROP TABLE are not this rule's business", async () => {
  await clean(RULE, 'DROP SCHEMA IF EXISTS staging;');
});
