import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, findingsOf, hasRepair, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'set-not-null-scans-table';
const HISTORY = 'CREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint, kind text NOT NULL);';

test('SET NOT NULL on an existing table is found, on the subcommand', async () => {
  const sql = "ALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL, ALTER COLUMN kind SET DEFAULT 'x';";
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'ALTER COLUMN tenant_id SET NOT NULL');
  assert.equal(finding!.message, 'SET NOT NULL on "events"."tenant_id" blocks reads and writes (ACCESS EXCLUSIVE lock, full scan)');
  assert.equal(
    finding!.advice,
    'Add CHECK (tenant_id IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then SET NOT NULL skips the scan; drop the CHECK afterwards.',
  );
  assert.equal(messageProblem(finding!.message), undefined);
});

test('a column that is already NOT NULL: nothing to check, no finding', async () => {
  await clean(RULE, 'ALTER TABLE events ALTER COLUMN kind SET NOT NULL;', { history: HISTORY });
});

test('exemption: a table created earlier in the same migration', async () => {
  await clean(RULE, 'CREATE TABLE audit (id bigint);\nALTER TABLE audit ALTER COLUMN id SET NOT NULL;');
});

test('exemption: PostgreSQL 12+ with a validated CHECK (col IS NOT NULL) from an earlier migration skips the scan', async () => {
  const history = `${HISTORY}\nALTER TABLE events ADD CONSTRAINT tenant_nn CHECK (tenant_id IS NOT NULL) NOT VALID;\nALTER TABLE events VALIDATE CONSTRAINT tenant_nn;`;
  await clean(RULE, 'ALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;', { history });
});

test('with a validated CHECK, PostgreSQL 11 still scans: found, and no fix (the CHECK is the safe form there)', async () => {
  const history = `${HISTORY}\nALTER TABLE events ADD CONSTRAINT tenant_nn CHECK (tenant_id IS NOT NULL);`;
  const [finding] = await fires(RULE, 'ALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;', { history, pgVersion: 11 });
  assert.equal(finding!.message, 'SET NOT NULL on "events"."tenant_id" blocks reads and writes (ACCESS EXCLUSIVE lock, full scan)');
  assert.equal(
    finding!.advice,
    'PostgreSQL 11 always scans for SET NOT NULL: add CHECK (tenant_id IS NOT NULL) NOT VALID and VALIDATE it in a later migration instead.',
  );
  assert.equal(hasRepair(finding), false);
});

test('in a file run as one transaction of no tool fearless writes migrations for: no fix (VALIDATE would hold the lock)', async () => {
  const sql = 'ALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;';
  const [finding] = await findingsOf(RULE, sql, { history: HISTORY });
  // Where the tool's layout is known, the fix writes the next migration: test/cli/fixesInOwnMigration.test.ts.
  assert.deepEqual(
    (finding!.fixes ?? []).filter((fix) => fix.suppression !== true),
    [],
  );
  assert.match(finding!.advice!, /VALIDATE it in a later migration/);
});

test('fix where statements run one by one: the four steps as SQL', async () => {
  const sql = 'SELECT 1;\nALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;';
  const fixed = await applyRepair(sql, (await findingsOf(RULE, sql, { history: HISTORY, runs: 'none' }))[0]!);
  assert.equal(
    fixed,
    'SELECT 1;\nALTER TABLE events ADD CONSTRAINT events_tenant_id_not_null_check CHECK (tenant_id IS NOT NULL) NOT VALID;\n' +
      'ALTER TABLE events VALIDATE CONSTRAINT events_tenant_id_not_null_check;\n' +
      'ALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;\n' +
      'ALTER TABLE events DROP CONSTRAINT events_tenant_id_not_null_check;',
  );
});
