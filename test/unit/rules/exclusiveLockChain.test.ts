import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'exclusive-lock-chain';
const HISTORY = 'CREATE TABLE events (id bigint);\nCREATE TABLE tenants (id bigint);\nCREATE TABLE users (id bigint);';

test('ACCESS EXCLUSIVE on a second existing table in one transaction is found once, on the second', async () => {
  const sql =
    'ALTER TABLE events ADD COLUMN a text;\nALTER TABLE events ADD COLUMN b text;\nALTER TABLE tenants ADD COLUMN a text;\nALTER TABLE users ADD COLUMN a text;';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(finding!.start, sql.indexOf('ALTER TABLE tenants'));
  assert.equal(finding!.message, 'This takes ACCESS EXCLUSIVE on "tenants" while the same transaction still holds it on "events"');
  assert.equal(finding!.advice, 'Change one table per migration (the lock on "events" comes from "ALTER TABLE events ADD COLUMN a text;").');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('one table, weaker locks, separate transactions, or statements run one by one: clean', async () => {
  await clean(RULE, 'ALTER TABLE events ADD COLUMN a text;\nALTER TABLE events ADD COLUMN b text;', { history: HISTORY });
  await clean(RULE, 'CREATE INDEX i ON events (id);\nCREATE INDEX j ON tenants (id);', { history: HISTORY });
  await clean(RULE, 'ALTER TABLE events ADD COLUMN a text;\nCOMMIT;\nALTER TABLE tenants ADD COLUMN a text;', { history: HISTORY });
  await clean(RULE, 'ALTER TABLE events ADD COLUMN a text;\nALTER TABLE tenants ADD COLUMN a text;', { history: HISTORY, runs: 'none' });
});

test('exemption: tables created earlier in this migration', async () => {
  await clean(
    RULE,
    'CREATE TABLE a (id bigint);\nCREATE TABLE b (id bigint);\nALTER TABLE a ADD COLUMN x text;\nALTER TABLE b ADD COLUMN x text;\nALTER TABLE events ADD COLUMN x text;',
    { history: HISTORY },
  );
});

test('an index and its own table count as one table', async () => {
  const history = `${HISTORY}\nCREATE INDEX events_id_idx ON events (id);`;
  await clean(RULE, 'DROP INDEX events_id_idx;\nALTER TABLE events ADD COLUMN a text;', { history });
});

test('one statement that must lock two tables (DROP TABLE with a foreign key) is not a chain by itself; views do not count', async () => {
  const history = `${HISTORY}\nCREATE TABLE likes (id bigint, event_id bigint REFERENCES events (id));\nCREATE VIEW a AS SELECT 1;\nCREATE VIEW b AS SELECT 2;`;
  await clean(RULE, 'DROP TABLE likes;\nSELECT 1;', { history });
  await clean(RULE, 'DROP VIEW a;\nDROP VIEW b;', { history });
});
