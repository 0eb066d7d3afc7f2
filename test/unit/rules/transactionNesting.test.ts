import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires } from './lintSql';

const RULE = 'transaction-nesting';

test('BEGIN inside an open BEGIN is found', async () => {
  const sql = 'BEGIN;\nSELECT 1;\nBEGIN;\nSELECT 2;\nCOMMIT;\nCOMMIT;';
  const [finding] = await fires(RULE, sql, {}, 1);
  assert.equal(finding!.start, sql.indexOf('BEGIN', 1));
});

test('BEGIN or COMMIT in a file the tool wraps in its own transaction is found', async () => {
  await fires(RULE, 'BEGIN;\nSELECT 1;\nCOMMIT;', { runs: 'wrapped', convention: 'diesel' }, 1);
  const [commit] = await fires(RULE, 'SELECT 1;\nCOMMIT;\nSELECT 2;', { runs: 'wrapped', convention: 'diesel' }, 1);
  assert.match(commit!.message, /ends the transaction the migration tool \(diesel\) runs the file in/);
});

test('consecutive explicit transactions, in a file the tool does not wrap, are clean', async () => {
  await clean(RULE, 'BEGIN;\nSELECT 1;\nCOMMIT;\nBEGIN;\nSELECT 2;\nCOMMIT;');
  await clean(RULE, 'BEGIN;\nSELECT 1;\nCOMMIT;', { runs: 'none' });
});

test('a bare COMMIT honours transactionMode as the CONCURRENTLY rules do', async () => {
  const sql = 'ALTER TABLE events ADD COLUMN note text;\nCOMMIT;\nCREATE INDEX CONCURRENTLY events_note_idx ON events (note);';
  await fires('transaction-nesting', sql, { history: 'CREATE TABLE events (id int);', runs: 'wrapped' }, 1);
  await clean('transaction-nesting', sql, { history: 'CREATE TABLE events (id int);', runs: 'wrapped', transactionMode: 'never' });
  await fires('transaction-nesting', sql, { history: 'CREATE TABLE events (id int);', runs: 'none', transactionMode: 'always' }, 1);
});
