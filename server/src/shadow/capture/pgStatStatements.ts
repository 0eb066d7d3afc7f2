/**
 * A pg_stat_statements export: CSV with a header (`\copy (SELECT queryid,
 * calls, query FROM pg_stat_statements) TO 'x.csv' CSV HEADER`) or a JSON
 * array of rows (`SELECT json_agg(s) FROM pg_stat_statements s`). Queries
 * are normalised: constants became `$n`. Such a query runs with the
 * parameters supplied for it (`parameters`: the query text → lists of
 * values), or else is marked unbound, for values sampled from the database
 * later (sampleParameters.ts). Queries come most-called first.
 */

import type { Capture, CapturedQuery } from './capturedQuery';
import { csvRecords } from './csvRecords';

interface StatementRow {
  query: string;
  calls: number;
  line: number;
}

function rowsOf(text: string): StatementRow[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    const parsed = JSON.parse(trimmed) as unknown;
    if (!Array.isArray(parsed)) throw new Error('expected a JSON array of pg_stat_statements rows');
    return parsed.flatMap((row, index) => {
      const record = row as { query?: unknown; calls?: unknown };
      return typeof record.query === 'string' ? [{ query: record.query, calls: Number(record.calls ?? 0) || 0, line: index + 1 }] : [];
    });
  }
  const records = [...csvRecords(text)];
  const header = records.shift()?.fields.map((name) => name.trim().toLowerCase());
  const queryColumn = header?.indexOf('query') ?? -1;
  if (!header || queryColumn < 0) throw new Error('the CSV has no "query" column in its header line');
  const callsColumn = header.indexOf('calls');
  return records.map(({ fields, line }) => ({ query: fields[queryColumn] ?? '', calls: callsColumn < 0 ? 0 : Number(fields[callsColumn]) || 0, line }));
}

export function readPgStatStatements(text: string, file: string, parameters: ReadonlyMap<string, readonly (string | null)[][]> = new Map()): Capture {
  const queries: CapturedQuery[] = [];
  const rows = rowsOf(text)
    .filter((row) => row.query.trim() !== '')
    .sort((a, b) => b.calls - a.calls);
  for (const row of rows) {
    const sql = row.query.trim();
    if (!/\$\d+/.test(sql)) {
      queries.push({ sql, file, line: row.line });
      continue;
    }
    const supplied = parameters.get(sql);
    if (!supplied || supplied.length === 0) {
      queries.push({ sql, unbound: true, file, line: row.line });
      continue;
    }
    for (const values of supplied) queries.push({ sql, parameters: [...values], file, line: row.line });
  }
  return { queries, skipped: [] };
}
