import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'drop-database';

test('DROP DATABASE is found', async () => {
  const [finding] = await fires(RULE, 'DROP DATABASE IF EXISTS analytics;', {}, 1);
  assert.equal(finding!.message, 'DROP DATABASE "analytics" deletes everything in it wherever this migration runs');
  assert.equal(finding!.advice, 'Do it by hand, with a verified backup, not in a migration.');
  assert.equal(messageProblem(finding!.message), undefined);
});

test("DROP SCHEMA and DROP TABLE are not this rule's business", async () => {
  await clean(RULE, 'DROP SCHEMA IF EXISTS staging;');
});
