/**
 * Fixes that split work into steps (add NOT VALID, then VALIDATE) must not
 * put the second step where it still runs under the first step's lock: a
 * statement appended to a file that runs as one transaction holds that lock
 * until commit. Such steps are written as a commented block to move to a
 * later migration; they are written as SQL only where they really run apart.
 */

import type { RuleContext, StatementFacts } from '../rule';

/** Statements appended right after this one would run outside its transaction. */
export function appendedStatementsRunApart(facts: StatementFacts, context: RuleContext): boolean {
  if (facts.inTransaction) return false;
  if (facts.section?.transaction === 'none') return true;
  // Several statements and still no transaction: the tool runs them one by one.
  return context.statements.filter((other) => other.section === facts.section).length > 1;
}

/** The text to append after the statement: the steps as SQL, or as a commented block for a later migration. */
export function laterSteps(steps: readonly string[], runApart: boolean, why: string): string {
  if (runApart) return `\n${steps.join('\n')}`;
  return `\n-- In a later migration (its own transaction, so ${why}):\n${steps.map((step) => `-- ${step}`).join('\n')}`;
}
