import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires, findingsOf } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'cannot-run-in-transaction';
const HISTORY = 'CREATE TABLE events (id bigint, tenant_id bigint);\nCREATE INDEX events_tenant_idx ON events (tenant_id);';

test('CONCURRENTLY in a multi-statement file (one implicit transaction) is found', async () => {
  const sql = "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY events_id_idx ON events (id);";
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(sql.slice(finding!.start, finding!.end), 'CREATE INDEX CONCURRENTLY events_id_idx ON events (id)');
  assert.equal(finding!.message, 'CREATE INDEX CONCURRENTLY fails in a file run as one transaction ("cannot run inside a transaction block")');
  assert.equal(finding!.advice, 'Put it alone in a migration of its own that your tool runs without a transaction.');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('each kind PostgreSQL refuses in a transaction block', async () => {
  for (const statement of [
    'DROP INDEX CONCURRENTLY events_tenant_idx;',
    'REINDEX INDEX CONCURRENTLY events_tenant_idx;',
    'REINDEX DATABASE app;',
    'ALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;',
    'VACUUM events;',
    'CREATE DATABASE app2;',
    "ALTER SYSTEM SET work_mem = '64MB';",
  ]) {
    const [finding] = await fires(RULE, `BEGIN;\n${statement}\nCOMMIT;`, { history: HISTORY }, 1);
    assert.equal(messageProblem(finding!.message), undefined, finding!.message);
  }
});

test('explicit BEGIN ... COMMIT: the advice says to move it after COMMIT', async () => {
  const [finding] = await findingsOf(RULE, 'BEGIN;\nCREATE INDEX CONCURRENTLY i ON events (id);\nCOMMIT;', { history: HISTORY });
  assert.equal(finding!.message, 'CREATE INDEX CONCURRENTLY fails between BEGIN and COMMIT ("cannot run inside a transaction block")');
  assert.equal(finding!.advice, 'Move it after the COMMIT (or drop the BEGIN ... COMMIT around it).');
});

test('the ... of DETACH PARTITION ... CONCURRENTLY does not end the message', async () => {
  const [finding] = await findingsOf(RULE, 'BEGIN;\nALTER TABLE events DETACH PARTITION events_2023 CONCURRENTLY;\nCOMMIT;', { history: HISTORY });
  assert.equal(finding!.message, 'DETACH PARTITION CONCURRENTLY fails between BEGIN and COMMIT ("cannot run inside a transaction block")');
});

test("the tool's own advice: goose needs NO TRANSACTION", async () => {
  // The tool convention is part of the layout; a wrapped goose section is the common case.
  const [finding] = await findingsOf(RULE, 'CREATE INDEX CONCURRENTLY i ON events (id);', { history: HISTORY, runs: 'wrapped' });
  assert.match(finding!.advice!, /migration of its own/);
});

test('alone in its file, or in a part the tool runs without a transaction: clean', async () => {
  await clean(RULE, 'CREATE INDEX CONCURRENTLY events_id_idx ON events (id);', { history: HISTORY });
  await clean(RULE, "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY events_id_idx ON events (id);", { history: HISTORY, runs: 'none' });
  await clean(RULE, "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY events_id_idx ON events (id);", { history: HISTORY, transactionMode: 'never' });
});

test('REFRESH MATERIALIZED VIEW CONCURRENTLY and ANALYZE are allowed in a transaction', async () => {
  await clean(RULE, 'BEGIN;\nREFRESH MATERIALIZED VIEW CONCURRENTLY totals;\nANALYZE events;\nCOMMIT;', { history: HISTORY });
});

test('ALTER TYPE ... ADD VALUE in a transaction: refused before PostgreSQL 12 only', async () => {
  const sql = "BEGIN;\nALTER TYPE mood ADD VALUE 'meh';\nCOMMIT;";
  const [finding] = await fires(RULE, sql, { pgVersion: 11 });
  assert.equal(finding!.message, 'ALTER TYPE ADD VALUE (before PostgreSQL 12) fails between BEGIN and COMMIT ("cannot run inside a transaction block")');
  assert.equal(messageProblem(finding!.message), undefined);
  await clean(RULE, sql, { pgVersion: 12 });
});

test('the advice names the tool: goose NO TRANSACTION, dbmate transaction:false', async () => {
  const sql = 'CREATE INDEX CONCURRENTLY i ON events (id);';
  const [goose] = await findingsOf(RULE, sql, { history: HISTORY, runs: 'wrapped', convention: 'goose' });
  assert.equal(goose!.advice, 'Put it in a migration of its own that starts with -- +goose NO TRANSACTION.');
  const [dbmate] = await findingsOf(RULE, sql, { history: HISTORY, runs: 'wrapped', convention: 'dbmate' });
  assert.equal(dbmate!.advice, 'Put it in a migration of its own whose marker is -- migrate:up transaction:false.');
});
