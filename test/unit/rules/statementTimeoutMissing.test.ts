import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../helpers/lintText';

const RULE = 'statement-timeout-missing';
const HISTORY = 'CREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint, note text);';
const ON = { rules: { [RULE]: 'warning' as const } };

async function ids(sql: string, config: object = ON): Promise<string[]> {
  return (await lintText(sql, { history: HISTORY, config })).findings.filter((finding) => finding.ruleId === RULE).map((finding) => finding.message);
}

test('off by default: a project opts in', async () => {
  assert.deepEqual(await ids('ALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;', {}), []);
});

test('opted in: the first scan or rewrite under a lock without statement_timeout, once per file', async () => {
  assert.deepEqual(await ids('ALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;\nALTER TABLE events ALTER COLUMN note TYPE varchar(10);'), [
    'This scans "events" under ACCESS EXCLUSIVE with no statement_timeout set before it: the lock is held as long as that takes.',
  ]);
});

test("SET statement_timeout first, a new table, or a statement that neither scans nor rewrites: clean; RESET or '0' turns the cap off", async () => {
  assert.deepEqual(await ids("SET statement_timeout = '5min';\nALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;"), []);
  assert.deepEqual(await ids('CREATE TABLE t (id int);\nALTER TABLE t ALTER COLUMN id SET NOT NULL;'), []);
  assert.deepEqual(await ids('ALTER TABLE events ADD COLUMN c int;'), []);
  assert.equal((await ids("SET statement_timeout = '5min';\nRESET statement_timeout;\nALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;")).length, 1);
  assert.equal((await ids('SET statement_timeout = 0;\nALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;')).length, 1);
});
