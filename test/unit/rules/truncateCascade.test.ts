import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, underlined } from './lintSql';

const RULE = 'truncate-cascade';
const HISTORY = 'CREATE TABLE tenants (id bigint PRIMARY KEY);\nCREATE TABLE events (id bigint, tenant_id bigint REFERENCES tenants (id));';

test('TRUNCATE ... CASCADE is found on CASCADE, naming known referencing tables', async () => {
  const sql = 'TRUNCATE tenants CASCADE;';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'CASCADE');
  assert.match(finding!.message, /known: "events"/);
});

test('a table named like the keyword does not confuse the underline', async () => {
  const sql = 'TRUNCATE "cascade" CASCADE;';
  const [finding] = await fires(RULE, sql);
  assert.equal(finding!.start, sql.lastIndexOf('CASCADE'));
});

test('TRUNCATE without CASCADE is clean', async () => {
  await clean(RULE, 'TRUNCATE tenants, events;', { history: HISTORY });
});

test('fix: remove CASCADE', async () => {
  const sql = 'TRUNCATE tenants CASCADE;';
  const fixed = await applyRepair(sql, (await fires(RULE, sql, { history: HISTORY }))[0]!);
  assert.equal(fixed, 'TRUNCATE tenants;');
  await clean(RULE, fixed, { history: HISTORY });
});
