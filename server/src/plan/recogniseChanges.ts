/**
 * The risky intents in a naive forward migration that the planner knows
 * how to phase, read from the parse tree: a column added NOT NULL (or added
 * and then set NOT NULL), NOT NULL set on an existing column, a column's
 * type changed, a column or table renamed, an index built without
 * CONCURRENTLY, a FOREIGN KEY, CHECK or UNIQUE constraint added validated,
 * and a dropped column or table. `SET lock_timeout` statements are dropped
 * (every phase sets its own); anything else is kept as it is, and said.
 */

import { columnTypeOf, droppedObjectNames, relationName, type RangeVarNode } from '../sql/astNames';
import { defaultExpressionAt } from '../sql/clauseText';
import type { ParsedStatement } from '../sql/parseSql';
import { isVolatileExpression } from '../locks/defaultVolatility';
import { constraintNameOf } from '../schema/applyStatement';
import { normaliseName } from '../schema/schemaModel';
import { quoteName } from '../sql/quoteIdentifier';
import type { ColumnDefNode, ConstraintNode } from '../sql/ast';

export type Change =
  /** `volatileDefault`: the default is evaluated per row (PostgreSQL 11+ stores any other in the catalog, no rewrite). */
  | { kind: 'add-column'; table: string; column: string; type: string; notNull: boolean; defaultSql?: string; volatileDefault: boolean }
  | { kind: 'set-not-null'; table: string; column: string }
  | { kind: 'create-index'; table: string; name: string; sql: string }
  /** A FOREIGN KEY or CHECK added validated: `definition` is its text from CONSTRAINT on, without NOT VALID. */
  | { kind: 'add-constraint'; table: string; name: string; definition: string }
  /** A UNIQUE constraint added with its index built under the table's lock: `columns` as written between the parentheses. */
  | { kind: 'add-unique'; table: string; name: string; columns: string }
  | { kind: 'drop-column'; table: string; column: string }
  /** `ALTER COLUMN ... TYPE` without USING: `type` is the new type as written. */
  | { kind: 'change-type'; table: string; column: string; type: string }
  | { kind: 'rename-column'; table: string; from: string; to: string }
  | { kind: 'rename-table'; from: string; to: string }
  | { kind: 'drop-table'; table: string; statement: ParsedStatement }
  | { kind: 'keep'; sql: string; statement: ParsedStatement };

function alterTableChanges(statement: ParsedStatement, body: Record<string, unknown>): Change[] | undefined {
  const table = relationName(body['relation'] as RangeVarNode | undefined);
  const commands =
    (body['cmds'] as { AlterTableCmd?: { subtype?: string; name?: string; def?: { ColumnDef?: ColumnDefNode & { raw_default?: unknown } } } }[] | undefined) ??
    [];
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
      if (
        !definition.colname ||
        !type ||
        constraints.some((constraint) => !['CONSTR_NOTNULL', 'CONSTR_DEFAULT', 'CONSTR_NULL'].includes(constraint?.contype ?? ''))
      )
        return undefined;
      changes.push({
        kind: 'add-column',
        table,
        column: definition.colname,
        type,
        notNull: constraints.some((constraint) => constraint?.contype === 'CONSTR_NOTNULL'),
        ...(defaultSql ? { defaultSql } : {}),
        volatileDefault: defaultConstraint !== undefined && isVolatileExpression(defaultConstraint.raw_expr),
      });
    } else if (
      command?.subtype === 'AT_AddConstraint' &&
      commands.length === 1 &&
      (command as { def?: { Constraint?: ConstraintNode } }).def?.Constraint?.contype === 'CONSTR_UNIQUE'
    ) {
      const constraint = (command as { def: { Constraint: ConstraintNode } }).def.Constraint;
      const name = constraintNameOf(table, constraint as Parameters<typeof constraintNameOf>[1]);
      const columns = (constraint.keys ?? []).map((key) => key.String?.sval);
      // USING INDEX is already the safe form; INCLUDE and WITH (...) are not carried over by the index phase.
      if (
        !name ||
        constraint.indexname ||
        (constraint.including?.length ?? 0) > 0 ||
        (constraint.options?.length ?? 0) > 0 ||
        columns.length === 0 ||
        columns.some((column) => !column)
      )
        return undefined;
      changes.push({ kind: 'add-unique', table, name, columns: columns.map((column) => quoteName(column!)).join(', ') });
    } else if (command?.subtype === 'AT_AlterColumnType' && command.name && command.def?.ColumnDef) {
      const type = columnTypeOf(command.def.ColumnDef.typeName)?.display;
      // A USING expression is a conversion the sync trigger and the backfill would have to repeat: not phased here.
      if (!type || command.def.ColumnDef.raw_default !== undefined) return undefined;
      changes.push({ kind: 'change-type', table, column: command.name, type });
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

/** The table a statement changes, if it is one the planner could phase. */
function targetTable(statement: ParsedStatement, body: Record<string, unknown>): string | undefined {
  if (statement.kind === 'AlterTableStmt' || statement.kind === 'RenameStmt' || statement.kind === 'IndexStmt')
    return relationName(body['relation'] as RangeVarNode | undefined);
  if (statement.kind === 'DropStmt' && body['removeType'] === 'OBJECT_TABLE') return droppedObjectNames((body['objects'] as unknown[] | undefined) ?? [])[0];
  return undefined;
}

export function recogniseChanges(statements: readonly ParsedStatement[]): Change[] {
  const changes: Change[] = [];
  // A table this migration creates is empty and unused until it ships: what the migration does to it needs no phases.
  const createdHere = new Set<string>();
  for (const statement of statements) {
    const body = statement.kind ? (statement.node?.[statement.kind] as Record<string, unknown> | undefined) : undefined;
    if (statement.kind === 'VariableSetStmt' && body?.['name'] === 'lock_timeout') continue;
    if (statement.kind === 'CreateStmt' && body) {
      const created = relationName(body['relation'] as RangeVarNode | undefined);
      if (created) createdHere.add(normaliseName(created));
    }
    const target = body ? targetTable(statement, body) : undefined;
    if (target && createdHere.has(normaliseName(target))) {
      if (statement.kind === 'RenameStmt' && body?.['renameType'] === 'OBJECT_TABLE' && typeof body['newname'] === 'string')
        createdHere.add(normaliseName(body['newname']));
      changes.push({ kind: 'keep', sql: statement.text.replace(/;\s*$/, ''), statement });
      continue;
    }
    if (statement.kind === 'AlterTableStmt' && body) {
      const recognised = alterTableChanges(statement, body);
      if (recognised) {
        changes.push(...recognised);
        continue;
      }
    }
    if (statement.kind === 'RenameStmt' && body) {
      const table = relationName(body['relation'] as RangeVarNode | undefined);
      const to = body['newname'] as string | undefined;
      if (table && to && body['renameType'] === 'OBJECT_COLUMN' && typeof body['subname'] === 'string') {
        changes.push({ kind: 'rename-column', table, from: body['subname'], to });
        continue;
      }
      if (table && to && body['renameType'] === 'OBJECT_TABLE') {
        changes.push({ kind: 'rename-table', from: table, to: table.includes('.') ? `${table.slice(0, table.lastIndexOf('.'))}.${to}` : to });
        continue;
      }
    }
    if (
      statement.kind === 'DropStmt' &&
      body?.['removeType'] === 'OBJECT_TABLE' &&
      (body['objects'] as unknown[] | undefined)?.length === 1 &&
      body['behavior'] !== 'DROP_CASCADE'
    ) {
      const [table] = droppedObjectNames(body['objects'] as unknown[]);
      if (table) {
        changes.push({ kind: 'drop-table', table, statement });
        continue;
      }
    }
    if (statement.kind === 'IndexStmt' && body && !body['concurrent']) {
      const table = relationName(body['relation'] as RangeVarNode | undefined);
      const name = body['idxname'] as string | undefined;
      if (table && name) {
        changes.push({
          kind: 'create-index',
          table,
          name,
          sql: statement.text.replace(/^(CREATE\s+(?:UNIQUE\s+)?INDEX)\s+/i, '$1 CONCURRENTLY ').replace(/;\s*$/, ''),
        });
        continue;
      }
    }
    changes.push({ kind: 'keep', sql: statement.text.replace(/;\s*$/, ''), statement });
  }
  return changes;
}
