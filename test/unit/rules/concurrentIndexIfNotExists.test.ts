import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires, repaired, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'concurrent-index-if-not-exists';
const HISTORY = 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\nCREATE SCHEMA app;\nCREATE TABLE app.users (id bigint, email text);';

test('CREATE INDEX CONCURRENTLY IF NOT EXISTS is found at the clause', async () => {
  const sql = 'CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email ON users (email);';
  const [finding] = await fires(RULE, sql, { history: HISTORY, runs: 'none' }, 1);
  assert.equal(underlined(sql, finding!), 'IF NOT EXISTS');
  assert.equal(finding!.message, 'IF NOT EXISTS accepts an INVALID index "idx_users_email" left by a failed CONCURRENTLY build');
  assert.equal(finding!.advice, 'Drop a leftover first (DROP INDEX CONCURRENTLY IF EXISTS idx_users_email), then build it without IF NOT EXISTS.');
  assert.equal(messageProblem(finding!.message), undefined);
});

test("the fix drops a leftover first (in the table's schema) and builds without IF NOT EXISTS, which the rule and prefer-idempotent-ddl accept", async () => {
  assert.equal(
    await repaired(RULE, 'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON app.users (email);', { history: HISTORY, runs: 'none' }),
    'DROP INDEX CONCURRENTLY IF EXISTS app.users_email_key;\nCREATE UNIQUE INDEX CONCURRENTLY users_email_key ON app.users (email);',
  );
  const fixed = await repaired(RULE, "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email ON users (email);\nSELECT 1;", {
    history: HISTORY,
    runs: 'none',
    convention: 'sqitch',
  });
  await clean(RULE, fixed, { history: HISTORY, runs: 'none', convention: 'sqitch' });
  await clean('prefer-idempotent-ddl', fixed, { history: HISTORY, runs: 'none', convention: 'sqitch' });
});

test('clean: without IF NOT EXISTS, or without CONCURRENTLY (a plain build rolls back on failure)', async () => {
  await clean(RULE, 'DROP INDEX CONCURRENTLY IF EXISTS idx_users_email;\nCREATE INDEX CONCURRENTLY idx_users_email ON users (email);', {
    history: HISTORY,
    runs: 'none',
  });
  await clean(RULE, 'CREATE INDEX IF NOT EXISTS idx_users_email ON users (email);', { history: HISTORY });
});

test('prefer-idempotent-ddl asks for the drop first, never IF NOT EXISTS, on a CONCURRENTLY build', async () => {
  const sql = 'CREATE INDEX CONCURRENTLY idx_users_email ON users (email);\nSELECT 1;';
  const [finding] = await fires('prefer-idempotent-ddl', sql, { history: HISTORY, runs: 'none', convention: 'sqitch' }, 1);
  assert.match(finding!.advice ?? '', /^Add DROP INDEX CONCURRENTLY IF EXISTS idx_users_email before it:/);
  const fixed = await repaired('prefer-idempotent-ddl', sql, { history: HISTORY, runs: 'none', convention: 'sqitch' });
  assert.equal(fixed, 'DROP INDEX CONCURRENTLY IF EXISTS idx_users_email;\nCREATE INDEX CONCURRENTLY idx_users_email ON users (email);\nSELECT 1;');
  await clean(RULE, fixed, { history: HISTORY, runs: 'none', convention: 'sqitch' });
});
