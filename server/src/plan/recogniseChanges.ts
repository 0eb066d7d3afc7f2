/**
 * The risky intents in a naive forward migration that the planner knows
 * how to phase, read from the parse tree: a column added NOT NULL (or added
 * and then set NOT NULL), NOT NULL set on an existing column, an index
 * built without CONCURRENTLY, a FOREIGN KEY or CHECK added validated, and
 * a dropped column. `SET lock_timeout` statements are dropped
 * (every phase sets its own); anything else is kept as it is, and said.
 */

import { columnTypeOf, relationName, type RangeVarNode, type TypeNameNode } from '../sql/astNames';
import { defaultExpressionAt } from '../sql/clauseText';
import type { ParsedStatement } from '../sql/parseSql';
import { isVolatileExpression } from '../locks/defaultVolatility';
import { constraintNameOf } from '../migrations/applyStatement';
import { quoteName } from '../sql/quoteIdentifier';

export type Change =
  /** `volatileDefault`: the default is evaluated per row (PostgreSQL 11+ stores any other in the catalog, no rewrite). */
  | { kind: 'add-column'; table: string; column: string; type: string; notNull: boolean; defaultSql?: string; volatileDefault: boolean }
  | { kind: 'set-not-null'; table: string; column: string }
  | { kind: 'create-index'; table: string; name: string; sql: string }
  /** A FOREIGN KEY or CHECK added validated: `definition` is its text from CONSTRAINT on, without NOT VALID. */
  | { kind: 'add-constraint'; table: string; name: string; definition: string }
  | { kind: 'drop-column'; table: string; column: string }
  | { kind: 'keep'; sql: string };

interface ConstraintNode {
  contype?: string;
  conname?: string;
  location?: number;
  skip_validation?: boolean;
}

interface ColumnDefNode {
  colname?: string;
  typeName?: TypeNameNode;
  constraints?: { Constraint?: { contype?: string; location?: number; raw_expr?: unknown } }[];
}

function alterTableChanges(statement: ParsedStatement, body: Record<string, unknown>): Change[] | undefined {
  const table = relationName(body['relation'] as RangeVarNode | undefined);
  const commands = (body['cmds'] as { AlterTableCmd?: { subtype?: string; name?: string; def?: { ColumnDef?: ColumnDefNode } } }[] | undefined) ?? [];
  if (!table) return undefined;
  const changes: Change[] = [];
  for (const { AlterTableCmd: command } of commands) {
    if (command?.subtype === 'AT_AddColumn' && command.def?.ColumnDef) {
      const definition = command.def.ColumnDef;
      const constraints = (definition.constraints ?? []).map((item) => item.Constraint);
      const defaultConstraint = constraints.find((constraint) => constraint?.contype === 'CONSTR_DEFAULT');
      const defaultSql = defaultConstraint ? defaultExpressionAt(statement, defaultConstraint.location) : undefined;
      const type = columnTypeOf(definition.typeName)?.display;
      // Anything beyond NOT NULL and DEFAULT (a reference, a check, a key) is not phased here.
      if (!definition.colname || !type || constraints.some((constraint) => !['CONSTR_NOTNULL', 'CONSTR_DEFAULT', 'CONSTR_NULL'].includes(constraint?.contype ?? ''))) return undefined;
      changes.push({
        kind: 'add-column',
        table,
        column: definition.colname,
        type,
        notNull: constraints.some((constraint) => constraint?.contype === 'CONSTR_NOTNULL'),
        ...(defaultSql ? { defaultSql } : {}),
        volatileDefault: defaultConstraint !== undefined && isVolatileExpression(defaultConstraint.raw_expr),
      });
    } else if (command?.subtype === 'AT_AddConstraint' && commands.length === 1) {
      const constraint = (command as { def?: { Constraint?: ConstraintNode } }).def?.Constraint;
      if (!constraint || (constraint.contype !== 'CONSTR_FOREIGN' && constraint.contype !== 'CONSTR_CHECK') || constraint.skip_validation) return undefined;
      const name = constraintNameOf(table, constraint as Parameters<typeof constraintNameOf>[1]);
      const from = constraint.location === undefined ? -1 : statement.documentOffset(constraint.location) - statement.start;
      if (!name || from < 0) return undefined;
      const written = statement.text.slice(from).replace(/;\s*$/, '').trim();
      const definition = /^CONSTRAINT\s/i.test(written) ? written : `CONSTRAINT ${quoteName(name)} ${written}`;
      changes.push({ kind: 'add-constraint', table, name, definition });
    } else if (command?.subtype === 'AT_DropColumn' && command.name) {
      changes.push({ kind: 'drop-column', table, column: command.name });
    } else if (command?.subtype === 'AT_SetNotNull' && command.name) {
      changes.push({ kind: 'set-not-null', table, column: command.name });
    } else {
      return undefined;
    }
  }
  return changes;
}

export function recogniseChanges(statements: readonly ParsedStatement[]): Change[] {
  const changes: Change[] = [];
  for (const statement of statements) {
    const body = statement.kind ? (statement.node?.[statement.kind] as Record<string, unknown> | undefined) : undefined;
    if (statement.kind === 'VariableSetStmt' && body?.['name'] === 'lock_timeout') continue;
    if (statement.kind === 'AlterTableStmt' && body) {
      const recognised = alterTableChanges(statement, body);
      if (recognised) {
        changes.push(...recognised);
        continue;
      }
    }
    if (statement.kind === 'IndexStmt' && body && !body['concurrent']) {
      const table = relationName(body['relation'] as RangeVarNode | undefined);
      const name = body['idxname'] as string | undefined;
      if (table && name) {
        changes.push({ kind: 'create-index', table, name, sql: statement.text.replace(/^(CREATE\s+(?:UNIQUE\s+)?INDEX)\s+/i, '$1 CONCURRENTLY ').replace(/;\s*$/, '') });
        continue;
      }
    }
    changes.push({ kind: 'keep', sql: statement.text.replace(/;\s*$/, '') });
  }
  return changes;
}
