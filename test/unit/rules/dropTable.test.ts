import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';

const RULE = 'drop-table';
const HISTORY = 'CREATE TABLE tenants (id bigint PRIMARY KEY);\nCREATE TABLE events (id bigint, tenant_id bigint REFERENCES tenants (id));';

test('DROP TABLE of an existing table is found, naming the foreign keys that reference it', async () => {
  const [finding] = await fires(RULE, 'DROP TABLE tenants;', { history: HISTORY }, 1);
  assert.match(finding!.message, /"tenants"/);
  assert.match(finding!.message, /fails while events\.events_tenant_id_fkey still references it/);
  const [cascade] = await fires(RULE, 'DROP TABLE tenants CASCADE;', { history: HISTORY });
  assert.match(cascade!.message, /CASCADE also drops the foreign keys events\.events_tenant_id_fkey/);
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
