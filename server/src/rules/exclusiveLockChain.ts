import type { Rule, RuleFinding, StatementFacts } from './rule';
import { normaliseName } from '../schema/schemaModel';
import { statementRange } from '../sql/statementParts';
import { existedBefore, quoteStatement } from './support/transactions';
import { tableLocks } from './support/tableLocks';

/**
 * ACCESS EXCLUSIVE on several existing tables in one transaction: each lock
 * is held until commit, so the first table stays blocked while the migration
 * waits for the next one, and sessions that lock them in the other order deadlock.
 */
export const exclusiveLockChain: Rule = {
  id: 'exclusive-lock-chain',
  title: 'ACCESS EXCLUSIVE on several existing tables in one transaction',
  defaultSeverity: 'warning',
  docs: {
    why:
      'Locks are released only at commit. A transaction that takes ACCESS EXCLUSIVE on one busy table and then another keeps the ' +
      'first blocked (reads included) while it waits in the queue for the second, so the outage of each lock adds up; and any ' +
      'session that locks the same tables in the other order deadlocks with it. Change one existing table per migration (or per ' +
      'transaction), each with its own lock_timeout and retry.',
    bad: 'BEGIN;\nALTER TABLE events ADD COLUMN note text;\nALTER TABLE tenants ADD COLUMN note text;\nCOMMIT;',
    good: 'ALTER TABLE events ADD COLUMN note text;',
  },
  check(context) {
    const transactions = context.statements.map((facts) => facts.transaction);
    const findings: RuleFinding[] = [];
    /** Per transaction, the tables already held in ACCESS EXCLUSIVE by earlier statements, with the statement that took each. */
    const held = new Map<number, { first: { table: string; facts: StatementFacts }; tables: Set<string> }>();
    const reported = new Set<number>();
    context.statements.forEach((facts, index) => {
      const transaction = transactions[index];
      if (transaction === undefined) return;
      // Plain views hold no data and are usually dropped and recreated together on purpose; tables and materialized views count.
      const exclusive = tableLocks(facts).filter(
        (lock) => lock.mode === 'ACCESS EXCLUSIVE' && existedBefore(facts, lock.relation) && context.schemaBefore.table(lock.relation)?.kind !== 'view',
      );
      const before = held.get(transaction);
      const added = before ? exclusive.find((lock) => !before.tables.has(normaliseName(lock.relation))) : undefined;
      if (before && added && !reported.has(transaction)) {
        reported.add(transaction);
        const first = before.first;
        findings.push({
          ...statementRange(facts.statement),
          // `This takes ACCESS EXCLUSIVE on "tenants" while the same transaction still holds it on "events"`
          message: `This takes ACCESS EXCLUSIVE on "${added.relation}" while the same transaction still holds it on "${first.table}"`,
          advice: `Change one table per migration (the lock on "${first.table}" comes from "${quoteStatement(first.facts)}").`,
        });
      }
      const [firstLock] = exclusive;
      if (!firstLock) return;
      const state = before ?? { first: { table: normaliseName(firstLock.relation), facts }, tables: new Set<string>() };
      for (const lock of exclusive) state.tables.add(normaliseName(lock.relation));
      held.set(transaction, state);
    });
    return findings;
  },
};
