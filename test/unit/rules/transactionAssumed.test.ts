/**
 * How a file runs is decided from evidence: the tool's known behaviour, BEGIN
 * and COMMIT in the file, else statement by statement (as psql -f runs a
 * file), said once in an info note where the assumption decides a finding.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFileText } from '../../helpers/lintText';
import { messageProblem } from '../../helpers/messageShape';

const HISTORY = {
  'migrations/0001_create.sql':
    'CREATE TABLE tenants (id bigint PRIMARY KEY);\nCREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint);\nCREATE INDEX events_tenant_old ON events (tenant_id);\n',
};

async function ruleIds(
  file: string,
  sql: string,
  config: { transactionMode?: 'auto' | 'always' | 'never' } = {},
  otherFiles: Record<string, string> = HISTORY,
): Promise<string[]> {
  const { findings } = await analyzeFileText(file, sql, { otherFiles, config });
  return findings.map((finding) => `${finding.ruleId}:${finding.severity}`);
}

const REINDEX_SWAP = 'DROP INDEX CONCURRENTLY events_tenant_old;\nCREATE INDEX CONCURRENTLY events_tenant_idx ON events (tenant_id);\n';
const NOT_VALID_THEN_VALIDATE =
  'ALTER TABLE events ADD CONSTRAINT events_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id) NOT VALID;\nALTER TABLE events VALIDATE CONSTRAINT events_tenant_fk;\n';

test('a numbered file of no recognised tool runs statement by statement: textbook autocommit scripts are clean, with one info note', async () => {
  const swap = await ruleIds('migrations/0002_swap.sql', `SET lock_timeout = '5s';\n${REINDEX_SWAP}`);
  assert.ok(!swap.some((id) => id.startsWith('cannot-run-in-transaction')), swap.join(' '));
  assert.deepEqual(
    swap.filter((id) => id.startsWith('transaction-assumed')),
    ['transaction-assumed:info'],
  );
  const validate = await ruleIds('migrations/0002_fk.sql', `SET lock_timeout = '5s';\n${NOT_VALID_THEN_VALIDATE}`);
  assert.ok(!validate.some((id) => id.startsWith('validate-in-locking-transaction')), validate.join(' '));
  assert.deepEqual(
    validate.filter((id) => id.startsWith('transaction-assumed')),
    ['transaction-assumed:info'],
  );
});

test('the note says what was assumed and how to change it, on the statement it decides', async () => {
  const sql = `SET lock_timeout = '5s';\n${REINDEX_SWAP}`;
  const { findings } = await analyzeFileText('migrations/0002_swap.sql', sql, { otherFiles: HISTORY });
  const note = findings.find((finding) => finding.ruleId === 'transaction-assumed')!;
  assert.equal(note.message, 'No migration tool recognised and no BEGIN, so statements are taken to run one by one');
  assert.equal(
    note.advice,
    'If your tool wraps each file in a transaction, set "transactionMode": "always" in fearless.config.json ("never" states the default and silences this note).',
  );
  assert.equal(messageProblem(note.message), undefined);
  assert.equal(sql.slice(note.start, note.end), 'DROP INDEX CONCURRENTLY events_tenant_old');
});

test('explicit BEGIN ... COMMIT is a transaction in every mode', async () => {
  for (const transactionMode of ['auto', 'always', 'never'] as const) {
    const ids = await ruleIds('migrations/0002_swap.sql', `BEGIN;\n${REINDEX_SWAP}COMMIT;\n`, { transactionMode });
    assert.equal(ids.filter((id) => id === 'cannot-run-in-transaction:error').length, 2, `${transactionMode}: ${ids.join(' ')}`);
    assert.ok(!ids.some((id) => id.startsWith('transaction-assumed')));
  }
});

test('transactionMode "always" says the tool wraps the file: the findings come back and the note goes', async () => {
  const ids = await ruleIds('migrations/0002_fk.sql', NOT_VALID_THEN_VALIDATE, { transactionMode: 'always' });
  assert.ok(ids.includes('validate-in-locking-transaction:warning') || ids.includes('validate-in-locking-transaction:error'), ids.join(' '));
  assert.ok(!ids.some((id) => id.startsWith('transaction-assumed')));
  assert.ok(
    !(await ruleIds('migrations/0002_fk.sql', NOT_VALID_THEN_VALIDATE, { transactionMode: 'never' })).some((id) => id.startsWith('transaction-assumed')),
  );
});

test("a recognised tool's behaviour decides: golang-migrate sends the file as one query string (one implicit transaction)", async () => {
  const history = {
    'migrations/0001_create.up.sql': HISTORY['migrations/0001_create.sql'],
    'migrations/0001_create.down.sql': 'DROP TABLE events;\nDROP TABLE tenants;\n',
  };
  const ids = await ruleIds('migrations/0002_swap.up.sql', REINDEX_SWAP, {}, history);
  assert.equal(ids.filter((id) => id === 'cannot-run-in-transaction:error').length, 2, ids.join(' '));
  assert.ok(!ids.some((id) => id.startsWith('transaction-assumed')));
});

test('no note where the assumption decides nothing: one statement, or statements no rule reads transactions for', async () => {
  assert.ok(
    !(await ruleIds('migrations/0002_one.sql', 'CREATE INDEX CONCURRENTLY events_id_idx ON events (id);\n')).some((id) => id.startsWith('transaction-assumed')),
  );
  assert.ok(
    !(await ruleIds('migrations/0002_new.sql', 'CREATE TABLE audit (id bigint);\nCREATE INDEX audit_id_idx ON audit (id);\n')).some((id) =>
      id.startsWith('transaction-assumed'),
    ),
  );
});

test('"Ignore transaction-assumed in this file" adds the file directive, and the note is gone', async () => {
  const sql = `SET lock_timeout = '5s';\n${REINDEX_SWAP}`;
  const { findings } = await analyzeFileText('migrations/0002_swap.sql', sql, { otherFiles: HISTORY });
  const note = findings.find((finding) => finding.ruleId === 'transaction-assumed')!;
  const ignore = note.fixes!.find((fix) => fix.suppression)!;
  assert.equal(ignore.title, 'Ignore transaction-assumed in this file');
  const ignored = ignore.edits.reduce((text, edit) => text.slice(0, edit.start) + edit.newText + text.slice(edit.end), sql);
  assert.match(ignored, /^-- fearless-ignore-file transaction-assumed\n/);
  const again = await analyzeFileText('migrations/0002_swap.sql', ignored, { otherFiles: HISTORY });
  assert.ok(!again.findings.some((finding) => finding.ruleId === 'transaction-assumed'));
});
