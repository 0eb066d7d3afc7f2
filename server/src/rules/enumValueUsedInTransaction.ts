import { normaliseName, type SchemaModel } from '../schema/schemaModel';
import { bareName, dottedName, type StringNode } from '../sql/astNames';
import type { Rule, RuleContext, RuleFinding, StatementFacts } from './rule';
import { appendAfter, fixOf } from './support/edits';
import { bodyOf, statementRange } from '../sql/statementParts';

interface AddedValue {
  type: string;
  value: string;
  transaction: number;
  statement: StatementFacts;
}

interface ValueUses {
  /** Literals cast to a type: `'refunded'::order_status` (type → values). */
  casts: Map<string, Set<string>>;
  /** Literals compared with or assigned to a column: `status = 'refunded'`, `SET status = ...`, an INSERT's values (column → values). */
  columns: Map<string, Set<string>>;
}

function literal(node: unknown): string | undefined {
  return (node as { A_Const?: { sval?: { sval?: string } } } | undefined)?.A_Const?.sval?.sval;
}

function columnName(node: unknown): string | undefined {
  return (node as { ColumnRef?: { fields?: StringNode[] } } | undefined)?.ColumnRef?.fields?.at(-1)?.String?.sval;
}

function add(into: Map<string, Set<string>>, key: string | undefined, value: string | undefined): void {
  if (key === undefined || value === undefined) return;
  if (!into.has(key)) into.set(key, new Set());
  into.get(key)!.add(value);
}

/** Where a statement puts string literals: cast to a type, or against a column. */
function valueUses(node: unknown, found: ValueUses = { casts: new Map(), columns: new Map() }): ValueUses {
  if (Array.isArray(node)) {
    for (const item of node) valueUses(item, found);
    return found;
  }
  if (!node || typeof node !== 'object') return found;
  // biome-ignore lint/suspicious/noExplicitAny: a walk over the parser's JSON reads fields of any node, checked as it goes
  const record = node as Record<string, any>;
  const cast = record['TypeCast'];
  if (cast) add(found.casts, bareName(dottedName(cast.typeName?.names) ?? ''), literal(cast.arg));
  const expression = record['A_Expr'];
  if (expression) {
    const right: unknown[] = Array.isArray(expression.rexpr?.List?.items) ? expression.rexpr.List.items : [expression.rexpr];
    for (const value of right) add(found.columns, columnName(expression.lexpr), literal(value));
    add(found.columns, columnName(expression.rexpr), literal(expression.lexpr));
  }
  const target = record['ResTarget'];
  if (target?.name) add(found.columns, target.name, literal(target.val));
  const insert = record['InsertStmt'];
  if (insert) {
    const columns: (string | undefined)[] = (insert.cols ?? []).map((entry: { ResTarget?: { name?: string } }) => entry.ResTarget?.name);
    for (const row of insert.selectStmt?.SelectStmt?.valuesLists ?? []) {
      (row.List?.items ?? []).forEach((value: unknown, i: number) => {
        add(found.columns, columns[i], literal(value));
      });
    }
  }
  for (const value of Object.values(record)) valueUses(value, found);
  return found;
}

/**
 * Whether the statement uses `value` of the enum `type`: cast to it, or put
 * against a column of that type in a table it touches (any column of a
 * table the history does not show).
 */
function usesValue(facts: StatementFacts, schema: SchemaModel, type: string, value: string, uses: ValueUses): boolean {
  if (uses.casts.get(type)?.has(value)) return true;
  const columns = [...uses.columns].filter(([, values]) => values.has(value)).map(([column]) => column);
  if (columns.length === 0) return false;
  return facts.locks.some((lock) => {
    const table = schema.table(lock.relation);
    return !table || table.columns.some((column) => columns.includes(column.name) && column.type?.name === type);
  });
}

/**
 * Since PostgreSQL 12, ALTER TYPE ... ADD VALUE may run in a transaction,
 * but the value cannot be used until that transaction commits: any
 * statement using it fails with "unsafe use of new value".
 */
export const enumValueUsedInTransaction: Rule = {
  id: 'enum-value-used-in-transaction',
  title: 'A new enum value used in the transaction that added it',
  defaultSeverity: 'error',
  docs: {
    why:
      'ALTER TYPE ... ADD VALUE can run inside a transaction block from PostgreSQL 12 (before, not at all), but the new value ' +
      'cannot be used until that transaction commits: an UPDATE, INSERT, index predicate or cast that uses it fails with ' +
      '"unsafe use of new value" (SQLSTATE 55P04), and the whole migration rolls back. Commit the ADD VALUE first: a migration ' +
      'of its own before the one that uses the value, or a COMMIT between them when the file controls its own transactions. ' +
      'From PostgreSQL 17, values added to an enum type created in the same transaction are exempt (12 to 16 refuse them too).',
    bad: "BEGIN;\nALTER TYPE order_status ADD VALUE 'refunded';\nUPDATE orders SET status = 'refunded' WHERE refunded_at IS NOT NULL;\nCOMMIT;",
    good: "ALTER TYPE order_status ADD VALUE 'refunded';\nBEGIN;\nUPDATE orders SET status = 'refunded' WHERE refunded_at IS NOT NULL;\nCOMMIT;",
  },
  check(context: RuleContext) {
    if (context.pgVersion < 12) return []; // Before 12 the ADD VALUE itself fails in a transaction (cannot-run-in-transaction).
    const transactions = context.statements.map((facts) => facts.transaction);
    const added: AddedValue[] = [];
    const typesCreated = new Map<string, number | undefined>();
    const findings: RuleFinding[] = [];
    context.statements.forEach((facts, index) => {
      const transaction = transactions[index];
      const created = bodyOf<{ typeName?: StringNode[] }>(facts.statement, 'CreateEnumStmt');
      if (created) typesCreated.set(normaliseName(dottedName(created.typeName) ?? ''), transaction);
      const alter = bodyOf<{ typeName?: StringNode[]; newVal?: string; oldVal?: string }>(facts.statement, 'AlterEnumStmt');
      if (alter?.newVal !== undefined && alter.oldVal === undefined) {
        const type = normaliseName(dottedName(alter.typeName) ?? '');
        // From PostgreSQL 17, the values of a type created in this same transaction are usable at once (12 to 16 refuse them too).
        const createdHere = typesCreated.has(type) && typesCreated.get(type) === transaction;
        if (transaction !== undefined && !(createdHere && context.pgVersion >= 17)) added.push({ type, value: alter.newVal, transaction, statement: facts });
        return;
      }
      if (transaction === undefined || !facts.statement.node) return;
      const pending = added.filter((entry) => entry.transaction === transaction);
      if (pending.length === 0) return;
      const uses = valueUses(facts.statement.node);
      const used = pending.find((entry) => usesValue(facts, context.schemaBefore, bareName(entry.type), entry.value, uses));
      if (!used) return;
      // Only where the file itself opened the transaction can a COMMIT split it; a tool's transaction needs a migration of its own.
      const fix =
        used.statement.inExplicitTransaction && !used.statement.statement.newerSyntax
          ? [fixOf('Commit the new value before using it (COMMIT; BEGIN; after the ADD VALUE)', [appendAfter(used.statement.statement, '\nCOMMIT;\nBEGIN;')])]
          : undefined;
      findings.push({
        ...statementRange(facts.statement),
        // `Using 'refunded' before its ADD VALUE to "order_status" commits fails ("unsafe use of new value")`
        message: `Using '${used.value.replace(/'/g, "''")}' before its ADD VALUE to "${used.type}" commits fails ("unsafe use of new value")`,
        advice: used.statement.inExplicitTransaction
          ? 'Commit the ADD VALUE before using the value: add COMMIT; BEGIN; right after it.'
          : 'Commit the ADD VALUE first: move it to a migration of its own that runs before this one.',
        ...(fix ? { fixes: fix } : {}),
      });
      // One finding per added value: the first use is where the migration fails.
      added.splice(added.indexOf(used), 1);
    });
    return findings;
  },
};
