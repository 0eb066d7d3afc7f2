import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'rename-column';
const HISTORY = 'CREATE TABLE events (id bigint, kind text);';

test('renaming a column of an existing table is found', async () => {
  const [finding] = await fires(RULE, 'ALTER TABLE events RENAME COLUMN kind TO event_kind;', { history: HISTORY }, 1);
  assert.equal(finding!.message, 'Renaming "events"."kind" to "event_kind" breaks deployed code using the old name');
  assert.equal(finding!.advice, 'Add the new column, write both, backfill, switch reads, then drop the old one in a later release.');
  assert.equal(messageProblem(finding!.message), undefined);
});

test("renaming a constraint or an index is not this rule's business", async () => {
  await clean(RULE, 'ALTER INDEX events_kind_idx RENAME TO events_event_kind_idx;', { history: HISTORY });
});

test('exemption: a table created earlier in the same migration', async () => {
  await clean(RULE, 'CREATE TABLE audit (a text);\nALTER TABLE audit RENAME COLUMN a TO b;');
});

test('exemption: a column added earlier in the same migration is used by no code yet', async () => {
  await clean(RULE, 'ALTER TABLE events ADD COLUMN tmp text;\nALTER TABLE events RENAME COLUMN tmp TO note;', { history: HISTORY });
});

test('exemption: a reverse migration renames back for the code it rolls back to', async () => {
  await clean(RULE, 'ALTER TABLE events RENAME COLUMN kind TO event_kind;', { history: HISTORY, role: 'reverse' });
});
