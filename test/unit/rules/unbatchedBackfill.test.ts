import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'unbatched-backfill';
const HISTORY = 'CREATE TABLE events (id bigint, region text);';

test('UPDATE or DELETE without WHERE, and UPDATE ... WHERE col IS NULL on the column it sets, are found', async () => {
  const [finding] = await fires(RULE, "UPDATE events SET region = 'eu';", { history: HISTORY }, 1);
  assert.equal(finding!.message, 'This UPDATE touches every row of "events" in one transaction, locking each until commit');
  assert.equal(finding!.advice, 'Backfill in batches (e.g. WHERE id IN (SELECT id ... LIMIT 5000)), each its own transaction.');
  assert.equal(messageProblem(finding!.message), undefined);
  const [remove] = await fires(RULE, 'DELETE FROM events;', { history: HISTORY });
  assert.equal(remove!.message, 'This DELETE touches every row of "events" in one transaction, locking each until commit');
  await fires(RULE, "UPDATE events SET region = 'eu' WHERE region IS NULL;", { history: HISTORY });
});

test('batched or targeted changes are clean', async () => {
  await clean(RULE, "UPDATE events SET region = 'eu' WHERE id BETWEEN 1 AND 5000;", { history: HISTORY });
  await clean(RULE, "UPDATE events SET region = 'eu' WHERE id IN (SELECT id FROM events WHERE region IS NULL LIMIT 5000);", { history: HISTORY });
  await clean(RULE, 'DELETE FROM events WHERE id = 1;', { history: HISTORY });
});

test('exemption: a table created earlier in this migration is small and unused', async () => {
  await clean(RULE, "CREATE TABLE audit (region text);\nINSERT INTO audit VALUES ('x');\nUPDATE audit SET region = 'eu';");
});

test("a migration tool's bookkeeping row is not a backfill (alembic_version, schema_migrations, flyway_schema_history...)", async () => {
  for (const sql of [
    "UPDATE alembic_version SET version_num = 'ae1027a6acf';",
    "UPDATE schema_migrations SET version = '20240101000000';",
    'DELETE FROM flyway_schema_history;',
    "UPDATE sqitch.changes SET note = 'x';",
    'UPDATE "SequelizeMeta" SET name = \'x\';',
  ]) {
    await clean('unbatched-backfill', sql);
    await clean('backfill-in-schema-transaction', `BEGIN;\nALTER TABLE events ADD COLUMN c int;\n${sql}\nCOMMIT;`, {
      history: 'CREATE TABLE events (id int);',
    });
  }
});
