import type { Rule, RuleFinding, StatementFacts } from './rule';
import { statementRange } from '../sql/statementParts';
import { toolWrapsPart } from './support/transactions';

/** A BEGIN with no COMMIT: what the migration did is rolled back when the connection closes, or committed by whatever runs next. */
export const uncommittedTransaction: Rule = {
  id: 'uncommitted-transaction',
  title: 'BEGIN without a matching COMMIT',
  defaultSeverity: 'warning',
  counterparts: { squawk: 'ban-uncommitted-transaction' },
  docs: {
    why:
      'A migration that opens a transaction and never commits it leaves the outcome to chance: the tool may report success and ' +
      'close the connection (everything rolls back), or later statements on the same connection silently join the open ' +
      'transaction and hold its locks. End every BEGIN with COMMIT in the same migration.',
    bad: 'BEGIN;\nALTER TABLE events ADD COLUMN note text;',
    good: 'BEGIN;\nALTER TABLE events ADD COLUMN note text;\nCOMMIT;',
  },
  check(context) {
    const findings: RuleFinding[] = [];
    let openedBy: StatementFacts | undefined;
    let previousSection = context.statements[0]?.section;
    const report = (): void => {
      // A part the tool wraps ends with the tool's own COMMIT, which closes a BEGIN left open (the COMMIT ... BEGIN idiom around CONCURRENTLY).
      if (openedBy && !toolWrapsPart(openedBy, context))
        findings.push({
          ...statementRange(openedBy.statement),
          message: 'This BEGIN is never committed in this migration',
          advice: 'Add COMMIT at the end of its statements, or the work is rolled back (or left holding its locks) when the tool moves on.',
        });
      openedBy = undefined;
    };
    for (const facts of context.statements) {
      if (facts.section !== previousSection) report();
      previousSection = facts.section;
      const control = facts.transactionControl;
      if (control === 'begin') openedBy ??= facts;
      else if (control === 'end') openedBy = undefined;
    }
    report();
    return findings;
  },
};
