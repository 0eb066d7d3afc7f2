/**
 * Reads table sizes from a database's statistics: read-only catalog
 * queries in a read-only transaction with a short statement timeout. The
 * connection string comes from an environment variable named in the config
 * and is never logged; errors are reported without it.
 */

import { Client } from 'pg';
import type { TableSize } from '../migrations/tableSizes';

const SIZES_QUERY = `
  SELECT n.nspname AS schema, c.relname AS name,
         GREATEST(c.reltuples, 0)::float8 AS rows,
         pg_total_relation_size(c.oid)::float8 AS bytes
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p', 'm')
    AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`;

export interface SizesFromDatabase {
  sizes: Map<string, TableSize>;
}

/** Removes credentials from any text that might contain the URL (driver errors sometimes do). */
export function redactConnectionString(text: string, url: string): string {
  let redacted = text.split(url).join('<database url>');
  try {
    const parsed = new URL(url);
    if (parsed.password) redacted = redacted.split(decodeURIComponent(parsed.password)).join('***').split(parsed.password).join('***');
  } catch {
    // Not a URL (a key=value string): the whole-string replacement above is all we can do.
  }
  return redacted;
}

export async function readTableSizes(connectionString: string, timeoutMs = 5000): Promise<SizesFromDatabase> {
  const client = new Client({ connectionString, connectionTimeoutMillis: timeoutMs, statement_timeout: timeoutMs, application_name: 'fearless table sizes' });
  // A connection the server ends while idle emits 'error': without a listener that would end the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('BEGIN TRANSACTION READ ONLY');
    const result = await client.query<{ schema: string; name: string; rows: number; bytes: number }>(SIZES_QUERY);
    await client.query('ROLLBACK');
    const sizes = new Map<string, TableSize>();
    for (const row of result.rows) {
      // reltuples is -1 (shown as 0 here) for never-analysed tables on PostgreSQL 14+: then only bytes are known.
      const size: TableSize = row.rows > 0 ? { rows: row.rows, bytes: row.bytes } : { bytes: row.bytes };
      sizes.set(row.schema === 'public' ? row.name : `${row.schema}.${row.name}`, size);
    }
    return { sizes };
  } catch (error) {
    throw new Error(`could not read table sizes: ${redactConnectionString((error as Error).message, connectionString)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}
