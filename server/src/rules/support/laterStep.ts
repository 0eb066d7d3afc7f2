/**
 * Fixes that split work into steps (add NOT VALID, then VALIDATE) must not
 * put the second step where it still runs under the first step's lock: a
 * statement appended to a file that runs as one transaction holds that lock
 * until commit. Steps are appended as SQL only where they really run apart;
 * elsewhere they go into a new migration (ownMigration.ts).
 */

import type { RuleContext, StatementFacts } from '../rule';

/** Statements appended right after this one would run outside its transaction. */
export function appendedStatementsRunApart(facts: StatementFacts, context: RuleContext): boolean {
  if (facts.inTransaction) return false;
  if (facts.section?.transaction === 'none') return true;
  // Several statements and still no transaction: the tool runs them one by one.
  return context.statements.filter((other) => other.section === facts.section).length > 1;
}
