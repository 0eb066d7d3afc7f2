/**
 * Every place a statement gives a column a type: CREATE TABLE columns,
 * ALTER TABLE ... ADD COLUMN and ALTER COLUMN ... TYPE, with the range of the
 * type name so type rules underline it and fixes replace exactly it.
 */

import type { ParsedStatement } from '../../sql/parseSql';
import type { RangeVarNode } from '../../sql/astNames';
import { alterTableParts, bodyOf, columnDefinitions, constraintsOf, typeRange, type Range } from '../../sql/statementParts';
import type { ColumnDefNode, ConstraintNode, TypeNameNode } from '../../sql/ast';

export interface TypeUsage {
  table: string;
  /** The table as written, quotes included. */
  tableText: string;
  column: string;
  typeName: TypeNameNode;
  /** Lower-case internal name of a built-in type (`int4`, `varchar`, `timestamp`), '' for types of other schemas. */
  builtin: string;
  /** Where the type name is written; undefined when the parser gave no location. */
  typeRange: Range | undefined;
  where: 'create table' | 'add column' | 'alter column type';
  /** The column's own definition (undefined for ALTER COLUMN TYPE). */
  definition?: ColumnDefNode;
  /** Range of the column definition or subcommand. */
  clause: Range;
  /** Declared a primary key here (inline, or in the table's PRIMARY KEY list). */
  primaryKey: boolean;
}

function builtinName(typeName: TypeNameNode | undefined): string {
  const names = (typeName?.names ?? []).map((item) => item.String?.sval ?? '');
  if (names.length === 1 || (names.length === 2 && names[0] === 'pg_catalog')) return (names.at(-1) ?? '').toLowerCase();
  return '';
}

const USAGES = new WeakMap<ParsedStatement, TypeUsage[]>();

/** Computed once per parsed statement: six rules ask. */
export function typeUsages(statement: ParsedStatement): TypeUsage[] {
  if (statement.kind !== 'CreateStmt' && statement.kind !== 'AlterTableStmt') return [];
  let usages = USAGES.get(statement);
  if (!usages) {
    usages = readTypeUsages(statement);
    USAGES.set(statement, usages);
  }
  return usages;
}

function readTypeUsages(statement: ParsedStatement): TypeUsage[] {
  const tableKeys = new Set<string>();
  const create = bodyOf<{ relation?: RangeVarNode; tableElts?: { Constraint?: ConstraintNode }[] }>(statement, 'CreateStmt');
  for (const element of create?.tableElts ?? []) {
    if (element.Constraint?.contype === 'CONSTR_PRIMARY') for (const key of element.Constraint.keys ?? []) if (key.String?.sval) tableKeys.add(key.String.sval);
  }
  const usages: TypeUsage[] = columnDefinitions(statement).flatMap(({ table, tableText, column, range, viaAlter }) => {
    if (!column.colname || !column.typeName) return [];
    const primaryKey = tableKeys.has(column.colname) || constraintsOf(column).some((c) => c.contype === 'CONSTR_PRIMARY');
    return [
      {
        table,
        tableText,
        column: column.colname,
        typeName: column.typeName,
        builtin: builtinName(column.typeName),
        typeRange: typeRange(statement, column.typeName),
        where: viaAlter ? 'add column' : 'create table',
        definition: column,
        clause: range,
        primaryKey,
      },
    ];
  });
  const parts = alterTableParts(statement);
  for (const command of parts?.commands ?? []) {
    const typeName = command.node.subtype === 'AT_AlterColumnType' ? command.node.def?.ColumnDef?.typeName : undefined;
    if (!parts || !typeName || !command.node.name) continue;
    usages.push({
      table: parts.table,
      tableText: parts.relationText,
      column: command.node.name,
      typeName,
      builtin: builtinName(typeName),
      typeRange: typeRange(statement, typeName),
      where: 'alter column type',
      clause: command,
      primaryKey: false,
    });
  }
  return usages;
}

/** `(3)` / `(10,2)` and `[]` as written after a type: what a replacement type keeps. */
export function typeSuffix(typeName: TypeNameNode): string {
  const modifiers = (typeName.typmods ?? []).map((modifier) => modifier.A_Const?.ival?.ival ?? 0);
  return `${modifiers.length > 0 ? `(${modifiers.join(',')})` : ''}${'[]'.repeat(typeName.arrayBounds?.length ?? 0)}`;
}
