import { notNullCheckName, setNotNullTrustsValidatedCheck } from '../locks/notNullProof';
import { normaliseName } from '../schema/schemaModel';
import type { Rule, RuleContext, RuleFinding, StatementFacts } from './rule';
import { fixesOf, fixOf, replaceRange } from './support/edits';
import { laterMigrationFix, lockTimeoutInForce, migrationSlug } from './support/ownMigration';
import { bareName } from '../sql/astNames';
import { appendedStatementsRunApart } from './support/laterStep';
import { quoteName } from '../sql/quoteIdentifier';
import { alterTableParts, statementRange } from '../sql/statementParts';
import { existedBefore } from './support/transactions';
import { shortBlocking } from '../locks/lockModes';
import { lockInParentheses } from './support/messages';

/**
 * `SET NOT NULL` reads every row under ACCESS EXCLUSIVE, unless (PostgreSQL
 * 12+) a validated `CHECK (col IS NOT NULL)` already proves it.
 */
export const setNotNullScansTable: Rule = {
  id: 'set-not-null-scans-table',
  title: 'SET NOT NULL scans the table under ACCESS EXCLUSIVE',
  defaultSeverity: 'error',
  counterparts: { squawk: 'adding-not-nullable-field', strongMigrations: 'change_column_null' },
  docs: {
    why:
      'ALTER COLUMN ... SET NOT NULL takes ACCESS EXCLUSIVE and reads every row to prove there is no NULL: no query can use the ' +
      'table until the scan ends. From PostgreSQL 12 the scan is skipped when a validated CHECK (col IS NOT NULL) constraint ' +
      'already proves it, and such a constraint can be added NOT VALID and validated under SHARE UPDATE EXCLUSIVE, which lets ' +
      'traffic continue. So: add the CHECK NOT VALID, VALIDATE it in a later migration, SET NOT NULL (instant), drop the CHECK. ' +
      'On PostgreSQL 11 SET NOT NULL always scans: keep the validated CHECK instead.',
    bad: 'ALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL;',
    good:
      'ALTER TABLE events ADD CONSTRAINT events_tenant_id_not_null_check CHECK (tenant_id IS NOT NULL) NOT VALID;\n' +
      '-- in a later migration: VALIDATE CONSTRAINT events_tenant_id_not_null_check; SET NOT NULL; DROP CONSTRAINT events_tenant_id_not_null_check',
  },
  check(context) {
    return context.statements.flatMap((facts) => checkStatement(facts, context));
  },
};

function checkStatement(facts: StatementFacts, context: RuleContext): RuleFinding[] {
  const parts = alterTableParts(facts.statement);
  if (!parts || !existedBefore(facts, parts.table)) return [];
  const scan = facts.locks.find((lock) => lock.relation === parts.table && lock.scan);
  if (!scan) return [];
  return parts.commands.flatMap((command) => {
    const column = command.node.subtype === 'AT_SetNotNull' ? command.node.name : undefined;
    if (!column) return [];
    if (facts.columnsBefore.get(`${normaliseName(parts.table)}.${column}`)?.notNull) return [];
    const advice = setNotNullTrustsValidatedCheck(context.pgVersion)
      ? `Add CHECK (${column} IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then SET NOT NULL skips the scan; drop the CHECK afterwards.`
      : `PostgreSQL ${context.pgVersion} always scans for SET NOT NULL: add CHECK (${column} IS NOT NULL) NOT VALID and VALIDATE it in a later migration instead.`;
    const finding: RuleFinding = {
      start: command.start,
      end: command.end,
      message: `SET NOT NULL on "${parts.table}"."${column}" ${shortBlocking(scan.mode)} ${lockInParentheses(scan)}`,
      advice,
    };
    if (!setNotNullTrustsValidatedCheck(context.pgVersion) || parts.commands.length !== 1 || facts.statement.newerSyntax) return [finding];
    const table = parts.relationText;
    const name = quoteName(notNullCheckName(parts.table, column));
    const quoted = quoteName(column);
    const first = `ALTER TABLE ${table} ADD CONSTRAINT ${name} CHECK (${quoted} IS NOT NULL) NOT VALID;`;
    const rest = [
      `ALTER TABLE ${table} VALIDATE CONSTRAINT ${name};`,
      `ALTER TABLE ${table} ALTER COLUMN ${quoted} SET NOT NULL;`,
      `ALTER TABLE ${table} DROP CONSTRAINT ${name};`,
    ];
    const whole = { start: statementRange(facts.statement).start, end: facts.statement.end };
    if (appendedStatementsRunApart(facts, context)) {
      const title = 'Prove NOT NULL with a CHECK validated without blocking, then SET NOT NULL';
      return [{ ...finding, fixes: [fixOf(title, [replaceRange(whole, [first, ...rest].join('\n'))])] }];
    }
    // The validation must not run under the ADD CONSTRAINT's lock: it moves to a migration of its own.
    const timeout = lockTimeoutInForce(facts, context);
    const fix = laterMigrationFix(facts, context, {
      title: 'Add a NOT VALID CHECK now; VALIDATE it and SET NOT NULL in a new migration',
      now: [replaceRange(whole, first)],
      later: {
        slug: migrationSlug('set', bareName(parts.table), column, 'not_null'),
        forward: `${[timeout, ...rest].join('\n')}\n`,
        // Undone in reverse order: the column nullable again, and the CHECK back (NOT VALID) for the earlier reverse to drop.
        reverse: `${timeout}\nALTER TABLE ${table} ALTER COLUMN ${quoted} DROP NOT NULL;\n${first}\n`,
        outsideTransaction: false,
      },
      reverseNow: `ALTER TABLE ${table} DROP CONSTRAINT IF EXISTS ${name};`,
    });
    return [{ ...finding, ...fixesOf(fix) }];
  });
}
