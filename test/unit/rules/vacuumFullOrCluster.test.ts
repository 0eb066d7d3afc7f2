import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'vacuum-full-or-cluster';
const HISTORY = 'CREATE TABLE events (id bigint PRIMARY KEY);';

test('VACUUM FULL, VACUUM (FULL) and CLUSTER are found', async () => {
  const [finding] = await fires(RULE, 'VACUUM FULL events;', { history: HISTORY }, 1);
  assert.equal(finding!.message, 'VACUUM FULL rewrites "events", blocking reads and writes (ACCESS EXCLUSIVE lock)');
  assert.equal(finding!.advice, 'Use plain VACUUM, or pg_repack / pg_squeeze to rewrite online.');
  await fires(RULE, 'VACUUM (FULL, ANALYZE) events;', { history: HISTORY });
  const [cluster] = await fires(RULE, 'CLUSTER events USING events_pkey;', { history: HISTORY });
  assert.equal(cluster!.message, 'CLUSTER rewrites "events", blocking reads and writes (ACCESS EXCLUSIVE lock)');
  const [all] = await fires(RULE, 'VACUUM FULL;');
  assert.equal(all!.message, 'VACUUM FULL rewrites every table, blocking reads and writes (ACCESS EXCLUSIVE lock)');
  const [allClustered] = await fires(RULE, 'CLUSTER;');
  assert.equal(allClustered!.message, 'CLUSTER rewrites every clustered table, blocking reads and writes (ACCESS EXCLUSIVE lock)');
  for (const each of [finding, cluster, all, allClustered]) assert.equal(messageProblem(each!.message), undefined);
});

test('plain VACUUM, VACUUM (FULL false) and ANALYZE are clean', async () => {
  await clean(RULE, 'VACUUM events;\nVACUUM (FULL false) events;\nANALYZE events;', { history: HISTORY });
});

test('exemption: a table created earlier in this migration', async () => {
  await clean(RULE, 'CREATE TABLE audit (id bigint);\nVACUUM FULL audit;');
});
