import type { Rule, RuleContext, RuleFinding, StatementFacts } from './rule';
import { notValidFixForColumnConstraint, notValidFixForTableConstraint } from './support/notValidFix';
import { generatedName } from '../sql/quoteIdentifier';
import { bareName } from '../sql/astNames';
import { alterTableParts, constraintRanges, constraintsOf, firstColumnIn } from '../sql/statementParts';
import { existedBefore } from './support/transactions';
import { blocksMessage } from './support/messages';

/**
 * A CHECK constraint added to an existing table is checked against every
 * row under ACCESS EXCLUSIVE: no reads, no writes until the scan ends.
 */
export const checkConstraintWithoutNotValid: Rule = {
  id: 'check-constraint-without-not-valid',
  title: 'CHECK constraint validated under ACCESS EXCLUSIVE',
  defaultSeverity: 'error',
  counterparts: { squawk: 'constraint-missing-not-valid', strongMigrations: 'add_check_constraint' },
  docs: {
    why:
      'ADD CONSTRAINT ... CHECK takes ACCESS EXCLUSIVE and reads every row to prove the condition, so every query on the table waits ' +
      'for the whole scan. Add it NOT VALID (instant; new and updated rows are checked from then on), then run ALTER TABLE ... ' +
      'VALIDATE CONSTRAINT in a later migration: validation takes SHARE UPDATE EXCLUSIVE, which lets reads and writes continue. ' +
      'In the same transaction the VALIDATE would still hold ACCESS EXCLUSIVE.',
    bad: 'ALTER TABLE events ADD CONSTRAINT events_amount_positive CHECK (amount > 0);',
    good:
      'ALTER TABLE events ADD CONSTRAINT events_amount_positive CHECK (amount > 0) NOT VALID;\n' +
      '-- in a later migration: ALTER TABLE events VALIDATE CONSTRAINT events_amount_positive;',
  },
  check(context) {
    return context.statements.flatMap((facts) => checkStatement(facts, context));
  },
};

/** `ADD CHECK blocks reads and writes on "events" (ACCESS EXCLUSIVE lock, full scan)`, with the statement's own lock on the table. */
function message(table: string, facts: StatementFacts): string {
  const mode = facts.locks.find((lock) => lock.relation === table && lock.scan)?.mode ?? 'ACCESS EXCLUSIVE';
  // The scan is the validation; a rewrite in the same statement is other rules' business.
  return blocksMessage('ADD CHECK', { relation: table, mode, scan: true, rewrite: false });
}

const ADVICE = 'Add it NOT VALID, then VALIDATE CONSTRAINT in a later migration (SHARE UPDATE EXCLUSIVE lets traffic continue).';

function checkStatement(facts: StatementFacts, context: RuleContext): RuleFinding[] {
  const parts = alterTableParts(facts.statement);
  if (!parts || !existedBefore(facts, parts.table)) return [];
  if (!facts.locks.some((lock) => lock.relation === parts.table && lock.scan)) return [];
  const bare = bareName(parts.table);
  const findings: RuleFinding[] = [];
  for (const command of parts.commands) {
    const constraint = command.node.def?.Constraint;
    if (command.node.subtype === 'AT_AddConstraint' && constraint?.contype === 'CONSTR_CHECK' && !constraint.skip_validation) {
      const name = constraint.conname ?? generatedName(bare, firstColumnIn(constraint.raw_expr) ?? '', 'check');
      const fix = notValidFixForTableConstraint({ facts, context, tableText: parts.relationText, constraint, name }, command);
      findings.push({ start: command.start, end: command.end, message: message(parts.table, facts), advice: ADVICE, ...(fix ? { fixes: [fix] } : {}) });
    }
    const column = command.node.subtype === 'AT_AddColumn' ? command.node.def?.ColumnDef : undefined;
    const inline = constraintsOf(column);
    const index = inline.findIndex((c) => c.contype === 'CONSTR_CHECK' && !c.skip_validation);
    if (!column?.colname || index < 0) continue;
    const clause = constraintRanges(facts.statement, column, command)?.[index] ?? command;
    const check = inline[index]!;
    const name = check.conname ?? generatedName(bare, column.colname, 'check');
    const fix = notValidFixForColumnConstraint({ facts, context, tableText: parts.relationText, constraint: check, name }, clause, (text) => text);
    findings.push({ start: clause.start, end: clause.end, message: message(parts.table, facts), advice: ADVICE, ...(fix ? { fixes: [fix] } : {}) });
  }
  return findings;
}
