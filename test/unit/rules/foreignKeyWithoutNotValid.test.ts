import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, findingsOf, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'foreign-key-without-not-valid';
const HISTORY = 'CREATE TABLE tenants (id bigint PRIMARY KEY);\nCREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint);';

test('a validated foreign key on an existing table is found, naming both tables and the lock', async () => {
  const sql = 'ALTER TABLE events ADD CONSTRAINT events_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id);';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'ADD CONSTRAINT events_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)');
  assert.equal(finding!.message, 'ADD FOREIGN KEY blocks writes on "events" and "tenants" (SHARE ROW EXCLUSIVE locks, full scan)');
  assert.equal(finding!.advice, 'Add it NOT VALID, then VALIDATE CONSTRAINT in a later migration (SHARE UPDATE EXCLUSIVE lets traffic continue).');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('a statement that also takes ACCESS EXCLUSIVE on the table: that lock, and the referenced table, are named', async () => {
  const sql = 'ALTER TABLE events ADD COLUMN note text, ADD CONSTRAINT events_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id);';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(finding!.message, 'ADD FOREIGN KEY to "tenants" blocks reads and writes on "events" (ACCESS EXCLUSIVE lock, full scan)');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('a self-reference names the table once', async () => {
  const history = 'CREATE TABLE comments (id bigint PRIMARY KEY, parent_id bigint);';
  const [finding] = await fires(RULE, 'ALTER TABLE comments ADD FOREIGN KEY (parent_id) REFERENCES comments (id);', { history }, 1);
  assert.equal(finding!.message, 'ADD FOREIGN KEY blocks writes on "comments" (SHARE ROW EXCLUSIVE lock, full scan)');
});

test('NOT VALID is clean; so is a foreign key declared in CREATE TABLE', async () => {
  await clean(RULE, 'ALTER TABLE events ADD CONSTRAINT fk FOREIGN KEY (tenant_id) REFERENCES tenants (id) NOT VALID;', { history: HISTORY });
  await clean(RULE, 'CREATE TABLE audit (id bigint, tenant_id bigint REFERENCES tenants (id));', { history: HISTORY });
});

test('exemption: the referencing table was created earlier in the same migration', async () => {
  await clean(RULE, 'CREATE TABLE audit (id bigint, tenant_id bigint);\nALTER TABLE audit ADD FOREIGN KEY (tenant_id) REFERENCES tenants (id);', {
    history: HISTORY,
  });
});

test('an inline REFERENCES in ADD COLUMN is found on the REFERENCES clause', async () => {
  const sql = 'ALTER TABLE events ADD COLUMN owner_id bigint NOT NULL DEFAULT 0 REFERENCES tenants (id) ON DELETE CASCADE;';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'REFERENCES tenants (id) ON DELETE CASCADE');
});

test('in a file run as one transaction of no tool fearless writes migrations for: no fix (VALIDATE would hold the lock)', async () => {
  const sql = 'ALTER TABLE events ADD FOREIGN KEY (tenant_id) REFERENCES tenants (id);';
  const [finding] = await fires(RULE, sql, { history: HISTORY });
  // Where the tool's layout is known, the fix writes the next migration: test/cli/fixesInOwnMigration.test.ts.
  assert.deepEqual(
    (finding!.fixes ?? []).filter((fix) => fix.suppression !== true),
    [],
  );
  assert.match(finding!.advice!, /VALIDATE CONSTRAINT in a later migration/);
});

test('fix, where statements run one by one: VALIDATE as a real statement after it', async () => {
  const sql = 'SELECT 1;\nALTER TABLE events ADD CONSTRAINT fk FOREIGN KEY (tenant_id) REFERENCES tenants (id)';
  const [finding] = await fires(RULE, sql, { history: HISTORY, runs: 'none' });
  const fixed = await applyRepair(sql, finding!);
  assert.equal(
    fixed,
    'SELECT 1;\nALTER TABLE events ADD CONSTRAINT fk FOREIGN KEY (tenant_id) REFERENCES tenants (id) NOT VALID;\nALTER TABLE events VALIDATE CONSTRAINT fk;',
  );
  await clean(RULE, fixed, { history: HISTORY, runs: 'none' });
});

test('fix for an inline REFERENCES moves it to a NOT VALID constraint', async () => {
  const sql = 'ALTER TABLE events ADD COLUMN owner_id bigint REFERENCES tenants (id);';
  const fixed = await applyRepair(sql, (await findingsOf(RULE, sql, { history: HISTORY, runs: 'none' }))[0]!);
  assert.equal(
    fixed,
    'ALTER TABLE events ADD COLUMN owner_id bigint;\nALTER TABLE events ADD CONSTRAINT events_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES tenants (id) NOT VALID;\n' +
      'ALTER TABLE events VALIDATE CONSTRAINT events_owner_id_fkey;',
  );
  await clean(RULE, fixed, { history: HISTORY, runs: 'none' });
});
