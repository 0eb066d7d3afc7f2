import { lockModesConflict, shortBlocking, type LockMode } from '../locks/lockModes';
import { normaliseName } from '../schema/schemaModel';
import type { Rule, RuleFinding } from './rule';
import { alterTableParts } from '../sql/statementParts';
import { tableLocks } from './support/tableLocks';
import { existedBefore, quoteStatement } from './support/transactions';

const MOVE = 'Move VALIDATE to a later migration, where it takes only SHARE UPDATE EXCLUSIVE.';

const blocksWrites = (mode: LockMode): boolean => lockModesConflict(mode, 'ROW EXCLUSIVE');

/**
 * `VALIDATE CONSTRAINT` only helps because it takes SHARE UPDATE EXCLUSIVE.
 * In a transaction that already holds a stronger lock on the table (from the
 * ADD CONSTRAINT ... NOT VALID before it, say), the scan runs under that lock.
 */
export const validateInLockingTransaction: Rule = {
  id: 'validate-in-locking-transaction',
  title: 'VALIDATE CONSTRAINT in the transaction that already locked the table',
  defaultSeverity: 'error',
  counterparts: { strongMigrations: 'validate_foreign_key, validate_check_constraint' },
  docs: {
    why:
      'NOT VALID followed by VALIDATE CONSTRAINT avoids a long lock only when the two run in different transactions. Locks are held ' +
      'until the transaction ends, so a VALIDATE in the same transaction as the ADD CONSTRAINT (ACCESS EXCLUSIVE for CHECK, ' +
      'SHARE ROW EXCLUSIVE for foreign keys) or any other write-blocking statement on the table scans every row while that lock ' +
      'is still held: exactly the outage NOT VALID was meant to avoid. Put VALIDATE in the next migration.',
    bad:
      'BEGIN;\nALTER TABLE events ADD CONSTRAINT events_amount_positive CHECK (amount > 0) NOT VALID;\n' +
      'ALTER TABLE events VALIDATE CONSTRAINT events_amount_positive;\nCOMMIT;',
    good: '-- the migration after the one that added events_amount_positive NOT VALID:\nALTER TABLE events VALIDATE CONSTRAINT events_amount_positive;',
  },
  check(context) {
    const transactions = context.statements.map((facts) => facts.transaction);
    /** Per transaction, per table: the first write-blocking lock an earlier statement took on it. */
    const held = new Map<number, Map<string, { mode: LockMode; by: string }>>();
    const findings: RuleFinding[] = [];
    context.statements.forEach((facts, index) => {
      const transaction = transactions[index];
      const locks = tableLocks(facts);
      const parts = alterTableParts(facts.statement);
      const validations = parts?.commands.filter((command) => command.node.subtype === 'AT_ValidateConstraint') ?? [];
      if (parts && validations.length > 0 && existedBefore(facts, parts.table)) {
        const table = normaliseName(parts.table);
        const earlier = transaction === undefined ? undefined : held.get(transaction)?.get(table);
        const own = locks.find((lock) => normaliseName(lock.relation) === table && blocksWrites(lock.mode));
        const holder = earlier
          ? { mode: earlier.mode, advice: `${MOVE} The lock comes from "${earlier.by}" earlier in this transaction, which holds it until it ends.` }
          : own
            ? { mode: own.mode, advice: `${MOVE} The lock comes from another subcommand of this ALTER TABLE.` }
            : undefined;
        if (holder) {
          for (const command of validations) {
            findings.push({
              start: command.start,
              end: command.end,
              message: `VALIDATE CONSTRAINT "${command.node.name ?? ''}" ${shortBlocking(holder.mode)} on "${parts.table}" (${holder.mode} lock already held)`,
              advice: holder.advice,
            });
          }
        }
      }
      if (transaction === undefined) return;
      const tables = held.get(transaction) ?? new Map<string, { mode: LockMode; by: string }>();
      held.set(transaction, tables);
      for (const lock of locks) {
        const table = normaliseName(lock.relation);
        if (blocksWrites(lock.mode) && !tables.has(table)) tables.set(table, { mode: lock.mode, by: quoteStatement(facts) });
      }
    });
    return findings;
  },
};
