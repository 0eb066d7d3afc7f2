import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';

const RULE = 'vacuum-full-or-cluster';
const HISTORY = 'CREATE TABLE events (id bigint PRIMARY KEY);';

test('VACUUM FULL, VACUUM (FULL) and CLUSTER are found', async () => {
  const [finding] = await fires(RULE, 'VACUUM FULL events;', { history: HISTORY }, 1);
  assert.match(finding!.message, /rewrites "events"/);
  await fires(RULE, 'VACUUM (FULL, ANALYZE) events;', { history: HISTORY });
  await fires(RULE, 'CLUSTER events USING events_pkey;', { history: HISTORY });
  const [all] = await fires(RULE, 'VACUUM FULL;');
  assert.match(all!.message, /every table/);
});

test('plain VACUUM, VACUUM (FULL false) and ANALYZE are clean', async () => {
  await clean(RULE, 'VACUUM events;\nVACUUM (FULL false) events;\nANALYZE events;', { history: HISTORY });
});

test('exemption: a table created earlier in this migration', async () => {
  await clean(RULE, 'CREATE TABLE audit (id bigint);\nVACUUM FULL audit;');
});
