import type { RangeVarNode } from '../sql/astNames';
import { relationName } from '../sql/astNames';
import { shortBlocking } from '../locks/lockModes';
import { normaliseName } from '../schema/schemaModel';
import { blocksMessage } from './support/messages';
import type { Rule, RuleContext, RuleFinding, StatementFacts } from './rule';
import { notValidFixForColumnConstraint, notValidFixForTableConstraint } from './support/notValidFix';
import { generatedName, quoteName } from '../sql/quoteIdentifier';
import { bareName } from '../sql/astNames';
import { alterTableParts, constraintRanges, constraintsOf } from '../sql/statementParts';
import { existedBefore } from './support/transactions';
import type { ConstraintNode } from '../sql/ast';

/**
 * A foreign key added to an existing table is checked against every row
 * while SHARE ROW EXCLUSIVE on both tables blocks their writes.
 */
export const foreignKeyWithoutNotValid: Rule = {
  id: 'foreign-key-without-not-valid',
  title: 'Foreign key validated while writes to both tables wait',
  defaultSeverity: 'error',
  counterparts: { squawk: 'adding-foreign-key-constraint', strongMigrations: 'add_foreign_key' },
  docs: {
    why:
      'ADD FOREIGN KEY takes SHARE ROW EXCLUSIVE on the table and on the table it references, then reads every row to check it has a ' +
      'match: writes to both tables wait for the whole scan. Add the constraint NOT VALID (instant; new and updated rows are checked ' +
      'from then on) and run ALTER TABLE ... VALIDATE CONSTRAINT in a later migration: validation takes SHARE UPDATE EXCLUSIVE, which ' +
      'lets reads and writes continue. In the same transaction the VALIDATE would still hold the first lock.',
    bad: 'ALTER TABLE events ADD CONSTRAINT events_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id);',
    good:
      'ALTER TABLE events ADD CONSTRAINT events_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants (id) NOT VALID;\n' +
      '-- in a later migration: ALTER TABLE events VALIDATE CONSTRAINT events_tenant_id_fkey;',
  },
  check(context) {
    return context.statements.flatMap((facts) => checkStatement(facts, context));
  },
};

function names(items: { String?: { sval?: string } }[] | undefined): string[] {
  return (items ?? []).map((item) => item.String?.sval ?? '').filter(Boolean);
}

/** `ADD FOREIGN KEY blocks writes on "events" and "tenants" (SHARE ROW EXCLUSIVE locks, full scan)`. */
function message(table: string, constraint: ConstraintNode, facts: StatementFacts): string {
  const referenced = relationName(constraint.pktable as RangeVarNode | undefined);
  const mode = facts.locks.find((candidate) => candidate.relation === table)?.mode ?? 'SHARE ROW EXCLUSIVE';
  // The scan is the validation; a rewrite in the same statement is other rules' business.
  const lock = { relation: table, mode, scan: true, rewrite: false };
  if (!referenced || normaliseName(referenced) === normaliseName(table)) return blocksMessage('ADD FOREIGN KEY', lock);
  if (mode === 'SHARE ROW EXCLUSIVE') return `ADD FOREIGN KEY ${shortBlocking(mode)} on "${table}" and "${referenced}" (${mode} locks, full scan)`;
  return blocksMessage(`ADD FOREIGN KEY to "${referenced}"`, lock);
}

const ADVICE = 'Add it NOT VALID, then VALIDATE CONSTRAINT in a later migration (SHARE UPDATE EXCLUSIVE lets traffic continue).';

function checkStatement(facts: StatementFacts, context: RuleContext): RuleFinding[] {
  const parts = alterTableParts(facts.statement);
  if (!parts || !existedBefore(facts, parts.table)) return [];
  const scanned = facts.locks.some((lock) => lock.relation === parts.table && lock.scan);
  if (!scanned) return [];
  const findings: RuleFinding[] = [];
  for (const command of parts.commands) {
    const constraint = command.node.def?.Constraint;
    if (command.node.subtype === 'AT_AddConstraint' && constraint?.contype === 'CONSTR_FOREIGN' && !constraint.skip_validation) {
      const name = constraint.conname ?? generatedName(bareName(parts.table), ...names(constraint.fk_attrs), 'fkey');
      const fix = notValidFixForTableConstraint({ facts, context, tableText: parts.relationText, constraint, name }, command);
      findings.push({
        start: command.start,
        end: command.end,
        message: message(parts.table, constraint, facts),
        advice: ADVICE,
        ...(fix ? { fixes: [fix] } : {}),
      });
    }
    const column = command.node.subtype === 'AT_AddColumn' ? command.node.def?.ColumnDef : undefined;
    const inline = constraintsOf(column);
    const index = inline.findIndex((c) => c.contype === 'CONSTR_FOREIGN' && !c.skip_validation);
    if (!column?.colname || index < 0) continue;
    const clause = constraintRanges(facts.statement, column, command)?.[index] ?? command;
    const foreignKey = inline[index]!;
    const name = foreignKey.conname ?? generatedName(bareName(parts.table), column.colname, 'fkey');
    const fix = notValidFixForColumnConstraint(
      { facts, context, tableText: parts.relationText, constraint: foreignKey, name },
      clause,
      (text) => `FOREIGN KEY (${quoteName(column.colname!)}) ${text}`,
    );
    findings.push({ start: clause.start, end: clause.end, message: message(parts.table, foreignKey, facts), advice: ADVICE, ...(fix ? { fixes: [fix] } : {}) });
  }
  return findings;
}
