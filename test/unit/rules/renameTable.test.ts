import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'rename-table';
const HISTORY = 'CREATE TABLE events (id bigint);';

test('renaming an existing table is found, suggesting a view with the old name', async () => {
  const [finding] = await fires(RULE, 'ALTER TABLE events RENAME TO activity;', { history: HISTORY }, 1);
  assert.equal(finding!.message, 'Renaming "events" to "activity" breaks deployed code using the old name');
  assert.equal(
    finding!.advice,
    'Keep the old name working with CREATE VIEW events AS SELECT * FROM activity in the same transaction, and drop the view once no code uses it.',
  );
  assert.equal(messageProblem(finding!.message), undefined);
});

test('a view with the old name later in the migration keeps old code working: clean', async () => {
  await clean(RULE, 'ALTER TABLE events RENAME TO activity;\nCREATE VIEW events AS SELECT * FROM activity;', { history: HISTORY });
});

test('exemption: a table created earlier in the same migration', async () => {
  await clean(RULE, 'CREATE TABLE staging (id bigint);\nALTER TABLE staging RENAME TO activity;');
});

test('exemption: a reverse migration renames back for the code it rolls back to', async () => {
  await clean(RULE, 'ALTER TABLE events RENAME TO activity;', { history: HISTORY, role: 'reverse' });
});
