import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, findingsOf } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'prefer-idempotent-ddl';
const HISTORY = 'CREATE TABLE events (id bigint, legacy text);\nCREATE INDEX events_legacy_idx ON events (legacy);';

test('statements committed before a later one runs are found (the tool runs them one by one)', async () => {
  const sql =
    'CREATE TABLE audit (id bigint);\nALTER TABLE events ADD COLUMN note text;\nDROP INDEX CONCURRENTLY events_legacy_idx;\nALTER TABLE events DROP COLUMN legacy;';
  const findings = await fires(RULE, sql, { history: HISTORY, runs: 'none', convention: 'sqitch' }, 3);
  assert.deepEqual(
    findings.map((finding) => sql.slice(finding.start, finding.end)),
    ['CREATE TABLE audit (id bigint)', 'ADD COLUMN note text', 'DROP INDEX CONCURRENTLY events_legacy_idx'],
  );
  assert.deepEqual(
    findings.map((finding) => finding.message),
    [
      'On a re-run after a later failure, this fails as it already exists',
      'On a re-run after a later failure, this fails as the column already exists',
      'On a re-run after a later failure, this fails as it is already gone',
    ],
  );
  assert.equal(findings[1]!.advice, 'Add IF NOT EXISTS: this is committed before the rest of the migration runs. A re-run then passes over it.');
  for (const finding of findings) assert.equal(messageProblem(finding.message), undefined, finding.message);
});

test('a CONCURRENTLY build is told to drop a left-over INVALID index first', async () => {
  const sql = 'CREATE INDEX CONCURRENTLY events_id_idx ON events (id);\nSELECT 1;';
  const [finding] = await fires(RULE, sql, { history: HISTORY, runs: 'none', convention: 'sqitch' }, 1);
  assert.equal(finding!.message, 'On a re-run after a later failure, this fails as the index (or an INVALID one) exists');
  assert.equal(
    finding!.advice,
    'Add DROP INDEX CONCURRENTLY IF EXISTS events_id_idx before it: this is committed before the rest of the migration runs. ' +
      'IF NOT EXISTS would keep the INVALID index a failed CONCURRENTLY build leaves.',
  );
  assert.equal(messageProblem(finding!.message), undefined);
});

test('a COMMIT part way through a file splits it into separately committed parts', async () => {
  await fires(RULE, 'CREATE TABLE audit (id bigint);\nCOMMIT;\nALTER TABLE events ADD COLUMN note text;', { history: HISTORY }, 1);
});

test('one transaction for the whole file, or a single statement: nothing can be half applied', async () => {
  await clean(RULE, 'CREATE TABLE audit (id bigint);\nALTER TABLE events ADD COLUMN note text;', { history: HISTORY });
  await clean(RULE, 'CREATE INDEX CONCURRENTLY events_id_idx ON events (id);', { history: HISTORY });
  await clean(RULE, 'CREATE TABLE audit (id bigint);', { history: HISTORY, runs: 'none', convention: 'sqitch' });
});

test('IF [NOT] EXISTS is clean', async () => {
  await clean(
    RULE,
    'CREATE TABLE IF NOT EXISTS audit (id bigint);\nALTER TABLE events ADD COLUMN IF NOT EXISTS note text, DROP COLUMN IF EXISTS legacy;\nDROP INDEX CONCURRENTLY IF EXISTS events_legacy_idx;\nSELECT 1;',
    { history: HISTORY, runs: 'none', convention: 'sqitch' },
  );
});

test('fixes insert the clause where PostgreSQL expects it, and the result re-runs cleanly', async () => {
  const sql =
    'CREATE UNIQUE INDEX CONCURRENTLY events_id_idx ON events (id);\nALTER TABLE events DROP CONSTRAINT events_check, DROP legacy;\nDROP MATERIALIZED VIEW totals;\nCREATE SEQUENCE seq;\nSELECT 1;';
  let text = sql;
  for (let round = 0; round < 6; round++) {
    const [finding] = await findingsOf(RULE, text, { history: HISTORY, runs: 'none', convention: 'sqitch' });
    if (!finding) break;
    text = await applyRepair(text, finding);
  }
  assert.equal(
    text,
    'DROP INDEX CONCURRENTLY IF EXISTS events_id_idx;\nCREATE UNIQUE INDEX CONCURRENTLY events_id_idx ON events (id);\nALTER TABLE events DROP CONSTRAINT IF EXISTS events_check, DROP IF EXISTS legacy;\nDROP MATERIALIZED VIEW IF EXISTS totals;\nCREATE SEQUENCE IF NOT EXISTS seq;\nSELECT 1;',
  );
  await clean(RULE, text, { history: HISTORY, runs: 'none', convention: 'sqitch' });
});
