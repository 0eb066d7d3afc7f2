/**
 * The names PostgreSQL gives what a migration creates without naming it,
 * as PostgreSQL builds them (makeObjectName, ChooseConstraintName,
 * ChooseRelationName, ChooseIndexColumnNames in its sources):
 *
 * - a CHECK is `<table>_<column>_check` when its expression mentions exactly
 *   one column, else `<table>_check`;
 * - a FOREIGN KEY is `<table>_<all its columns>_fkey`;
 * - a PRIMARY KEY is `<table>_pkey`, a UNIQUE constraint
 *   `<table>_<all its columns>_key`, an EXCLUDE `<table>_<columns>_excl`,
 *   an index `<table>_<columns and INCLUDE columns>_idx` (an expression is
 *   `expr`, repeated names get a number);
 * - a NOT NULL constraint (PostgreSQL 18) is `<table>_<column>_not_null`.
 *
 * Over 63 bytes the longer of the two name parts is shortened, byte by
 * byte, never the label. A name already taken gets a number after the
 * label (`events_check1`): constraint names are unique per schema, index
 * names among the schema's relations.
 */

import { bareName } from '../sql/astNames';
import { normaliseName, type ConstraintKind, type SchemaModel } from './schemaModel';

/** NAMEDATALEN - 1: the longest identifier PostgreSQL keeps, in bytes. */
const MAX_IDENTIFIER_BYTES = 63;
const encoder = new TextEncoder();

function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/** The longest prefix of `text` of at most `bytes` bytes that does not cut a character (pg_mbcliplen). */
function clipBytes(text: string, bytes: number): string {
  let clipped = '';
  let used = 0;
  for (const character of text) {
    const size = byteLength(character);
    if (used + size > bytes) break;
    clipped += character;
    used += size;
  }
  return clipped;
}

/** makeObjectName: `name1_name2_label`, shortening the longer of name1 and name2 until it fits in 63 bytes. */
export function makeObjectName(name1: string, name2: string | undefined, label: string | undefined): string {
  let name1Bytes = byteLength(name1);
  let name2Bytes = name2 === undefined ? 0 : byteLength(name2);
  let overhead = 0;
  if (name2 !== undefined) overhead++;
  if (label !== undefined) overhead += byteLength(label) + 1;
  const available = MAX_IDENTIFIER_BYTES - overhead;
  while (name1Bytes + name2Bytes > available) {
    if (name1Bytes > name2Bytes) name1Bytes--;
    else name2Bytes--;
  }
  const parts = [clipBytes(name1, name1Bytes)];
  if (name2 !== undefined) parts.push(clipBytes(name2, name2Bytes));
  if (label !== undefined) parts.push(label);
  return parts.join('_');
}

/** ChooseIndexColumnNames: each index column's name (`expr` for an expression), numbered where it repeats. */
export function indexColumnNames(columns: readonly (string | undefined)[]): string[] {
  const chosen: string[] = [];
  for (const column of columns) {
    const original = column ?? 'expr';
    let candidate = original;
    for (let n = 1; chosen.includes(candidate); n++) candidate = `${clipBytes(original, MAX_IDENTIFIER_BYTES - String(n).length)}${n}`;
    chosen.push(candidate);
  }
  return chosen;
}

/** ChooseIndexNameAddition / ChooseForeignKeyConstraintNameAddition: the names joined by `_`, stopping once 63 bytes are reached. */
export function joinedNames(names: readonly string[]): string {
  let joined = '';
  for (const name of names) {
    if (joined.length > 0) joined += '_';
    joined += clipBytes(name, MAX_IDENTIFIER_BYTES);
    if (byteLength(joined) >= MAX_IDENTIFIER_BYTES + 1) break;
  }
  return clipBytes(joined, MAX_IDENTIFIER_BYTES);
}

/** The first free name: `label`, then `label1`, `label2`... */
function firstFree(name1: string, name2: string | undefined, label: string, taken: (name: string) => boolean): string {
  for (let pass = 0; ; pass++) {
    const name = makeObjectName(name1, name2, pass === 0 ? label : `${label}${pass}`);
    if (!taken(name)) return name;
  }
}

/** The schema a relation name lives in (`public` for an unqualified one). */
export function namespaceOf(table: string): string {
  const normalised = normaliseName(table);
  return normalised.includes('.') ? normalised.slice(0, normalised.lastIndexOf('.')) : 'public';
}

export function qualified(namespace: string, name: string): string {
  return namespace === 'public' ? name : `${namespace}.${name}`;
}

/** Where a generated name must not clash: the schema model before the statement, and the names the statement chose already. */
export interface NameScope {
  schema?: SchemaModel;
  /** Names chosen earlier in the same statement (CREATE TABLE with several unnamed constraints). */
  chosen?: Set<string>;
  /**
   * Names `schema` still holds that the statement drops before it adds anything (ALTER TABLE runs its DROP COLUMN and
   * DROP CONSTRAINT subcommands first, whatever their place): free again for what the statement adds. Constraint names
   * and relation (index) names apart: dropping a CHECK frees no index name.
   */
  released?: { constraints: ReadonlySet<string>; relations: ReadonlySet<string> };
}

function constraintTaken(scope: NameScope, namespace: string): (name: string) => boolean {
  return (name) => {
    const key = qualified(namespace, name);
    if (scope.chosen?.has(key)) return true;
    return !(scope.released?.constraints.has(key) ?? false) && (scope.schema?.constraintNameInSchema(namespace, name) ?? false);
  };
}

function relationTaken(scope: NameScope, namespace: string, alsoConstraints: boolean): (name: string) => boolean {
  return (name) => {
    const key = qualified(namespace, name);
    if (scope.chosen?.has(key)) return true;
    const relation = !(scope.released?.relations.has(key) ?? false) && (scope.schema?.relationNameInSchema(namespace, name) ?? false);
    return relation || (alsoConstraints && constraintTaken({ ...scope, chosen: new Set() }, namespace)(name));
  };
}

function remember(scope: NameScope, namespace: string, name: string): string {
  scope.chosen?.add(qualified(namespace, name));
  return name;
}

export interface UnnamedConstraint {
  kind: ConstraintKind;
  /** FOREIGN KEY, UNIQUE, PRIMARY KEY, EXCLUDE columns in order (with INCLUDE columns after them); undefined entries are expressions. */
  columns: readonly (string | undefined)[];
  /** For a CHECK: the distinct columns its expression mentions. */
  mentioned?: readonly string[];
}

/** The name PostgreSQL gives an unnamed constraint on `table`. */
export function generatedConstraintName(table: string, constraint: UnnamedConstraint, scope: NameScope = {}): string {
  const namespace = namespaceOf(table);
  const relation = bareName(table);
  switch (constraint.kind) {
    case 'check': {
      const mentioned = [...new Set(constraint.mentioned ?? [])];
      return remember(scope, namespace, firstFree(relation, mentioned.length === 1 ? mentioned[0] : undefined, 'check', constraintTaken(scope, namespace)));
    }
    case 'foreign key':
      return remember(
        scope,
        namespace,
        firstFree(relation, joinedNames(constraint.columns.map((column) => column ?? 'expr')), 'fkey', constraintTaken(scope, namespace)),
      );
    case 'not null':
      return remember(scope, namespace, firstFree(relation, constraint.columns[0], 'not_null', constraintTaken(scope, namespace)));
    case 'primary key':
      return remember(scope, namespace, firstFree(relation, undefined, 'pkey', relationTaken(scope, namespace, true)));
    case 'unique':
      return remember(scope, namespace, firstFree(relation, joinedNames(indexColumnNames(constraint.columns)), 'key', relationTaken(scope, namespace, true)));
    case 'exclusion':
      return remember(scope, namespace, firstFree(relation, joinedNames(indexColumnNames(constraint.columns)), 'excl', relationTaken(scope, namespace, true)));
  }
}

/** The name PostgreSQL gives `CREATE INDEX ON table (...)` (unique or not: the label is `idx`). */
export function generatedIndexName(table: string, columns: readonly (string | undefined)[], scope: NameScope = {}): string {
  const namespace = namespaceOf(table);
  return remember(scope, namespace, firstFree(bareName(table), joinedNames(indexColumnNames(columns)), 'idx', relationTaken(scope, namespace, false)));
}
