import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, findingsOf, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'detach-partition-without-concurrently';
const HISTORY = "CREATE TABLE m (at date) PARTITION BY RANGE (at);\nCREATE TABLE m_2023 PARTITION OF m FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');";

test('DETACH PARTITION is found on the subcommand', async () => {
  const sql = 'ALTER TABLE m DETACH PARTITION m_2023;';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'DETACH PARTITION m_2023');
  assert.equal(finding!.message, 'DETACH PARTITION "m_2023" blocks reads and writes on "m" (ACCESS EXCLUSIVE lock)');
  assert.equal(finding!.advice, 'Use DETACH PARTITION ... CONCURRENTLY (PostgreSQL 14+, alone, outside a transaction block).');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('CONCURRENTLY and FINALIZE are clean; before PostgreSQL 14 there is no concurrent form', async () => {
  await clean(RULE, 'ALTER TABLE m DETACH PARTITION m_2023 CONCURRENTLY;', { history: HISTORY });
  await clean(RULE, 'ALTER TABLE m DETACH PARTITION m_2023 FINALIZE;', { history: HISTORY });
  await clean(RULE, 'ALTER TABLE m DETACH PARTITION m_2023;', { history: HISTORY, pgVersion: 13 });
});

test('exemption: a partitioned table created earlier in this migration', async () => {
  await clean(RULE, `${HISTORY}\nALTER TABLE m DETACH PARTITION m_2023;`);
});

test('fix: CONCURRENTLY after the partition', async () => {
  const sql = 'ALTER TABLE m DETACH PARTITION m_2023;';
  const fixed = await applyRepair(sql, (await findingsOf(RULE, sql, { history: HISTORY }))[0]!);
  assert.equal(fixed, 'ALTER TABLE m DETACH PARTITION m_2023 CONCURRENTLY;');
  await clean(RULE, fixed, { history: HISTORY });
});
