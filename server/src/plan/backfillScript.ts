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
  /** The primary key's columns in key order, each with its type as SQL (`bigint`, `uuid`): the script pages by them. */
  key: readonly { column: string; type: string }[];
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
  const pending = options.pending ?? `${column} IS NULL`;
  const keys = options.key.map((part) => quoteName(part.column));
  const lasts = options.key.map((_, index) => `last_key_${index + 1}`);
  const ends = options.key.map((_, index) => `batch_end_${index + 1}`);
  // A row comparison pages a composite key as one; for one column it is the column itself.
  const row = (names: readonly string[]): string => (names.length === 1 ? names[0]! : `(${names.join(', ')})`);
  const declarations = options.key.flatMap((part, index) => [`  ${lasts[index]} ${part.type} := NULL;`, `  ${ends[index]} ${part.type};`]).join('\n');
  const after = `(${lasts[0]} IS NULL OR ${row(keys)} > ${row(lasts)})`;
  return `${options.note ? `-- ${options.note}\n` : ''}-- Backfill ${options.table}.${options.column} = ${options.value}, ${options.batchSize} rows per transaction, ${options.pauseMs} ms apart.
-- Run it with psql outside any transaction (each batch commits on its own). Safe to stop and run again: it only
-- touches rows still to do. It pages by the primary key (${options.key.map((part) => part.column).join(', ')}).
--
-- Progress, from another session:
--   SELECT count(*) FILTER (WHERE ${pending}) AS remaining, count(*) AS total FROM ${table};
DO $backfill$
DECLARE
${declarations}
BEGIN
  LOOP
    -- The last key of the next batch (ORDER BY ... DESC, not max(): uuid and composite keys have no max()).
    SELECT ${keys.join(', ')} INTO ${ends.join(', ')} FROM (
      SELECT ${keys.join(', ')} FROM ${table}
       WHERE ${pending} AND ${after}
       ORDER BY ${keys.join(', ')}
       LIMIT ${options.batchSize}
    ) AS batch
    ORDER BY ${keys.map((key) => `${key} DESC`).join(', ')}
    LIMIT 1;
    EXIT WHEN NOT FOUND;
    UPDATE ${table} SET ${column} = ${options.value}
     WHERE ${pending} AND ${after} AND ${row(keys)} <= ${row(ends)};
    ${lasts.map((last, index) => `${last} := ${ends[index]};`).join(' ')}
    COMMIT;
    PERFORM pg_sleep(${(options.pauseMs / 1000).toString()});
  END LOOP;
END
$backfill$;
`;
}
