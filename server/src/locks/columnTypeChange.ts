/**
 * Whether `ALTER COLUMN ... TYPE` rewrites the table. PostgreSQL skips the
 * rewrite when the old type converts to the new one without changing a
 * byte (ATColumnChangeRequiresRewrite): the same type, a binary-coercible
 * type (varchar → text), or a wider length/precision limit (varchar(20) →
 * varchar(40), numeric(10,2) → numeric(12,2)). Anything we cannot prove is
 * a rewrite: claiming one that does not happen costs a look, missing one
 * costs an outage.
 */

import type { ColumnType } from '../sql/astNames';

export interface TypeChangeVerdict {
  rewrite: boolean;
  /** Why, in a few words: "varchar(20) → varchar(40) only widens the limit". */
  why: string;
  note?: string;
}

/** Internal names of the spellings the parser leaves as written. */
const ALIASES: Record<string, string> = {
  integer: 'int4',
  int: 'int4',
  smallint: 'int2',
  bigint: 'int8',
  real: 'float4',
  'double precision': 'float8',
  boolean: 'bool',
  character: 'bpchar',
  char: 'bpchar',
  'character varying': 'varchar',
  decimal: 'numeric',
};

function canonical(name: string): string {
  return ALIASES[name] ?? name;
}

/** Types whose only modifier is a length or precision limit: widening it (or dropping it) changes no stored byte. */
const WIDENABLE = new Set(['varchar', 'varbit', 'timestamp', 'timestamptz', 'time', 'timetz', 'interval']);

/** Old → new pairs stored identically (binary coercible, no length check). */
const BINARY_COERCIBLE = new Set(['varchar>text', 'text>varchar', 'cidr>inet', 'xml>text']);

function widened(oldModifiers: number[], newModifiers: number[]): boolean {
  if (newModifiers.length === 0) return true;
  if (oldModifiers.length === 0) return false;
  return newModifiers[0]! >= oldModifiers[0]!;
}

export function typeChangeVerdict(before: ColumnType | undefined, after: ColumnType | undefined, hasUsing: boolean): TypeChangeVerdict {
  if (!before || !after) return { rewrite: true, why: 'rewrites the table unless the old type is binary-coercible to the new one (old type unknown)' };
  const from = `${before.display} → ${after.display}`;
  if (hasUsing) return { rewrite: true, why: `${from} with USING rewrites the table` };
  const oldName = canonical(before.name);
  const newName = canonical(after.name);
  if (before.isArray !== after.isArray) return { rewrite: true, why: `${from} rewrites the table` };
  if (oldName === newName) {
    if (oldName === 'numeric') {
      const [oldPrecision, oldScale = 0] = before.modifiers;
      const [newPrecision, newScale = 0] = after.modifiers;
      if (after.modifiers.length === 0) return { rewrite: false, why: `${from} drops the limit: no rewrite` };
      if (oldPrecision !== undefined && newPrecision !== undefined && newPrecision >= oldPrecision && newScale === oldScale) {
        return { rewrite: false, why: `${from} only widens the precision: no rewrite` };
      }
      return { rewrite: true, why: `${from} changes the scale or narrows the precision: rewrites the table` };
    }
    if (before.modifiers.join(',') === after.modifiers.join(',')) return { rewrite: false, why: `${from} keeps the type: no rewrite` };
    if (WIDENABLE.has(oldName) && widened(before.modifiers, after.modifiers)) return { rewrite: false, why: `${from} only widens the limit: no rewrite` };
    return { rewrite: true, why: `${from} narrows the limit: rewrites the table` };
  }
  if (BINARY_COERCIBLE.has(`${oldName}>${newName}`) && (newName !== 'varchar' || after.modifiers.length === 0)) {
    return { rewrite: false, why: `${from} is binary-coercible: no rewrite` };
  }
  if (oldName === 'timestamp' && newName === 'timestamptz') {
    return {
      rewrite: true,
      why: `${from} rewrites the table`,
      note: 'from PostgreSQL 12 there is no rewrite when the session TimeZone is UTC',
    };
  }
  return { rewrite: true, why: `${from} rewrites the table` };
}
