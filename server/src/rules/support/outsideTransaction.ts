/** How to run one migration outside a transaction, in the words of the tool that runs it. */

import { conventionByName } from '../../migrations/conventions';
import type { RuleContext, StatementFacts } from '../rule';

/** One sentence saying how to get the statement out of its transaction block. */
export function howToRunOutsideTransaction(facts: StatementFacts, context: RuleContext): string {
  if (facts.inExplicitTransaction) return 'move it after the COMMIT (or drop the BEGIN ... COMMIT around it)';
  return conventionByName(context.layout.convention).outsideTransaction ?? 'put it alone in a migration of its own that your tool runs without a transaction';
}
