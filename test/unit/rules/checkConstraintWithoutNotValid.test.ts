import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRepair, clean, fires, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'check-constraint-without-not-valid';
const HISTORY = 'CREATE TABLE events (id bigint PRIMARY KEY, amount numeric, "Kind" text);';

test('a validated CHECK on an existing table is found, on its subcommand', async () => {
  const sql = 'ALTER TABLE events ADD COLUMN note text, ADD CONSTRAINT positive CHECK (amount > 0);';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'ADD CONSTRAINT positive CHECK (amount > 0)');
  assert.equal(finding!.message, 'ADD CHECK blocks reads and writes on "events" (ACCESS EXCLUSIVE lock, full scan)');
  assert.equal(finding!.advice, 'Add it NOT VALID, then VALIDATE CONSTRAINT in a later migration (SHARE UPDATE EXCLUSIVE lets traffic continue).');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('NOT VALID is clean', async () => {
  await clean(RULE, 'ALTER TABLE events ADD CONSTRAINT positive CHECK (amount > 0) NOT VALID;', { history: HISTORY });
});

test('exemption: a table created earlier in the same migration', async () => {
  await clean(RULE, 'CREATE TABLE audit (amount numeric);\nALTER TABLE audit ADD CONSTRAINT positive CHECK (amount > 0);');
});

test('a CHECK inside ADD COLUMN is validated against every row too', async () => {
  const sql = 'ALTER TABLE events ADD COLUMN score int DEFAULT 0 CHECK (score >= 0);';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'CHECK (score >= 0)');
});

test('fix names an unnamed CHECK, adds NOT VALID and VALIDATE after it where statements run one by one; quoted names stay quoted', async () => {
  const sql = 'ALTER TABLE events ADD CHECK ("Kind" <> \'\');';
  const [finding] = await fires(RULE, sql, { history: HISTORY, runs: 'none' });
  const fixed = await applyRepair(sql, finding!);
  assert.equal(
    fixed,
    'ALTER TABLE events ADD CONSTRAINT "events_Kind_check" CHECK ("Kind" <> \'\') NOT VALID;\n' + 'ALTER TABLE events VALIDATE CONSTRAINT "events_Kind_check";',
  );
  await clean(RULE, fixed, { history: HISTORY, runs: 'none' });
});

test('in a file run as one transaction of no tool fearless writes migrations for: no fix (VALIDATE would hold the lock)', async () => {
  const [finding] = await fires(RULE, 'ALTER TABLE events ADD CHECK (amount > 0);', { history: HISTORY });
  // Where the tool's layout is known, the fix writes the next migration: test/cli/fixesInOwnMigration.test.ts.
  assert.deepEqual(
    (finding!.fixes ?? []).filter((fix) => fix.suppression !== true),
    [],
  );
});

test('fix for a CHECK inside ADD COLUMN moves it out, NOT VALID', async () => {
  const sql = 'ALTER TABLE events ADD COLUMN score int CONSTRAINT score_positive CHECK (score >= 0);';
  const [finding] = await fires(RULE, sql, { history: HISTORY, runs: 'none' });
  const fixed = await applyRepair(sql, finding!);
  assert.match(fixed, /^ALTER TABLE events ADD COLUMN score int;\nALTER TABLE events ADD CONSTRAINT score_positive CHECK \(score >= 0\) NOT VALID;/);
  await clean(RULE, fixed, { history: HISTORY });
});

test('fix offsets are UTF-16: emoji and accents before and inside the statement', async () => {
  const history = 'CREATE TABLE "é🎉" (amount numeric);';
  const sql = 'SELECT \'👩‍👩‍👧\';\nALTER TABLE "é🎉" ADD CHECK (amount > 0);';
  const [finding] = await fires(RULE, sql, { history, runs: 'none' });
  assert.equal(underlined(sql, finding!), 'ADD CHECK (amount > 0)');
  const fixed = await applyRepair(sql, finding!);
  assert.equal(
    fixed,
    'SELECT \'👩‍👩‍👧\';\nALTER TABLE "é🎉" ADD CONSTRAINT "é🎉_amount_check" CHECK (amount > 0) NOT VALID;\nALTER TABLE "é🎉" VALIDATE CONSTRAINT "é🎉_amount_check";',
  );
});
