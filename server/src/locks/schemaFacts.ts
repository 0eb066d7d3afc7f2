/**
 * What the lock knowledge base asks of the schema model: the relations a
 * statement locks without naming them (partitions, inheritance children, the
 * default partition, the table of an index, both ends of a foreign key, owned
 * sequences, the tables under a view). Every question degrades to "nothing
 * known" when there is no schema.
 */

import type { ColumnInSchema, ConstraintInSchema, IndexInSchema, SchemaModel, TableInSchema } from '../schema/schemaModel';
import { normaliseName } from '../schema/schemaModel';
import type { LockContext } from './lockFact';
import { bareName, besides } from './lockFactBuilder';

function schemaOf(context: LockContext): SchemaModel | undefined {
  return context.schema;
}

export function tableIn(context: LockContext, name: string): TableInSchema | undefined {
  return schemaOf(context)?.table(name);
}

export function isPartitioned(context: LockContext, table: string): boolean {
  return tableIn(context, table)?.kind === 'partitioned table';
}

/** Direct partitions and inheritance children. */
export function childrenOf(context: LockContext, table: string, which: 'partitions' | 'all' = 'all'): string[] {
  const schema = schemaOf(context);
  if (!schema) return [];
  const children = schema.partitionsOf(table).map((child) => child.name);
  if (which === 'all') for (const child of schema.inheritorsOf(table) ?? []) children.push(normaliseName(child.name));
  return [...new Set(children)];
}

/** Every partition and inheritance child below `table`, at any depth. */
export function descendantsOf(context: LockContext, table: string, which: 'partitions' | 'all' = 'all'): string[] {
  const seen = new Set<string>();
  const visit = (parent: string): void => {
    for (const child of childrenOf(context, parent, which)) {
      if (seen.has(child) || child === normaliseName(table)) continue;
      seen.add(child);
      visit(child);
    }
  };
  visit(table);
  return [...seen];
}

/** `table` and its partitions: each partition of a partitioned table carries its own copy of the table's foreign keys. */
export function withPartitions(context: LockContext, table: string): string[] {
  return [table, ...descendantsOf(context, table, 'partitions')];
}

export function partitionParentOf(context: LockContext, table: string): string | undefined {
  return tableIn(context, table)?.partitionOf;
}

export function isDefaultPartition(context: LockContext, table: string): boolean {
  return tableIn(context, table)?.defaultPartition === true;
}

export function defaultPartitionOf(context: LockContext, parent: string): string | undefined {
  const schema = schemaOf(context);
  const partition = schema?.partitionsOf(parent).find((candidate) => candidate.defaultPartition === true);
  return partition?.name;
}

export function columnOf(context: LockContext, table: string, column: string): ColumnInSchema | undefined {
  return schemaOf(context)?.column(table, column);
}

/** The sequence PostgreSQL names for a serial or identity column: `table_column_seq`, in the table's schema. */
export function columnSequenceName(table: string, column: string): string {
  return besides(table, `${bareName(table)}_${column}_seq`);
}

/** Sequences owned by columns of `table` (serial and identity columns), as far as the schema model knows them. */
export function ownedSequencesOf(context: LockContext, table: string): string[] {
  const schema = schemaOf(context);
  const found = schema?.table(table);
  if (!schema || !found) return [];
  return found.columns.flatMap((column) => {
    const sequence = columnSequenceName(found.name, column.name);
    return column.identity === true || schema.hasSequence(sequence) ? [sequence] : [];
  });
}

/** The sequence a column's default draws from (serial or identity), when known. */
export function columnSequenceOf(context: LockContext, table: string, column: string): string | undefined {
  const found = tableIn(context, table);
  if (!found) return undefined;
  const sequence = columnSequenceName(found.name, column);
  return columnOf(context, table, column)?.identity === true || hasSequence(context, sequence) ? sequence : undefined;
}

/** Base relations under a view, through views on views. */
export function viewBaseRelations(context: LockContext, view: string, seen = new Set<string>()): string[] {
  const found: string[] = [];
  for (const source of viewSourcesOf(context, view)) {
    if (seen.has(source)) continue;
    seen.add(source);
    found.push(source);
    if (tableIn(context, source)?.kind === 'view') found.push(...viewBaseRelations(context, source, seen));
  }
  return found;
}

export function isView(context: LockContext, name: string): boolean {
  return tableIn(context, name)?.kind === 'view';
}

export function foreignKeysFrom(context: LockContext, table: string): ConstraintInSchema[] {
  return schemaOf(context)?.foreignKeysFrom(table) ?? [];
}

export function foreignKeysTo(context: LockContext, table: string): ConstraintInSchema[] {
  return schemaOf(context)?.foreignKeysTo(table) ?? [];
}

export function constraintOf(context: LockContext, table: string, name: string): ConstraintInSchema | undefined {
  return schemaOf(context)?.constraint(table, name);
}

/** The columns a foreign key references: recorded, or else the referenced table's primary key. */
export function referencedColumnsOf(context: LockContext, foreignKey: ConstraintInSchema): readonly string[] {
  if (foreignKey.referencedColumns) return foreignKey.referencedColumns;
  if (!foreignKey.referencedTable) return [];
  return (
    schemaOf(context)
      ?.constraintsOf(foreignKey.referencedTable)
      .find((constraint) => constraint.kind === 'primary key')?.columns ?? []
  );
}

export function indexIn(context: LockContext, name: string): IndexInSchema | undefined {
  return schemaOf(context)?.index(name);
}

export function indexesOf(context: LockContext, table: string): IndexInSchema[] {
  return schemaOf(context)?.indexesOf(table) ?? [];
}

/** The relations a view or materialized view reads, when recorded. */
export function viewSourcesOf(context: LockContext, view: string): readonly string[] {
  return schemaOf(context)?.viewSources(view) ?? [];
}

export function dependentViewsOf(context: LockContext, table: string): string[] {
  return (schemaOf(context)?.dependentViewsOf(table) ?? []).map((view) => normaliseName(view.name));
}

export function statisticsTableOf(context: LockContext, name: string): string | undefined {
  return schemaOf(context)?.statisticsTable(name);
}

export function hasValidatedNotNullCheck(context: LockContext, table: string, column: string): boolean {
  return schemaOf(context)?.hasValidatedNotNullCheck(table, column) ?? false;
}

export function hasSequence(context: LockContext, name: string): boolean {
  return schemaOf(context)?.hasSequence(name) ?? false;
}
