/**
 * What the rows look like, per table: how many and a checksum of their
 * text, so a drill can tell whether the reverse gave back the data that
 * was there before the forward.
 */

import type { Database } from './database';

export type TableData = Map<string, { rows: number; checksum: string }>;

export async function tableData(database: Database): Promise<TableData> {
  const tables = await database.rows<{ table: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS "table" FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`,
  );
  const data: TableData = new Map();
  if (tables.length === 0) return data;
  // One round trip for every table (a history of hundreds of tables is common).
  const perTable = tables.map(
    ({ table }, i) => `SELECT ${i} AS i, count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS checksum FROM ${table} t`,
  );
  for (const row of await database.rows<{ i: number; rows: number; checksum: string }>(perTable.join('\nUNION ALL\n'))) {
    data.set(tables[row.i]!.table.replace(/^public\./, ''), { rows: row.rows, checksum: row.checksum });
  }
  return data;
}

export interface DataDifference {
  table: string;
  before: { rows: number; checksum: string };
  after: { rows: number; checksum: string } | undefined;
}

/** Tables whose rows differ between the two readings (a table gone afterwards is a schema difference, not listed). */
export function dataDifferences(before: TableData, after: TableData): DataDifference[] {
  const differences: DataDifference[] = [];
  for (const [table, was] of before) {
    const now = after.get(table);
    if (now && (now.rows !== was.rows || now.checksum !== was.checksum)) differences.push({ table, before: was, after: now });
  }
  return differences;
}
