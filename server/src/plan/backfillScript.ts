/**
 * A batched backfill outside the schema migrations: keyset pagination by
 * the primary key, one transaction per batch with a pause between them, so
 * the table is never locked for long and replicas keep up. Idempotent and
 * resumable: it only touches rows whose column is still NULL, so running it
 * again after an interruption picks up where it stopped. Ends with the
 * progress query to watch from another session.
 */

import { quoteName, quoteQualified } from '../sql/quoteIdentifier';

export interface BackfillOptions {
  table: string;
  column: string;
  value: string;
  primaryKey: string;
  /** The key column's type as SQL: `bigint`, `uuid`. */
  primaryKeyType: string;
  batchSize: number;
  pauseMs: number;
  /** Which rows still need it (default: the column is NULL); must become false once a row is done. */
  pending?: string;
  /** Said in the script's header: who narrowed its WHERE (Claude), for the reviewer. */
  note?: string;
}

export function backfillScript(options: BackfillOptions): string {
  const table = quoteQualified(options.table);
  const column = quoteName(options.column);
  const key = quoteName(options.primaryKey);
  const pending = options.pending ?? `${column} IS NULL`;
  return `${options.note ? `-- ${options.note}\n` : ''}-- Backfill ${options.table}.${options.column} = ${options.value}, ${options.batchSize} rows per transaction, ${options.pauseMs} ms apart.
-- Run it with psql outside any transaction (each batch commits on its own), after the phase that adds the column
-- and before the one that validates it. Safe to stop and run again: it only touches rows still to do.
--
-- Progress, from another session:
--   SELECT count(*) FILTER (WHERE ${pending}) AS remaining, count(*) AS total FROM ${table};
DO $backfill$
DECLARE
  last_key ${options.primaryKeyType} := NULL;
  batch_end ${options.primaryKeyType};
BEGIN
  LOOP
    SELECT max(${key}) INTO batch_end FROM (
      SELECT ${key} FROM ${table}
       WHERE ${pending} AND (last_key IS NULL OR ${key} > last_key)
       ORDER BY ${key}
       LIMIT ${options.batchSize}
    ) AS batch;
    EXIT WHEN batch_end IS NULL;
    UPDATE ${table} SET ${column} = ${options.value}
     WHERE ${pending} AND (last_key IS NULL OR ${key} > last_key) AND ${key} <= batch_end;
    last_key := batch_end;
    COMMIT;
    PERFORM pg_sleep(${(options.pauseMs / 1000).toString()});
  END LOOP;
END
$backfill$;
`;
}
