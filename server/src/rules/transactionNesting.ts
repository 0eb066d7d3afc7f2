import type { Rule, RuleFinding } from './rule';
import { statementRange } from '../sql/statementParts';
import { toolWrapsPart } from './support/transactions';

/**
 * BEGIN inside a transaction is ignored with a warning, so the COMMIT meant
 * for the inner one ends the outer one: what follows runs outside any
 * transaction, and a later failure leaves the migration half applied.
 */
export const transactionNesting: Rule = {
  id: 'transaction-nesting',
  title: 'BEGIN or COMMIT inside a transaction the migration already runs in',
  defaultSeverity: 'warning',
  counterparts: { squawk: 'transaction-nesting' },
  docs: {
    why:
      'PostgreSQL has no nested transactions: a BEGIN inside a transaction only prints "there is already a transaction in progress", ' +
      'and the next COMMIT ends the outer transaction. When the migration tool wraps the file in a transaction, a BEGIN ... COMMIT ' +
      "in the file commits the tool's transaction early: the statements after it run outside any transaction, and a failure " +
      'leaves the migration half applied while the tool thinks nothing happened. Let the tool own the transaction, or turn its ' +
      'wrapping off for this migration.',
    bad: 'BEGIN;\nALTER TABLE events ADD COLUMN note text;\nBEGIN;\nALTER TABLE events ADD COLUMN region text;\nCOMMIT;\nCOMMIT;',
    good: 'BEGIN;\nALTER TABLE events ADD COLUMN note text;\nALTER TABLE events ADD COLUMN region text;\nCOMMIT;',
  },
  check(context) {
    const findings: RuleFinding[] = [];
    // "diesel's transaction"; a file of no recognised tool that transactionMode says is wrapped: "the migration tool's".
    const tool = context.layout.convention === 'plain' ? 'the migration tool' : context.layout.convention;
    let open = false;
    let previousSection = context.statements[0]?.section;
    for (const facts of context.statements) {
      if (facts.section !== previousSection) open = false;
      previousSection = facts.section;
      const control = facts.transactionControl;
      const wrapped = toolWrapsPart(facts, context);
      if (control === 'begin') {
        if (open) {
          findings.push({
            ...statementRange(facts.statement),
            message: 'BEGIN inside an open transaction is ignored, so the next COMMIT ends the outer one',
            advice: 'Remove this BEGIN and its COMMIT: the outer transaction already covers the statements between them.',
          });
        } else if (wrapped) {
          findings.push({
            ...statementRange(facts.statement),
            message: `This BEGIN is ignored in ${tool}'s transaction, and its COMMIT ends it early`,
            advice: `Remove BEGIN/COMMIT and let ${tool} own the transaction, or turn its transaction off for this migration.`,
          });
        }
        open = true;
      } else if (control === 'end') {
        if (!open && wrapped) {
          findings.push({
            ...statementRange(facts.statement),
            message: `This ends ${tool}'s transaction, so later statements run without one`,
            advice: `Remove it and let ${tool} commit, or turn its transaction off for this migration.`,
          });
        }
        open = false;
      }
    }
    return findings;
  },
};
