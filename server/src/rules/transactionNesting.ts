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
            message:
              'BEGIN inside a transaction that is already open is ignored ("there is already a transaction in progress"), so the next COMMIT ends the outer transaction. Remove it.',
          });
        } else if (wrapped) {
          findings.push({
            ...statementRange(facts.statement),
            message: `The migration tool (${context.layout.convention}) already runs this file in a transaction: this BEGIN is ignored and its COMMIT commits the tool's transaction early. Remove BEGIN/COMMIT, or turn the tool's transaction off for this migration.`,
          });
        }
        open = true;
      } else if (control === 'end') {
        if (!open && wrapped) {
          findings.push({
            ...statementRange(facts.statement),
            message: `This ends the transaction the migration tool (${context.layout.convention}) runs the file in: later statements run outside any transaction, and the tool's own COMMIT finds none. Remove it.`,
          });
        }
        open = false;
      }
    }
    return findings;
  },
};
