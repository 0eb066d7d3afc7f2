import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'drop-not-null';
const HISTORY = 'CREATE TABLE events (id bigint, kind text NOT NULL);';

test('DROP NOT NULL on an existing column is found', async () => {
  const sql = 'ALTER TABLE events ALTER COLUMN kind DROP NOT NULL;';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'ALTER COLUMN kind DROP NOT NULL');
  assert.equal(finding!.message, 'DROP NOT NULL on "events"."kind" breaks code that assumes it is never NULL');
  assert.equal(finding!.advice, 'Make every reader of the column NULL-safe before dropping NOT NULL.');
  assert.equal(messageProblem(finding!.message), undefined);
});

test("SET NOT NULL is not this rule's business", async () => {
  await clean(RULE, 'ALTER TABLE events ALTER COLUMN id SET NOT NULL;', { history: HISTORY });
});

test('exemption: a table created earlier in the same migration', async () => {
  await clean(RULE, 'CREATE TABLE drafts (kind text NOT NULL);\nALTER TABLE drafts ALTER COLUMN kind DROP NOT NULL;');
});

test('exemption: a reverse migration undoing a SET NOT NULL', async () => {
  await clean(RULE, 'ALTER TABLE events ALTER COLUMN kind DROP NOT NULL;', { history: HISTORY, role: 'reverse' });
});
