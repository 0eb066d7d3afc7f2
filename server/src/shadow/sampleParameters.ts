/**
 * Values for the placeholders of normalised queries (pg_stat_statements
 * keeps `$n` where the constants were), sampled from the "before" database:
 * a few distinct values of the column each placeholder is compared with or
 * written to, 10 and 0 for LIMIT and OFFSET. A query runs once per sampled
 * combination; one whose placeholders cannot all be sampled is skipped,
 * saying which and why.
 */

import type { Database } from '../drill/database';
import { quoteName, quoteQualified } from '../sql/quoteIdentifier';
import type { SkippedCapture } from './capture/capturedQuery';
import { parameterSources } from './parameterSources';
import type { ReplayQuery } from './replayQueries';

/** Combinations run per normalised query. */
const VARIANTS = 3;

async function columnValues(database: Database, relations: readonly string[], column: string): Promise<string[]> {
  for (const relation of relations) {
    try {
      const rows = await database.rows<{ value: string }>(
        `SELECT DISTINCT (${quoteName(column)})::text AS value FROM ${quoteQualified(relation)} WHERE ${quoteName(column)} IS NOT NULL ORDER BY 1 LIMIT ${VARIANTS}`,
      );
      if (rows.length > 0) return rows.map((row) => row.value);
    } catch {
      // Not a column of this relation: try the next one the query names.
    }
  }
  return [];
}

async function sampledLists(database: Database, sql: string): Promise<{ lists: (string | null)[][] } | { reason: string }> {
  const { sources, count } = await parameterSources(sql);
  const values: string[][] = [];
  for (let number = 1; number <= count; number++) {
    const source = sources.get(number);
    if (!source)
      return {
        reason: `normalised with $n placeholders, no parameters supplied, and $${number} is not compared with or written to a column, so it cannot be sampled`,
      };
    if ('constant' in source) {
      values.push([source.constant]);
      continue;
    }
    const sampled = await columnValues(database, source.relations, source.column);
    if (sampled.length === 0)
      return {
        reason: `normalised with $n placeholders, no parameters supplied, and no values of ${source.column} to sample $${number} from (seed rows with --rows or --seed)`,
      };
    values.push(sampled);
  }
  const lists = new Map<string, (string | null)[]>();
  for (let variant = 0; variant < VARIANTS; variant++) {
    const list = values.map((column) => column[variant % column.length]!);
    lists.set(JSON.stringify(list), list);
  }
  return { lists: [...lists.values()] };
}

/** The queries with every unbound one replaced by its sampled variants, and those that could not be bound. */
export async function bindSampledParameters(
  database: Database,
  queries: readonly ReplayQuery[],
): Promise<{ queries: ReplayQuery[]; skipped: SkippedCapture[] }> {
  const bound: ReplayQuery[] = [];
  const skipped: SkippedCapture[] = [];
  for (const query of queries) {
    if (!query.unbound) {
      bound.push(query);
      continue;
    }
    const sampled = await sampledLists(database, query.sql);
    if ('reason' in sampled) {
      skipped.push({ sql: query.sql, file: query.file, line: query.line, reason: sampled.reason });
      continue;
    }
    const { unbound: _unbound, ...rest } = query;
    for (const parameters of sampled.lists) bound.push({ ...rest, parameters, sampled: true });
  }
  return { queries: bound, skipped };
}
