/**
 * A PostgreSQL server log in the csvlog format (`log_destination =
 * 'csvlog'`): one CSV record per entry, the severity in the 12th column,
 * the message in the 14th and its DETAIL in the 15th (the same columns in
 * every version since 9.0; later versions only add columns at the end).
 */

import type { Capture } from './capturedQuery';
import { csvRecords } from './csvRecords';
import { statementsOfEntries, type LogEntry } from './logStatements';

const SEVERITY = 11;
const MESSAGE = 13;
const DETAIL = 14;

function* entriesOf(chunks: Iterable<string>): Generator<LogEntry> {
  for (const { fields, line } of csvRecords(chunks)) {
    if (fields.length <= DETAIL) continue;
    const detail = fields[DETAIL]!;
    yield { severity: fields[SEVERITY]!, message: fields[MESSAGE]!, ...(detail ? { detail } : {}), line };
  }
}

/** `chunks`: the log's text, whole or a piece at a time. */
export function readCsvLog(chunks: Iterable<string>, file: string): Capture {
  return { queries: statementsOfEntries(entriesOf(chunks), file), skipped: [] };
}
