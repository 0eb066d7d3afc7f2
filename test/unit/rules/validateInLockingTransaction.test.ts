import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clean, fires, underlined } from './lintSql';
import { messageProblem } from '../../helpers/messageShape';

const RULE = 'validate-in-locking-transaction';
const HISTORY = 'CREATE TABLE tenants (id bigint PRIMARY KEY);\nCREATE TABLE events (id bigint, amount numeric, tenant_id bigint);';

test('VALIDATE after ADD CONSTRAINT ... NOT VALID in the same transaction is found, naming the lock held', async () => {
  const sql = 'ALTER TABLE events ADD CONSTRAINT positive CHECK (amount > 0) NOT VALID;\nALTER TABLE events VALIDATE CONSTRAINT positive;';
  const [finding] = await fires(RULE, sql, { history: HISTORY }, 1);
  assert.equal(underlined(sql, finding!), 'VALIDATE CONSTRAINT positive');
  assert.equal(finding!.message, 'VALIDATE CONSTRAINT "positive" blocks reads and writes on "events" (ACCESS EXCLUSIVE lock already held)');
  assert.equal(
    finding!.advice,
    'Move VALIDATE to a later migration, where it takes only SHARE UPDATE EXCLUSIVE. ' +
      'The lock comes from "ALTER TABLE events ADD CONSTRAINT positive CHECK (amount ..." earlier in this transaction, which holds it until it ends.',
  );
  assert.equal(messageProblem(finding!.message), undefined);
});

test('a foreign key NOT VALID holds SHARE ROW EXCLUSIVE, which blocks writes through the scan', async () => {
  const sql =
    'BEGIN;\nALTER TABLE events ADD CONSTRAINT fk FOREIGN KEY (tenant_id) REFERENCES tenants (id) NOT VALID;\nALTER TABLE events VALIDATE CONSTRAINT fk;\nCOMMIT;';
  const [finding] = await fires(RULE, sql, { history: HISTORY, runs: 'none' }, 1);
  assert.equal(finding!.message, 'VALIDATE CONSTRAINT "fk" blocks writes on "events" (SHARE ROW EXCLUSIVE lock already held)');
  assert.equal(messageProblem(finding!.message), undefined);
});

test('another subcommand of the same ALTER TABLE holds the lock too', async () => {
  const [finding] = await fires(RULE, 'ALTER TABLE events ADD COLUMN note text, VALIDATE CONSTRAINT positive;', { history: HISTORY }, 1);
  assert.equal(finding!.message, 'VALIDATE CONSTRAINT "positive" blocks reads and writes on "events" (ACCESS EXCLUSIVE lock already held)');
  assert.equal(
    finding!.advice,
    'Move VALIDATE to a later migration, where it takes only SHARE UPDATE EXCLUSIVE. The lock comes from another subcommand of this ALTER TABLE.',
  );
});

test('VALIDATE alone, or after a COMMIT, or where statements run one by one: clean', async () => {
  await clean(RULE, 'ALTER TABLE events VALIDATE CONSTRAINT positive;', { history: HISTORY });
  await clean(RULE, 'ALTER TABLE events ADD CONSTRAINT positive CHECK (amount > 0) NOT VALID;\nCOMMIT;\nALTER TABLE events VALIDATE CONSTRAINT positive;', {
    history: HISTORY,
  });
  await clean(RULE, 'ALTER TABLE events ADD CONSTRAINT positive CHECK (amount > 0) NOT VALID;\nALTER TABLE events VALIDATE CONSTRAINT positive;', {
    history: HISTORY,
    runs: 'none',
  });
});

test('exemption: a table created earlier in this migration', async () => {
  await clean(
    RULE,
    'CREATE TABLE audit (amount numeric);\nALTER TABLE audit ADD CONSTRAINT positive CHECK (amount > 0) NOT VALID;\nALTER TABLE audit VALIDATE CONSTRAINT positive;',
  );
});
