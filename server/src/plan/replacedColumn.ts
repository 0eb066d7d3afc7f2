/**
 * What a column must be for the planner to replace it with a new one (a
 * type change or a rename): known to the history, not an identity column
 * (its sequence cannot move), and referenced by no foreign key (those
 * columns would have to change with it).
 */

import type { ColumnInSchema, SchemaModel } from '../schema/schemaModel';
import { PlanProblem } from './changePlan';

export function replacedColumnChecks(schema: SchemaModel, table: string, name: string, doing: string): ColumnInSchema {
  const column = schema.column(table, name);
  if (!column?.type) throw new PlanProblem(`the migrations before this one do not say what ${table}.${name} is: ${doing} cannot be planned.`);
  if (column.identity)
    throw new PlanProblem(`${table}.${name} is an identity column: ${doing} in phases is not planned (its identity cannot move to a new column).`);
  const key = schema.constraintsOf(table).find((constraint) => constraint.kind === 'primary key');
  const inbound = schema
    .foreignKeysTo(table)
    .filter((fk) => (fk.referencedColumns && fk.referencedColumns.length > 0 ? fk.referencedColumns : (key?.columns ?? [])).includes(name));
  if (inbound.length > 0) {
    throw new PlanProblem(
      `${inbound.map((fk) => `${fk.name} on ${fk.table}`).join(', ')} reference${inbound.length === 1 ? 's' : ''} ${table}.${name}: ${doing} in phases is not planned while foreign keys point at it.`,
    );
  }
  return column;
}

/** `wanted`, or `wanted_2`, ... when the table has a column of that name. */
export function unusedColumnName(schema: SchemaModel, table: string, wanted: string): string {
  let name = wanted;
  for (let n = 2; schema.column(table, name); n += 1) name = `${wanted}_${n}`;
  return name;
}

/** Foreign keys and checks on the old column that the new one does not get: said, not guessed. */
export function constraintsLeftBehind(schema: SchemaModel, table: string, name: string, replacement: string): string[] {
  return schema
    .constraintsOf(table)
    .filter((constraint) => (constraint.kind === 'foreign key' || constraint.kind === 'check') && constraint.columns.includes(name))
    .map(
      (constraint) =>
        `${constraint.name} (a ${constraint.kind} on ${table}.${name}) is not recreated on ${replacement}: add it NOT VALID and validate it before the old column goes.`,
    );
}
