import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'drop-table';
const HISTORY = 'CREATE TABLE tenants (id bigint PRIMARY KEY);\nCREATE TABLE events (id bigint, tenant_id bigint REFERENCES tenants (id));';

test('DROP TABLE of an existing table is found, naming the foreign keys that reference it', async () => {
  const [finding] = await fires(RULE, 'DROP TABLE tenants;', { history: HISTORY }, 1);
  assert.equal(finding!.message, 'DROP TABLE "tenants" deletes its data (fails while "events"."events_tenant_id_fkey" references it)');
  assert.equal(finding!.advice, 'Stop using the table in a release first and keep a backup.');
  const [cascade] = await fires(RULE, 'DROP TABLE tenants CASCADE;', { history: HISTORY });
  assert.equal(cascade!.message, 'DROP TABLE "tenants" deletes its data (CASCADE also drops "events"."events_tenant_id_fkey")');
  const [plain] = await fires(RULE, 'DROP TABLE events;', { history: HISTORY });
  assert.equal(plain!.message, 'DROP TABLE "events" deletes its data and breaks deployed code using it');
  for (const each of [finding, cascade, plain]) assert.equal(messageProblem(each!.message), undefined);
});

test('many tables and foreign keys are counted, not listed, in the message; the advice lists the keys', async () => {
  const history = `${HISTORY}\nCREATE TABLE likes (id bigint, tenant_id bigint REFERENCES tenants (id));\nCREATE TABLE a (id bigint);\nCREATE TABLE b (id bigint);`;
  const [finding] = await fires(RULE, 'DROP TABLE tenants, a, b;', { history }, 1);
  assert.equal(finding!.message, 'DROP TABLE "tenants" and 2 more deletes their data (fails while 2 foreign keys reference them)');
  assert.equal(
    finding!.advice,
    'Stop using the table in a release first and keep a backup. The foreign keys: events.events_tenant_id_fkey, likes.likes_tenant_id_fkey.',
  );
  assert.equal(messageProblem(finding!.message), undefined);
});

test("dropping a view or an index is not this rule's business", async () => {
  await clean(RULE, 'DROP VIEW IF EXISTS tenant_names;', { history: HISTORY });
});

test('exemption: a table created earlier in the same migration', async () => {
  await clean(RULE, 'CREATE TABLE scratch (id bigint);\nDROP TABLE scratch;');
});

test('exemption: a reverse migration drops what its forward created', async () => {
  await clean(RULE, 'DROP TABLE events;', { history: HISTORY, role: 'reverse' });
});
