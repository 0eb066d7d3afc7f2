/**
 * A PostgreSQL server log in the stderr format (`log_destination =
 * 'stderr'`, also what `pg_ctl -l` and the logging collector write): each
 * entry is `PREFIX SEVERITY:  message`, whatever log_line_prefix holds, and
 * the message's further lines follow, each starting with a tab.
 */

import type { Capture } from './capturedQuery';
import { linesOf } from './fileChunks';
import { statementsOfEntries, type LogEntry } from './logStatements';

const ENTRY = /^(.*?)\b(LOG|DETAIL|ERROR|STATEMENT|HINT|CONTEXT|WARNING|NOTICE|INFO|FATAL|PANIC|DEBUG\d?|LOCATION): {2}(.*)$/;

function* entriesOf(lines: Iterable<string>): Generator<LogEntry> {
  let current: LogEntry | undefined;
  let number = 0;
  for (const line of lines) {
    number++;
    if (current && line.startsWith('\t')) {
      current.message += `\n${line.slice(1)}`;
      continue;
    }
    const match = ENTRY.exec(line);
    if (current) yield current;
    current = match ? { severity: match[2]!, message: match[3]!, line: number } : undefined;
  }
  if (current) yield current;
}

/** `chunks`: the log's text, whole or a piece at a time. */
export function readStderrLog(chunks: Iterable<string>, file: string): Capture {
  return { queries: statementsOfEntries(entriesOf(linesOf(chunks)), file), skipped: [] };
}
