import type { SchemaModel } from '../schema/schemaModel';
import type { LockMode } from './lockModes';

/** One relation-level lock a statement takes, and what it does to that relation while holding it. */
export interface LockFact {
  /** As written in the statement (`table` or `schema.table`), or as the schema model names it for relations the statement does not name. */
  relation: string;
  mode: LockMode;
  /** Rewrites every row (a new heap is written): time grows with table size, under the lock. */
  rewrite: boolean;
  /** Reads every row (validation, NOT NULL check, index build) under the lock. */
  scan: boolean;
  /** Why this lock, in a few words: "CREATE INDEX builds the index", "ADD FOREIGN KEY (referenced table)". */
  reason: string;
  /** Byte offset of the relation's name inside the statement, when the parser gave one. */
  byteLocation?: number;
  /** Set when the relation is not a table, view or materialized view: locks on an index or sequence. */
  relationKind?: 'index' | 'sequence';
  /**
   * The lock is taken only in some runs, in plain words: "a new row has a
   * non-null tenant_id". Without it, the lock is always taken.
   */
  onlyWhen?: string;
  /** A caveat: the statement needs a newer PostgreSQL, or something the schema model could not tell. */
  note?: string;
}

export interface LockContext {
  /** PostgreSQL major version, e.g. 16. */
  pgVersion: number;
  /**
   * The schema just before the statement, when known: it names the relations a
   * statement locks without naming them (the table of an index, the table a
   * foreign key references) and tells when a scan is skipped.
   */
  schema?: SchemaModel;
}
