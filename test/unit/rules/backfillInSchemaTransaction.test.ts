import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'backfill-in-schema-transaction';
const HISTORY = 'CREATE TABLE events (id bigint, region text);\nCREATE TABLE tenants (id bigint PRIMARY KEY);';

test('a backfill after a schema change in the same transaction is found once, counting the others', async () => {
  const sql = "ALTER TABLE events ADD COLUMN kind text;\nUPDATE events SET kind = 'a' WHERE id < 10;\nDELETE FROM events WHERE id = 0;";
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(finding!.start, sql.indexOf('UPDATE'));
  assert.equal(finding!.message, 'UPDATE runs in the transaction holding ACCESS EXCLUSIVE on "events"');
  assert.equal(
    finding!.advice,
    'Commit the schema change ("ALTER TABLE events ADD COLUMN kind text;") first and backfill in a separate migration or job. ' +
      '1 more data change runs later in this transaction, under the same locks.',
  );
  assert.equal(messageProblem(finding!.message), undefined);
});

test('a foreign key in CREATE TABLE locks the referenced table through a later backfill', async () => {
  const sql = 'CREATE TABLE audit (id bigint, tenant_id bigint REFERENCES tenants (id));\nINSERT INTO audit SELECT id, id FROM tenants;';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(finding!.message, 'INSERT from a SELECT runs in the transaction holding SHARE ROW EXCLUSIVE on "tenants"');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('several locked tables: the first is named and the others counted', async () => {
  const history = `${HISTORY}\nCREATE TABLE a (id bigint);\nCREATE TABLE b (id bigint);`;
  const sql =
    "ALTER TABLE events ADD COLUMN kind text;\nALTER TABLE a ADD COLUMN kind text;\nALTER TABLE b ADD COLUMN kind text;\nUPDATE events SET kind = 'a' WHERE id < 10;";
  const [finding] = await fires(RULE, sql, { history }, 1);
  assert.equal(finding!.message, 'UPDATE runs in the transaction holding ACCESS EXCLUSIVE on "events" and 2 more');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('a backfill before the schema change, after a COMMIT, or run on its own: clean', async () => {
  await clean(RULE, "UPDATE events SET region = 'eu' WHERE id < 10;\nALTER TABLE events ADD COLUMN kind text;", { history: HISTORY });
  await clean(RULE, "ALTER TABLE events ADD COLUMN kind text;\nCOMMIT;\nUPDATE events SET kind = 'a' WHERE id < 10;", { history: HISTORY });
  await clean(RULE, "ALTER TABLE events ADD COLUMN kind text;\nUPDATE events SET kind = 'a' WHERE id < 10;", { history: HISTORY, runs: 'none' });
  await clean(RULE, "INSERT INTO events VALUES (1, 'eu');", { history: HISTORY });
});

test('exemption: tables created earlier in this migration', async () => {
  await clean(RULE, "CREATE TABLE audit (id bigint);\nALTER TABLE audit ADD COLUMN kind text;\nUPDATE audit SET kind = 'a';");
});
