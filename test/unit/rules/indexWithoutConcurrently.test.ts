import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'index-without-concurrently';
const HISTORY = 'CREATE TABLE events (id bigint, tenant_id bigint);';

test('CREATE INDEX on an existing table is found, naming the SHARE lock; the safe way is the advice', async () => {
  const [finding] = await fires(RULE, 'CREATE INDEX events_tenant_idx ON events (tenant_id);', { history: HISTORY }, 1);
  assert.equal(finding!.message, 'CREATE INDEX blocks writes on "events" (SHARE lock, full scan)');
  assert.equal(finding!.advice, 'Use CREATE INDEX CONCURRENTLY (outside a transaction block).');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('CONCURRENTLY is clean', async () => {
  await clean(RULE, 'CREATE INDEX CONCURRENTLY events_tenant_idx ON events (tenant_id);', { history: HISTORY });
});

test('exemption: a table created earlier in this migration', async () => {
  await clean(RULE, 'CREATE TABLE audit (id bigint);\nCREATE INDEX ON audit (id);');
});

test('fix: CONCURRENTLY after INDEX', async () => {
  const sql = 'CREATE UNIQUE INDEX events_tenant_idx ON events (tenant_id);';
  const fixed = await applyRepair(sql, (await fires(RULE, sql, { history: HISTORY }))[0]!);
  assert.equal(fixed, 'CREATE UNIQUE INDEX CONCURRENTLY events_tenant_idx ON events (tenant_id);');
  await clean(RULE, fixed, { history: HISTORY });
});

test('a partitioned table: no CONCURRENTLY fix (unsupported there), the ON ONLY recipe instead; ON ONLY itself is clean', async () => {
  const history = 'CREATE TABLE m (at int) PARTITION BY RANGE (at);\nCREATE TABLE m1 PARTITION OF m FOR VALUES FROM (0) TO (10);';
  const [finding] = await fires(RULE, 'CREATE INDEX m_at_idx ON m (at);', { history }, 1);
  assert.equal(finding!.message, 'CREATE INDEX blocks writes on every partition of "m" (SHARE locks, full scans)');
  assert.equal(messageProblem(finding!.message), undefined);
  assert.equal(
    finding!.advice,
    'CONCURRENTLY is not supported on partitioned tables: CREATE INDEX ... ON ONLY "m", then CREATE INDEX CONCURRENTLY on each partition and ALTER INDEX ... ATTACH PARTITION each one.',
  );
  assert.equal((finding!.fixes ?? []).filter((fix) => !fix.suppression).length, 0);
  await clean(RULE, 'CREATE INDEX m_at_idx ON ONLY m (at);', { history });
});
