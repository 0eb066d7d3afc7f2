import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'transaction-nesting';

test('BEGIN inside an open BEGIN is found', async () => {
  const sql = 'BEGIN;\nSELECT 1;\nBEGIN;\nSELECT 2;\nCOMMIT;\nCOMMIT;';
  const [finding] = await fires(RULE, sql, {}, 1);
  assert.equal(finding!.start, sql.indexOf('BEGIN', 1));
  assert.equal(finding!.message, 'BEGIN inside an open transaction is ignored, so the next COMMIT ends the outer one');
  assert.equal(finding!.advice, 'Remove this BEGIN and its COMMIT: the outer transaction already covers the statements between them.');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('BEGIN or COMMIT in a file the tool wraps in its own transaction is found', async () => {
  const [begin] = await fires(RULE, 'BEGIN;\nSELECT 1;\nCOMMIT;', { runs: 'wrapped', convention: 'diesel' }, 1);
  assert.equal(begin!.message, "This BEGIN is ignored in diesel's transaction, and its COMMIT ends it early");
  assert.equal(begin!.advice, 'Remove BEGIN/COMMIT and let diesel own the transaction, or turn its transaction off for this migration.');
  const [commit] = await fires(RULE, 'SELECT 1;\nCOMMIT;\nSELECT 2;', { runs: 'wrapped', convention: 'diesel' }, 1);
  assert.equal(commit!.message, "This ends diesel's transaction, so later statements run without one");
  assert.equal(commit!.advice, 'Remove it and let diesel commit, or turn its transaction off for this migration.');
  for (const finding of [begin!, commit!]) assert.equal(messageProblem(finding.message), undefined, finding.message);
});

test('consecutive explicit transactions, in a file the tool does not wrap, are clean', async () => {
  await clean(RULE, 'BEGIN;\nSELECT 1;\nCOMMIT;\nBEGIN;\nSELECT 2;\nCOMMIT;');
  await clean(RULE, 'BEGIN;\nSELECT 1;\nCOMMIT;', { runs: 'none' });
});

test('a bare COMMIT honours transactionMode as the CONCURRENTLY rules do', async () => {
  const sql = 'ALTER TABLE events ADD COLUMN note text;\nCOMMIT;\nCREATE INDEX CONCURRENTLY events_note_idx ON events (note);';
  await fires('transaction-nesting', sql, { history: 'CREATE TABLE events (id int);', runs: 'wrapped' }, 1);
  await clean('transaction-nesting', sql, { history: 'CREATE TABLE events (id int);', runs: 'wrapped', transactionMode: 'never' });
  const [always] = await fires('transaction-nesting', sql, { history: 'CREATE TABLE events (id int);', runs: 'none', transactionMode: 'always' }, 1);
  // No tool recognised (plain), wrapped because transactionMode says so.
  assert.equal(always!.message, "This ends the migration tool's transaction, so later statements run without one");
  assert.equal(messageProblem(always!.message), undefined);
});
