/**
 * What a PostgreSQL server log says about the statements it ran, whatever
 * the log's format: `statement: SQL` (simple protocol, log_statement),
 * `execute NAME: SQL` followed by `DETAIL: parameters: $1 = '...'`
 * (extended protocol), each possibly after `duration: N ms` (for
 * log_min_duration_statement). `parse` and `bind` messages repeat the
 * execute and are not statements of their own.
 */

import type { CapturedQuery } from './capturedQuery';

const STATEMENT = /^(?:duration: [\d.]+ ms\s+)?(?:statement|execute [^:]*): ([\s\S]*)$/;

/** The SQL of a LOG message that records a statement run, or undefined. */
export function statementOfMessage(message: string): string | undefined {
  return STATEMENT.exec(message)?.[1]?.trim();
}

/** `$1 = '5', $2 = NULL, $3 = 'it''s'` → ['5', null, "it's"]; undefined when the text is not a parameter list. */
export function parametersOfDetail(detail: string): (string | null)[] | undefined {
  const body = /^parameters: ([\s\S]*)$/i.exec(detail.trim())?.[1];
  if (body === undefined) return undefined;
  const values: (string | null)[] = [];
  let index = 0;
  const skipSpaces = (): void => {
    while (index < body.length && /\s/.test(body[index]!)) index++;
  };
  while (index < body.length) {
    skipSpaces();
    const name = /^\$(\d+) = /.exec(body.slice(index));
    if (!name) return undefined;
    index += name[0].length;
    const position = Number(name[1]) - 1;
    if (body.startsWith('NULL', index)) {
      values[position] = null;
      index += 4;
    } else if (body[index] === "'") {
      let value = '';
      index++;
      for (;;) {
        if (index >= body.length) return undefined;
        if (body[index] === "'") {
          if (body[index + 1] === "'") {
            value += "'";
            index += 2;
            continue;
          }
          index++;
          break;
        }
        value += body[index++];
      }
      values[position] = value;
    } else {
      return undefined;
    }
    skipSpaces();
    if (body[index] === ',') index++;
  }
  return values;
}

/** One log entry as the format readers hand it over. */
export interface LogEntry {
  severity: string;
  message: string;
  /** The DETAIL of the same entry (csvlog keeps it in the same record). */
  detail?: string;
  line: number;
}

/**
 * The statements in a sequence of log entries, in order. A DETAIL with
 * parameters belongs to the statement just before it (stderr logs write it
 * as an entry of its own).
 */
export function statementsOfEntries(entries: Iterable<LogEntry>, file: string): CapturedQuery[] {
  const queries: CapturedQuery[] = [];
  let last: CapturedQuery | undefined;
  for (const entry of entries) {
    if (entry.severity === 'LOG') {
      const sql = statementOfMessage(entry.message);
      last = sql ? { sql, file, line: entry.line } : undefined;
      if (!last) continue;
      queries.push(last);
      const parameters = entry.detail === undefined ? undefined : parametersOfDetail(entry.detail);
      if (parameters) last.parameters = parameters;
    } else if (entry.severity === 'DETAIL' && last && !last.parameters) {
      const parameters = parametersOfDetail(entry.message);
      if (parameters) last.parameters = parameters;
    } else if (entry.severity !== 'DETAIL') {
      last = undefined;
    }
  }
  return queries;
}
