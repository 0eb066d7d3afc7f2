import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'replica-identity-dropped';
const HISTORY = 'CREATE TABLE orders (id bigint PRIMARY KEY, tenant_id bigint, code text NOT NULL);\nCREATE UNIQUE INDEX orders_code_key ON orders (code);';

test('dropping the primary key (known from the history, or by its default name) is found at the subcommand', async () => {
  const sql = "SET lock_timeout = '2s';\nALTER TABLE orders DROP CONSTRAINT orders_pkey;";
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'DROP CONSTRAINT orders_pkey');
  assert.equal(finding!.message, 'Dropping the primary key of "orders" makes UPDATEs and DELETEs fail if published');
  assert.equal(
    finding!.advice,
    'Replace the key in the same transaction with the same columns, or set REPLICA IDENTITY FULL on "orders" first ' +
      '(and back once the new key exists): without a replica identity a published table refuses UPDATE and DELETE.',
  );
  assert.equal(messageProblem(finding!.message), undefined);
  await fires(RULE, 'ALTER TABLE invoices DROP CONSTRAINT invoices_pkey;', {}, 1);
});

test('replaced in the same transaction with the same columns: clean; with other columns, or outside a transaction: found', async () => {
  await clean(RULE, 'BEGIN;\nALTER TABLE orders DROP CONSTRAINT orders_pkey;\nALTER TABLE orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);\nCOMMIT;', {
    history: HISTORY,
  });
  await clean(RULE, 'ALTER TABLE orders DROP CONSTRAINT orders_pkey, ADD PRIMARY KEY (id);', { history: HISTORY, runs: 'none' });
  await fires(
    RULE,
    'BEGIN;\nALTER TABLE orders DROP CONSTRAINT orders_pkey;\nALTER TABLE orders ADD PRIMARY KEY (id, tenant_id);\nCOMMIT;',
    { history: HISTORY },
    1,
  );
  await fires(RULE, 'ALTER TABLE orders DROP CONSTRAINT orders_pkey;\nALTER TABLE orders ADD PRIMARY KEY (id);', { history: HISTORY, runs: 'none' }, 1);
});

test('REPLICA IDENTITY FULL first: clean; USING INDEX moves the hazard to that index', async () => {
  await clean(RULE, 'ALTER TABLE orders DROP CONSTRAINT orders_pkey;', { history: `${HISTORY}\nALTER TABLE orders REPLICA IDENTITY FULL;` });
  const identityIndex = `${HISTORY}\nALTER TABLE orders REPLICA IDENTITY USING INDEX orders_code_key;`;
  await clean(RULE, 'ALTER TABLE orders DROP CONSTRAINT orders_pkey;', { history: identityIndex });
  const [finding] = await fires(RULE, 'DROP INDEX CONCURRENTLY orders_code_key;', { history: identityIndex, runs: 'none' }, 1);
  assert.equal(finding!.message, 'Dropping the replica identity index "orders_code_key" of "orders" makes UPDATEs and DELETEs fail if published');
  assert.equal(finding!.advice, 'Set REPLICA IDENTITY FULL (or USING INDEX another unique index) on "orders" before dropping it.');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('other constraints, tables created in this migration, and reverse parts: clean', async () => {
  await clean(RULE, 'ALTER TABLE orders DROP CONSTRAINT orders_tenant_fkey;', { history: HISTORY });
  await clean(RULE, 'CREATE TABLE t (id int PRIMARY KEY);\nALTER TABLE t DROP CONSTRAINT t_pkey;', { history: HISTORY, runs: 'none' });
  await clean(RULE, 'ALTER TABLE orders DROP CONSTRAINT orders_pkey;', { history: HISTORY, role: 'reverse' });
});

test('a table dropped, or renamed to a backup with a new one taking its name, before the transaction commits: clean', async () => {
  // As Authelia's V0002.WebAuthn does: drop the key, rename the table to a backup, create the new one with its key.
  await clean(
    RULE,
    'BEGIN;\nALTER TABLE orders DROP CONSTRAINT orders_pkey;\nALTER TABLE orders RENAME TO _bkp_orders;\nCREATE TABLE orders (id bigint PRIMARY KEY);\nCOMMIT;',
    { history: HISTORY },
  );
  await clean(RULE, 'BEGIN;\nALTER TABLE orders DROP CONSTRAINT orders_pkey;\nDROP TABLE orders;\nCOMMIT;', { history: HISTORY });
  await clean(RULE, 'BEGIN;\nALTER TABLE orders DROP CONSTRAINT orders_pkey;\nALTER TABLE orders RENAME TO _bkp_orders;\nDROP TABLE _bkp_orders;\nCOMMIT;', {
    history: HISTORY,
  });
  // Only renamed, the table is still the one the application writes to (under its new name): found.
  await fires(RULE, 'BEGIN;\nALTER TABLE orders DROP CONSTRAINT orders_pkey;\nALTER TABLE orders RENAME TO purchases;\nCOMMIT;', { history: HISTORY }, 1);
  // Outside a transaction the renamed table sits without a key in between: still found.
  await fires(
    RULE,
    'ALTER TABLE orders DROP CONSTRAINT orders_pkey;\nALTER TABLE orders RENAME TO _bkp_orders;\nCREATE TABLE orders (id bigint PRIMARY KEY);',
    { history: HISTORY, runs: 'none' },
    1,
  );
});
