import type { Fix, Rule, RuleContext, RuleFinding, StatementFacts } from './rule';
import { fixOf, replaceRange } from './support/edits';
import { appendedStatementsRunApart } from './support/laterStep';
import { aloneInMigration, laterMigrationFix, lockTimeoutInForce, migrationSlug, removal } from './support/ownMigration';
import { generatedName, quoteName } from '../sql/quoteIdentifier';
import { bareName } from '../sql/astNames';
import { alterTableParts, constraintsOf, statementRange, type AlterTableParts } from '../sql/statementParts';
import { existedBefore } from './support/transactions';
import type { ConstraintNode } from '../sql/ast';
import { normaliseName } from '../schema/schemaModel';
import { blocksMessage } from './support/messages';
import { tableLocks } from './support/tableLocks';

/**
 * `ADD PRIMARY KEY` / `ADD UNIQUE` without `USING INDEX` builds the index
 * while ACCESS EXCLUSIVE blocks every read and write of the table.
 */
export const constraintBuildsIndexUnderLock: Rule = {
  id: 'constraint-builds-index-under-lock',
  title: 'PRIMARY KEY or UNIQUE constraint builds its index under ACCESS EXCLUSIVE',
  defaultSeverity: 'error',
  counterparts: { squawk: 'disallowed-unique-constraint, adding-serial-primary-key-field', strongMigrations: 'add_unique_constraint' },
  docs: {
    why:
      'ALTER TABLE ... ADD PRIMARY KEY or ADD UNIQUE builds a unique index over every row while holding ACCESS EXCLUSIVE: no ' +
      'query can read or write the table for the whole build. Build the index first with CREATE UNIQUE INDEX CONCURRENTLY (in ' +
      'a migration of its own, outside a transaction), then attach it with ADD CONSTRAINT ... USING INDEX, which is instant. ' +
      'For a primary key the columns must already be NOT NULL, or attaching it scans the table to set NOT NULL.',
    bad: 'ALTER TABLE events ADD CONSTRAINT events_external_id_key UNIQUE (external_id);',
    good:
      '-- previous migration, outside a transaction: CREATE UNIQUE INDEX CONCURRENTLY events_external_id_key ON events (external_id);\n' +
      'ALTER TABLE events ADD CONSTRAINT events_external_id_key UNIQUE USING INDEX events_external_id_key;',
  },
  check(context) {
    return context.statements.flatMap((facts) => checkStatement(facts, context));
  },
};

function kindOf(constraint: ConstraintNode | undefined): 'PRIMARY KEY' | 'UNIQUE' | undefined {
  if (constraint?.indexname) return undefined;
  return constraint?.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : constraint?.contype === 'CONSTR_UNIQUE' ? 'UNIQUE' : undefined;
}

function checkStatement(facts: StatementFacts, context: RuleContext): RuleFinding[] {
  const parts = alterTableParts(facts.statement);
  if (!parts || !existedBefore(facts, parts.table)) return [];
  // The statement's own lock on the table (it may rewrite it: ADD COLUMN bigserial PRIMARY KEY); the index build reads every row.
  const own = tableLocks(facts).find((candidate) => normaliseName(candidate.relation) === normaliseName(parts.table));
  const lock = { relation: parts.table, mode: own?.mode ?? ('ACCESS EXCLUSIVE' as const), scan: true, rewrite: own?.rewrite ?? false };
  return parts.commands.flatMap((command) => {
    const tableConstraint = command.node.subtype === 'AT_AddConstraint' ? command.node.def?.Constraint : undefined;
    const column = command.node.subtype === 'AT_AddColumn' ? command.node.def?.ColumnDef : undefined;
    const constraint = kindOf(tableConstraint) ? tableConstraint : constraintsOf(column).find((c) => kindOf(c) !== undefined);
    const kind = kindOf(constraint);
    if (!constraint || !kind) return [];
    const finding: RuleFinding = {
      start: command.start,
      end: command.end,
      message: blocksMessage(`ADD ${kind}`, lock),
      advice:
        `Build the index with CREATE UNIQUE INDEX CONCURRENTLY in a migration of its own, then ADD CONSTRAINT ... ${kind} USING INDEX.` +
        (kind === 'PRIMARY KEY' ? ' The key columns must already be NOT NULL, or attaching the key scans the table.' : ''),
    };
    const fix = tableConstraint && parts.commands.length === 1 ? usingIndexFix(facts, context, parts, tableConstraint, kind) : undefined;
    return [{ ...finding, ...(fix ? { fixes: [fix] } : {}) }];
  });
}

/** `ADD CONSTRAINT k UNIQUE (a, b)` → `CREATE UNIQUE INDEX CONCURRENTLY k ...` then `ADD CONSTRAINT k UNIQUE USING INDEX k`. */
function usingIndexFix(facts: StatementFacts, context: RuleContext, parts: AlterTableParts, constraint: ConstraintNode, kind: string): Fix | undefined {
  const node = constraint as ConstraintNode & {
    including?: unknown[];
    options?: unknown[];
    indexspace?: string;
    nulls_not_distinct?: boolean;
    deferrable?: boolean;
  };
  const columns = (constraint.keys ?? []).map((key) => key.String?.sval).filter((name): name is string => name !== undefined);
  if (columns.length === 0 || node.including || node.options || node.indexspace || node.deferrable || facts.statement.newerSyntax) return undefined;
  const bare = bareName(parts.table);
  const name = quoteName(constraint.conname ?? (kind === 'PRIMARY KEY' ? generatedName(bare, 'pkey') : generatedName(bare, ...columns, 'key')));
  const nulls = node.nulls_not_distinct ? ' NULLS NOT DISTINCT' : '';
  const build = `CREATE UNIQUE INDEX CONCURRENTLY ${name} ON ${parts.relationText} (${columns.map(quoteName).join(', ')})${nulls};`;
  const attach = `ALTER TABLE ${parts.relationText} ADD CONSTRAINT ${name} ${kind} USING INDEX ${name};`;
  const title = `Build the index CONCURRENTLY, then ADD ${kind} USING INDEX`;
  if (appendedStatementsRunApart(facts, context)) {
    return fixOf(title, [replaceRange({ start: statementRange(facts.statement).start, end: facts.statement.end }, `${build}\n${attach}`)]);
  }
  // The build cannot run in this file's transaction: it moves, with the attach after it, to two new migrations.
  if (aloneInMigration(facts, context) || !context.text) return undefined;
  const timeout = lockTimeoutInForce(facts, context);
  return laterMigrationFix(facts, context, {
    title: `${title}, in new migrations`,
    now: [removal(facts.statement, context.text)],
    later: [
      { slug: migrationSlug('build', name), forward: `${build}\n`, reverse: `DROP INDEX CONCURRENTLY IF EXISTS ${name};\n`, outsideTransaction: true },
      {
        slug: migrationSlug('add', name),
        forward: `${timeout}\n${attach}\n`,
        // Dropping the constraint drops its index, which the build migration's reverse expects to find.
        reverse:
          `${timeout}\nALTER TABLE ${parts.relationText} DROP CONSTRAINT ${name};\n` +
          `-- Rebuilt as it was before this migration (the rollback path, under the table lock):\n` +
          `-- fearless-ignore index-without-concurrently\n${build.replace(' CONCURRENTLY', '')}\n`,
        outsideTransaction: false,
      },
    ],
    reverseNow: '',
  });
}
