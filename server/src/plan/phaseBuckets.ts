/**
 * Where each recognised change puts its pieces before they become phases:
 * the expand phase's statements, the columns that become NOT NULL through
 * a validated check, the backfills that copy one column into another, and
 * the phases that stand alone (indexes, foreign keys, swaps, drops). The
 * planner assembles them in the expand / backfill / index / validate /
 * contract order.
 */

import type { SchemaModel } from '../schema/schemaModel';
import { schemaPrefixOf } from '../sql/astNames';
import { quoteQualified } from '../sql/quoteIdentifier';
import type { Phase } from './changePlan';
import { SUGGESTED_LOCK_TIMEOUT } from '../locks/sessionSettings';

export const LOCK_TIMEOUT = SUGGESTED_LOCK_TIMEOUT;

/** A column that must end NOT NULL: a NOT VALID check first, validated, then SET NOT NULL. */
export interface NotNullColumn {
  table: string;
  column: string;
  defaultSql?: string;
  /** Filled by a copy from this column (its backfill is the copy's), not by a value the engineer gives. */
  copiedFrom?: string;
}

/** A nullable column added with a volatile default: existing rows get the default by a backfill, not a table rewrite. */
export interface ColumnFill {
  table: string;
  column: string;
  value: string;
}

/** A backfill that copies `from` into `column` for the rows written before the sync trigger. */
export interface ColumnCopy {
  table: string;
  column: string;
  from: string;
}

export interface PhaseBuckets {
  expandForward: string[];
  /** In undo order: each change puts its reverse first. */
  expandReverse: string[];
  notNull: NotNullColumn[];
  fills: ColumnFill[];
  copies: ColumnCopy[];
  /** Phases right after the expand phase (a table renamed behind a view). */
  standalone: Phase[];
  /** Foreign keys added NOT VALID, each in a phase of its own. */
  foreignKeys: Phase[];
  indexes: Phase[];
  /** Constraints put onto an index built CONCURRENTLY (`UNIQUE USING INDEX`). */
  attachments: Phase[];
  /** Constraints added NOT VALID in the expand phase or their own, validated together. */
  validations: { table: string; name: string }[];
  /** After the columns are NOT NULL: a new column takes the old one's name. */
  swaps: Phase[];
  /** Last: what the application stopped using, dropped. */
  drops: Phase[];
  openQuestions: string[];
  missingValues: { table: string; column: string }[];
}

export function emptyBuckets(): PhaseBuckets {
  return {
    expandForward: [],
    expandReverse: [],
    notNull: [],
    fills: [],
    copies: [],
    standalone: [],
    foreignKeys: [],
    indexes: [],
    attachments: [],
    validations: [],
    swaps: [],
    drops: [],
    openQuestions: [],
    missingValues: [],
  };
}

/** An index of `table`, named in the table's schema (indexes live there, and DROP INDEX looks it up by the search path otherwise). */
export function indexOf(table: string, index: string): string {
  return quoteQualified(`${schemaPrefixOf(table)}${index}`);
}

/** The primary key's columns with their catalog types, in key order: what a backfill pages by. */
export function primaryKeyOf(schema: SchemaModel, table: string): { column: string; type: string }[] | undefined {
  const key = schema.constraintsOf(table).find((constraint) => constraint.kind === 'primary key');
  if (!key || key.columns.length === 0) return undefined;
  const parts = key.columns.map((column) => ({ column, type: plainType(schema.column(table, column)?.type?.display) }));
  return parts.every((part) => part.type !== undefined) ? parts.map((part) => ({ column: part.column, type: part.type! })) : undefined;
}

/** The type a column has in the catalog: `serial` is an `integer` with a sequence behind its default. */
export function plainType(display: string | undefined): string | undefined {
  if (display === undefined) return undefined;
  return { smallserial: 'smallint', serial2: 'smallint', serial: 'integer', serial4: 'integer', bigserial: 'bigint', serial8: 'bigint' }[display] ?? display;
}
