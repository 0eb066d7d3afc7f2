/**
 * A PostgreSQL server log in the stderr format (`log_destination =
 * 'stderr'`, also what `pg_ctl -l` and the logging collector write): each
 * entry is `PREFIX SEVERITY:  message`, whatever log_line_prefix holds, and
 * the message's further lines follow, each starting with a tab.
 */

import type { Capture } from './capturedQuery';
import { statementsOfEntries, type LogEntry } from './logStatements';

const ENTRY = /^(.*?)\b(LOG|DETAIL|ERROR|STATEMENT|HINT|CONTEXT|WARNING|NOTICE|INFO|FATAL|PANIC|DEBUG\d?|LOCATION):  (.*)$/;

function* entriesOf(text: string): Generator<LogEntry> {
  let current: LogEntry | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (current && line.startsWith('\t')) {
      current.message += `\n${line.slice(1)}`;
      continue;
    }
    const match = ENTRY.exec(line);
    if (current) yield current;
    current = match ? { severity: match[2]!, message: match[3]!, line: i + 1 } : undefined;
  }
  if (current) yield current;
}

export function readStderrLog(text: string, file: string): Capture {
  return { queries: statementsOfEntries(entriesOf(text), file), skipped: [] };
}
