/**
 * What the pairing rules say: one short sentence each (what the Problems
 * panel shows whole), and the advice naming the counterpart file where the
 * finding is about it.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../../server/src/rules';
import { analyzeFileText } from '../helpers/lintText';
import { messageProblem } from '../helpers/messageShape';

const HISTORY = {
  'migrations/1_create.up.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, legacy text, name text);\nCREATE TABLE audit_log (id bigint);\n',
  'migrations/1_create.down.sql': 'DROP TABLE audit_log;\nDROP TABLE events;\n',
};

async function findingsOf(ruleId: string, file: string, sql: string, otherFiles: Record<string, string>): Promise<Finding[]> {
  const { findings } = await analyzeFileText(file, sql, { otherFiles: { ...HISTORY, ...otherFiles } });
  const found = findings.filter((finding) => finding.ruleId === ruleId);
  for (const finding of found) {
    assert.equal(messageProblem(finding.message), undefined, finding.message);
    assert.ok(finding.advice, `${ruleId} gives no advice: ${finding.message}`);
  }
  return found;
}

test('reverse-missing: the file that does not exist, and writing it as the advice', async () => {
  const [finding] = await findingsOf('reverse-missing', 'migrations/2_add.up.sql', 'ALTER TABLE events ADD COLUMN region text;\n', {});
  assert.equal(finding?.message, 'The reverse migration "2_add.down.sql" does not exist');
  assert.equal(finding.advice, 'Write 2_add.down.sql with the forward, so the change can be rolled back.');
});

test('reverse-missing: a dbmate file without its down section', async () => {
  const [finding] = await findingsOf('reverse-missing', 'db/migrations/20200101000000_add.sql', '-- migrate:up\nCREATE TABLE notes (id bigint);\n', {});
  assert.equal(finding?.message, 'This dbmate migration has no reverse section');
  assert.equal(finding.advice, 'Add a reverse section that undoes the forward, so the change can be rolled back.');
});

test('reverse-empty: the empty reverse is named in the message', async () => {
  const [finding] = await findingsOf('reverse-empty', 'migrations/2_add.up.sql', 'ALTER TABLE events ADD COLUMN region text;\n', {
    'migrations/2_add.down.sql': '-- nothing to undo\n',
  });
  assert.equal(finding?.message, 'The reverse "migrations/2_add.down.sql" has no statements, so rolling back undoes nothing');
  assert.equal(finding.advice, 'Write the statements that undo the forward; if it cannot be undone, say so there with RAISE EXCEPTION in a DO block.');
});

test('reverse-incomplete: what is not undone, and where to undo it', async () => {
  const [finding] = await findingsOf(
    'reverse-incomplete',
    'migrations/2_add.up.sql',
    'ALTER TABLE events ADD COLUMN region text;\nALTER TABLE events RENAME COLUMN name TO title;\n',
    { 'migrations/2_add.down.sql': 'ALTER TABLE events DROP COLUMN region;\n' },
  );
  assert.equal(finding?.message, 'The forward renames column "events"."name" to "title", which the reverse does not undo');
  assert.equal(finding.advice, 'Rename it back in the reverse (migrations/2_add.down.sql).');
});

test('reverse-unexpected: what the reverse destroys, and which forward it should match', async () => {
  const [finding] = await findingsOf('reverse-unexpected', 'migrations/2_add.down.sql', 'ALTER TABLE events DROP COLUMN region;\nDROP TABLE audit_log;\n', {
    'migrations/2_add.up.sql': 'ALTER TABLE events ADD COLUMN region text;\n',
  });
  assert.equal(finding?.message, 'The reverse drops table "audit_log", which the forward never created');
  assert.equal(
    finding.advice,
    'Remove it from the reverse, which should undo only what its forward (migrations/2_add.up.sql) does: rolling back would destroy something that existed before this migration.',
  );
});

test('data-loss-in-pair: a dropped column, a rollback that drops what the forward added, a narrowing type change', async () => {
  const [dropped] = await findingsOf('data-loss-in-pair', 'migrations/2_drop.up.sql', 'ALTER TABLE events DROP COLUMN legacy;\n', {
    'migrations/2_drop.down.sql': 'ALTER TABLE events ADD COLUMN legacy text;\n',
  });
  assert.equal(dropped?.message, 'The forward drops column "events"."legacy" and its data, which no reverse can restore');
  assert.match(dropped.advice!, /^Keep a copy first \(a backup table or an export\), or stage the drop/);

  const [rollback] = await findingsOf('data-loss-in-pair', 'migrations/2_add.down.sql', 'ALTER TABLE events DROP COLUMN region;\n', {
    'migrations/2_add.up.sql': 'ALTER TABLE events ADD COLUMN region text;\n',
  });
  assert.equal(rollback?.message, 'Rolling back drops column "events"."region" with the values written to it since the forward ran');
  assert.equal(rollback.advice, 'Keep a copy first (a backup table or an export) if those values matter.');

  const [narrowed] = await findingsOf('data-loss-in-pair', 'migrations/2_narrow.up.sql', 'ALTER TABLE events ALTER COLUMN name TYPE varchar(20);\n', {
    'migrations/2_narrow.down.sql': 'ALTER TABLE events ALTER COLUMN name TYPE text;\n',
  });
  assert.equal(narrowed?.message, 'Changing "events"."name" from text to varchar(20) can lose data');
  assert.match(narrowed.advice!, /^Check that every value fits the new type first, or keep a copy/);
});
