import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'truncate-cascade';
const HISTORY = 'CREATE TABLE tenants (id bigint PRIMARY KEY);\nCREATE TABLE events (id bigint, tenant_id bigint REFERENCES tenants (id));';

test('TRUNCATE ... CASCADE is found on CASCADE, naming known referencing tables', async () => {
  const sql = 'TRUNCATE tenants CASCADE;';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'CASCADE');
  assert.equal(finding!.message, 'TRUNCATE CASCADE also empties tables that reference "tenants", such as "events"');
  assert.equal(finding!.advice, 'Name every table to empty and drop CASCADE.');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('long lists are cut in the message; the advice names every known referencing table', async () => {
  const history = `${HISTORY}\nCREATE TABLE likes (tenant_id bigint REFERENCES tenants (id));\nCREATE TABLE notes (tenant_id bigint REFERENCES tenants (id));`;
  const [finding] = await fires(RULE, 'TRUNCATE tenants CASCADE;', { history }, 1);
  assert.equal(finding!.message, 'TRUNCATE CASCADE also empties tables that reference "tenants", such as "events" and 2 more');
  assert.equal(finding!.advice, 'Name every table to empty and drop CASCADE. Known referencing tables: events, likes, notes (and whatever references those).');
  assert.equal(messageProblem(finding!.message), undefined);
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
