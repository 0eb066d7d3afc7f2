import { lockModesConflict } from '../locks/lockModes';
import type { LockFact } from '../locks/lockFact';
import type { Rule, RuleFinding, StatementFacts } from './rule';
import { backfillOf } from './support/backfills';
import { statementRange } from '../sql/statementParts';
import { tableLocks } from './support/tableLocks';
import { existedBefore, quoteStatement } from './support/transactions';
import { quotedList } from './support/messages';

/** The verb as the message says it (no `...`, which would read as the end of a sentence). */
const VERB: Record<'UPDATE' | 'DELETE' | 'INSERT ... SELECT', string> = { UPDATE: 'UPDATE', DELETE: 'DELETE', 'INSERT ... SELECT': 'INSERT from a SELECT' };

interface TransactionState {
  held: Map<string, { lock: LockFact; by: StatementFacts }>;
  finding?: RuleFinding;
  more: number;
}

/**
 * A data backfill in the same transaction as a schema change: the DDL's lock
 * (ACCESS EXCLUSIVE for most ALTER TABLE) is held until commit, so it blocks
 * the tables for the whole backfill.
 */
export const backfillInSchemaTransaction: Rule = {
  id: 'backfill-in-schema-transaction',
  title: 'Data backfill in the same transaction as a schema change',
  defaultSeverity: 'error',
  docs: {
    why:
      'A schema change takes its lock (ACCESS EXCLUSIVE for most ALTER TABLE) in milliseconds, but keeps it until the transaction ' +
      'ends. An UPDATE, DELETE or INSERT ... SELECT after it in the same transaction runs while that lock is held, so every ' +
      'query on the altered tables waits for the whole backfill. Commit the schema change first; backfill in a separate ' +
      'migration or job, in batches.',
    bad: "BEGIN;\nALTER TABLE events ADD COLUMN region text;\nUPDATE events SET region = 'eu' WHERE id < 1000;\nCOMMIT;",
    good: "UPDATE events SET region = 'eu' WHERE id < 1000;",
  },
  check(context) {
    const transactions = context.statements.map((facts) => facts.transaction);
    /** Per transaction: the write-blocking locks its schema changes hold so far, and its finding once there is one. */
    const state = new Map<number, TransactionState>();
    const findings: RuleFinding[] = [];
    context.statements.forEach((facts, index) => {
      const transaction = transactions[index];
      if (transaction === undefined) return;
      const current: TransactionState = state.get(transaction) ?? { held: new Map(), more: 0 };
      state.set(transaction, current);
      const backfill = backfillOf(facts.statement);
      // Locks taken earlier in this migration on tables it created block nobody; an explicit LOCK TABLE is lock-table's concern.
      const held = backfill ? [...current.held.values()].filter((entry) => existedBefore(facts, entry.lock.relation)) : [];
      if (backfill && held.length > 0) {
        if (current.finding) {
          current.more++;
        } else {
          const first = held[0]!;
          const tables = [...new Set(held.map((entry) => entry.lock.relation))];
          current.finding = {
            ...statementRange(facts.statement),
            // `UPDATE runs in the transaction holding ACCESS EXCLUSIVE on "events"` (at most 89 characters: SHARE ROW EXCLUSIVE on "a" and 99 more)
            message: `${VERB[backfill.verb]} runs in the transaction holding ${first.lock.mode} on ${quotedList(tables)}`,
            advice: `Commit the schema change ("${quoteStatement(first.by)}") first and backfill in a separate migration or job.`,
          };
          findings.push(current.finding);
        }
      }
      if (facts.statement.kind === 'LockStmt') return;
      for (const lock of tableLocks(facts)) {
        if (lockModesConflict(lock.mode, 'ROW EXCLUSIVE') && !current.held.has(lock.relation)) current.held.set(lock.relation, { lock, by: facts });
      }
    });
    for (const { finding, more } of state.values()) {
      if (finding && more > 0)
        finding.advice = `${finding.advice ?? ''} ${more} more data change${more === 1 ? ' runs' : 's run'} later in this transaction, under the same locks.`;
    }
    return findings;
  },
};
