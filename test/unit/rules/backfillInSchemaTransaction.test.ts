import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';

const RULE = 'backfill-in-schema-transaction';
const HISTORY = 'CREATE TABLE events (id bigint, region text);\nCREATE TABLE tenants (id bigint PRIMARY KEY);';

test('a backfill after a schema change in the same transaction is found once, counting the others', async () => {
  const sql = "ALTER TABLE events ADD COLUMN kind text;\nUPDATE events SET kind = 'a' WHERE id < 10;\nDELETE FROM events WHERE id = 0;";
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(finding!.start, sql.indexOf('UPDATE'));
  assert.match(finding!.message, /took ACCESS EXCLUSIVE on "events"/);
  assert.match(finding!.message, /1 more data change later/);
});

test('a foreign key in CREATE TABLE locks the referenced table through a later backfill', async () => {
  const sql = 'CREATE TABLE audit (id bigint, tenant_id bigint REFERENCES tenants (id));\nINSERT INTO audit SELECT id, id FROM tenants;';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.match(finding!.message, /SHARE ROW EXCLUSIVE on "tenants"/);
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
