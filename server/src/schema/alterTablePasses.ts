/**
 * The order PostgreSQL runs an ALTER TABLE's subcommands in. It sorts them
 * into passes (AlterTablePass in tablecmds.c): DROP COLUMN and DROP
 * CONSTRAINT run in the first pass, before any column, index or constraint
 * is added, wherever they are written. So `DROP COLUMN id, ADD PRIMARY KEY
 * (uuid)` frees `t_pkey` before the new key is named: it is `t_pkey` again,
 * not `t_pkey1` (checked on PostgreSQL 11, 16 and 18).
 */

import { bareName } from '../sql/astNames';
import { namespaceOf, qualified } from './generatedNames';
import { INDEX_BACKED_KINDS, type SchemaModel } from './schemaModel';

type Subcommand = Record<string, unknown>;

const FIRST_PASS = new Set(['AT_DropColumn', 'AT_DropConstraint']);

/** The subcommands in execution order: the drops first, each group in written order. */
export function inExecutionOrder<T>(commands: readonly T[], subtypeOf: (command: T) => string | undefined): T[] {
  const drops = commands.filter((command) => FIRST_PASS.has(subtypeOf(command) ?? ''));
  return drops.length === 0 ? [...commands] : [...drops, ...commands.filter((command) => !FIRST_PASS.has(subtypeOf(command) ?? ''))];
}

/**
 * The constraint and index names (schema-qualified as generatedNames keys them) that the statement's drops free before
 * its additions are named, for naming against `schema` as it was before the statement. Only what exists is freed:
 * `DROP CONSTRAINT IF EXISTS x` leaves a plain index named x where it is.
 */
export function namesFreedByDrops(table: string, commands: readonly Subcommand[], schema: SchemaModel): { constraints: Set<string>; relations: Set<string> } {
  const namespace = namespaceOf(table);
  const freed = { constraints: new Set<string>(), relations: new Set<string>() };
  const freeConstraint = (name: string): void => {
    const constraint = schema.constraint(table, name);
    if (!constraint) return;
    freed.constraints.add(qualified(namespace, constraint.name));
    // A key's, a UNIQUE's or an EXCLUDE's index goes with it.
    if (INDEX_BACKED_KINDS.has(constraint.kind)) freed.relations.add(qualified(namespace, constraint.name));
  };
  for (const command of commands) {
    const name = command['name'] as string | undefined;
    if (!name || !FIRST_PASS.has((command['subtype'] as string | undefined) ?? '')) continue;
    if (command['subtype'] === 'AT_DropConstraint') freeConstraint(name);
    else {
      // DROP COLUMN takes the constraints and indexes on the column with it.
      for (const constraint of schema.constraintsOf(table)) if (constraint.columns.includes(name)) freeConstraint(constraint.name);
      for (const index of schema.indexesOf(table)) if (index.columns.includes(name)) freed.relations.add(qualified(namespace, bareName(index.name)));
    }
  }
  return freed;
}
