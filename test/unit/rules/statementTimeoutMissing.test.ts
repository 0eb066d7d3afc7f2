import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lintText } from '../../helpers/lintText';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'statement-timeout-missing';
const HISTORY = 'CREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint, note text);';
const ON = { rules: { [RULE]: 'warning' as const } };

async function findings(sql: string, config: object = ON) {
  return (await lintText(sql, { history: HISTORY, config })).findings.filter((finding) => finding.ruleId === RULE);
}

async function ids(sql: string, config: object = ON): Promise<string[]> {
  return (await findings(sql, config)).map((finding) => finding.message);
}

test('off by default: a project opts in', async () => {
  assert.deepEqual(await ids('ALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;', {}), []);
});

test('opted in: the first scan or rewrite under a lock without statement_timeout, once per file', async () => {
  const found = await findings('ALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;\nALTER TABLE events ALTER COLUMN note TYPE varchar(10);');
  assert.deepEqual(
    found.map((finding) => finding.message),
    ['This scans "events" under ACCESS EXCLUSIVE with no statement_timeout set before it'],
  );
  assert.equal(found[0]!.advice, "Add SET statement_timeout = '5min'; before it: past the limit the statement fails and releases its lock.");
  assert.equal(messageProblem(found[0]!.message), undefined);
  const [rewrite] = await ids('ALTER TABLE events ALTER COLUMN note TYPE varchar(10);');
  assert.equal(rewrite, 'This rewrites "events" under ACCESS EXCLUSIVE with no statement_timeout set before it');
});

test("SET statement_timeout first, a new table, or a statement that neither scans nor rewrites: clean; RESET or '0' turns the cap off", async () => {
  assert.deepEqual(await ids("SET statement_timeout = '5min';\nALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;"), []);
  assert.deepEqual(await ids('CREATE TABLE t (id int);\nALTER TABLE t ALTER COLUMN id SET NOT NULL;'), []);
  assert.deepEqual(await ids('ALTER TABLE events ADD COLUMN c int;'), []);
  assert.equal((await ids("SET statement_timeout = '5min';\nRESET statement_timeout;\nALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;")).length, 1);
  assert.equal((await ids('SET statement_timeout = 0;\nALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;')).length, 1);
});
