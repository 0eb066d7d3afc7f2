/** Small readers over parser nodes that every later layer needs. */

import type { RangeVarNode, StringNode, TypeNameNode } from './ast';

export type { RangeVarNode, StringNode, TypeNameNode } from './ast';

/** `schema.table` as written, without quotes; `table` alone when no schema was given. */
export function relationName(relation: RangeVarNode | undefined): string | undefined {
  if (!relation?.relname) return undefined;
  return relation.schemaname ? `${relation.schemaname}.${relation.relname}` : relation.relname;
}

/** `events` from `app.events` or `events`: the name PostgreSQL builds constraint and index names from. */
export function bareName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** `app.` from `app.events`, `` from `events`: to name a sibling object in the same schema. */
export function schemaPrefixOf(name: string): string {
  return name.slice(0, name.lastIndexOf('.') + 1);
}

/** The first column an expression mentions (`CHECK (amount > 0)` → `amount`), as PostgreSQL names checks after. */
export function firstColumnIn(expression: unknown): string | undefined {
  if (Array.isArray(expression)) {
    for (const item of expression) {
      const found = firstColumnIn(item);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof expression !== 'object' || expression === null) return undefined;
  const fields = (expression as { ColumnRef?: { fields?: { String?: { sval?: string } }[] } }).ColumnRef?.fields;
  if (fields) return fields.at(-1)?.String?.sval;
  for (const value of Object.values(expression)) {
    const found = firstColumnIn(value);
    if (found) return found;
  }
  return undefined;
}

/** Every column an expression mentions, once each, in order of first mention (PostgreSQL names a CHECK after the only one). */
export function columnsMentionedIn(expression: unknown, found: string[] = []): string[] {
  if (Array.isArray(expression)) {
    for (const item of expression) columnsMentionedIn(item, found);
    return found;
  }
  if (typeof expression !== 'object' || expression === null) return found;
  const fields = (expression as { ColumnRef?: { fields?: { String?: { sval?: string } }[] } }).ColumnRef?.fields;
  if (fields) {
    const name = fields.at(-1)?.String?.sval;
    if (name && !found.includes(name)) found.push(name);
    return found;
  }
  for (const value of Object.values(expression)) columnsMentionedIn(value, found);
  return found;
}

/** `a.b.c` from a list of String nodes (DROP objects, function and type names). */
export function dottedName(items: StringNode[] | undefined): string | undefined {
  const parts = (items ?? []).map((item) => item.String?.sval).filter((part): part is string => part !== undefined);
  return parts.length > 0 ? parts.join('.') : undefined;
}

/** The names a DropStmt lists: `objects` holds a List of Strings per object (or a bare String for some kinds). */
export function droppedObjectNames(objects: unknown[] | undefined): string[] {
  const names: string[] = [];
  for (const object of objects ?? []) {
    const entry = object as {
      List?: { items?: StringNode[] };
      String?: { sval?: string };
      TypeName?: TypeNameNode;
      ObjectWithArgs?: { objname?: StringNode[] };
    };
    const name = entry.List
      ? dottedName(entry.List.items)
      : (entry.String?.sval ??
        (entry.TypeName ? dottedName(entry.TypeName.names) : entry.ObjectWithArgs ? dottedName(entry.ObjectWithArgs.objname) : undefined));
    if (name) names.push(name);
  }
  return names;
}

/** PostgreSQL's internal names for the SQL-standard spellings the parser rewrites. */
const TYPE_DISPLAY: Record<string, string> = {
  int2: 'smallint',
  int4: 'integer',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  bool: 'boolean',
  bpchar: 'char',
  varchar: 'varchar',
  timestamptz: 'timestamptz',
  timestamp: 'timestamp',
  timetz: 'timetz',
};

export interface ColumnType {
  /** Lower-case type name without schema, as PostgreSQL names it internally: `int4`, `varchar`, `timestamptz`, `text`. */
  name: string;
  /** Type modifiers: `varchar(20)` → [20], `numeric(10,2)` → [10, 2]. */
  modifiers: number[];
  isArray: boolean;
  /** How to show it: `varchar(20)`, `integer`, `text[]`. */
  display: string;
}

export function columnTypeOf(typeName: TypeNameNode | undefined): ColumnType | undefined {
  const names = (typeName?.names ?? []).map((item) => item.String?.sval ?? '');
  const last = names.at(-1);
  if (!last) return undefined;
  const name = last.toLowerCase();
  const modifiers = (typeName?.typmods ?? []).map((modifier) => modifier.A_Const?.ival?.ival ?? 0);
  const isArray = (typeName?.arrayBounds?.length ?? 0) > 0;
  const base = TYPE_DISPLAY[name] ?? name;
  const display = `${base}${modifiers.length > 0 ? `(${modifiers.join(',')})` : ''}${isArray ? '[]' : ''}`;
  return { name, modifiers, isArray, display };
}
