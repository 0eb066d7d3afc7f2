import { lockModesConflict, shortBlocking } from '../locks/lockModes';
import type { Rule, RuleFinding } from './rule';
import { statementRange } from '../sql/statementParts';
import { existedBefore } from './support/transactions';
import { lockInParentheses } from './support/messages';
import { tableLocks } from './support/tableLocks';
import { quotedList } from './support/messages';

/** An explicit LOCK TABLE holds its lock until the transaction ends: everything else in the migration runs under it. */
export const lockTable: Rule = {
  id: 'lock-table',
  title: 'LOCK TABLE in a migration',
  defaultSeverity: 'warning',
  docs: {
    why:
      'LOCK TABLE takes ACCESS EXCLUSIVE unless a mode is given, and holds it until the transaction ends: every statement after it ' +
      'in the migration, however slow, runs while the table is blocked. It is sometimes right (to take locks in a fixed order ' +
      'and avoid deadlocks), but then take the weakest mode that works, set lock_timeout, and keep the transaction short.',
    bad: 'BEGIN;\nLOCK TABLE events;\nUPDATE events SET kind = lower(kind) WHERE id < 1000;\nCOMMIT;',
    good: 'BEGIN;\nUPDATE events SET kind = lower(kind) WHERE id < 1000;\nCOMMIT;',
  },
  check(context) {
    return context.statements.flatMap((facts): RuleFinding[] => {
      if (facts.statement.kind !== 'LockStmt') return [];
      const blocking = tableLocks(facts).filter((lock) => lockModesConflict(lock.mode, 'ROW EXCLUSIVE') && existedBefore(facts, lock.relation));
      const strongest = blocking.find((lock) => lock.mode === 'ACCESS EXCLUSIVE') ?? blocking[0];
      if (!strongest) return [];
      return [
        {
          ...statementRange(facts.statement),
          // `LOCK TABLE blocks reads and writes on "events" until commit (ACCESS EXCLUSIVE lock)`
          message: `LOCK TABLE ${shortBlocking(strongest.mode)} on ${quotedList(blocking.map((lock) => lock.relation))} until commit ${lockInParentheses(strongest)}`,
          advice: 'Take the weakest mode that works, or drop the explicit lock.',
        },
      ];
    });
  },
};
