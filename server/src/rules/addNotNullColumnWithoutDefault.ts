import type { Rule, RuleFinding, StatementFacts } from './rule';
import { normaliseName } from '../schema/schemaModel';
import { relationName, type RangeVarNode } from '../sql/astNames';
import { alterTableParts, bodyOf, constraintsOf, typeNameOf } from '../sql/statementParts';
import { existedBefore } from './support/transactions';

const FILLS_ITSELF = new Set(['CONSTR_DEFAULT', 'CONSTR_IDENTITY', 'CONSTR_GENERATED']);
const SERIAL_TYPES = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

/** `ADD COLUMN c int NOT NULL` with nothing to fill existing rows fails on any table that has rows. */
export const addNotNullColumnWithoutDefault: Rule = {
  id: 'add-not-null-column-without-default',
  title: 'NOT NULL column added without a default to an existing table',
  defaultSeverity: 'error',
  counterparts: { squawk: 'adding-required-field' },
  docs: {
    why:
      'A new column is NULL in every existing row unless it has a default. Adding it NOT NULL without a DEFAULT fails with "column ' +
      'contains null values" on any table with rows: the migration passes on an empty development database and breaks in ' +
      'production. Add a constant DEFAULT (instant since PostgreSQL 11), or add the column nullable, backfill it, and set NOT NULL ' +
      'through a validated CHECK constraint.',
    bad: 'ALTER TABLE events ADD COLUMN region text NOT NULL;',
    good: "ALTER TABLE events ADD COLUMN region text NOT NULL DEFAULT 'unknown';",
  },
  check(context) {
    return context.statements.flatMap((facts, index) => checkStatement(facts, context.statements.slice(0, index)));
  },
};

/** An earlier statement of the file empties the table: TRUNCATE, or DELETE without WHERE. */
function emptiedBefore(earlier: readonly StatementFacts[], table: string): boolean {
  return earlier.some(({ statement }) => {
    const truncated = bodyOf<{ relations?: { RangeVar?: RangeVarNode }[] }>(statement, 'TruncateStmt');
    if (truncated) return (truncated.relations ?? []).some((entry) => sameRelation(relationName(entry.RangeVar), table));
    const deleted = bodyOf<{ relation?: RangeVarNode; whereClause?: unknown }>(statement, 'DeleteStmt');
    return deleted !== undefined && deleted.whereClause === undefined && sameRelation(relationName(deleted.relation), table);
  });
}

function sameRelation(a: string | undefined, b: string): boolean {
  return a !== undefined && normaliseName(a) === normaliseName(b);
}

function checkStatement(facts: StatementFacts, earlier: readonly StatementFacts[]): RuleFinding[] {
  const parts = alterTableParts(facts.statement);
  if (!parts || !existedBefore(facts, parts.table) || emptiedBefore(earlier, parts.table)) return [];
  return parts.commands.flatMap((command) => {
    const column = command.node.subtype === 'AT_AddColumn' ? command.node.def?.ColumnDef : undefined;
    const constraints = constraintsOf(column);
    const notNull = constraints.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY');
    if (!column || !notNull || constraints.some((c) => c.contype !== undefined && FILLS_ITSELF.has(c.contype))) return [];
    if (SERIAL_TYPES.has(typeNameOf(column.typeName))) return [];
    return [
      {
        start: command.start,
        end: command.end,
        message: `ADD COLUMN "${column.colname ?? ''}" NOT NULL without a DEFAULT fails if "${parts.table}" has rows ("column contains null values")`,
        advice: 'Give it a constant DEFAULT, or add it nullable, backfill, then set NOT NULL through a validated CHECK.',
      },
    ];
  });
}
