/**
 * A capture file in any of the formats, chosen by `--format-in` or by its
 * name and first lines: `.sql` statements, a stderr log, a csvlog, or a
 * pg_stat_statements export (CSV with a `query` column, or JSON).
 */

import { projectFiles } from '../../files/projectFiles';
import * as path from 'node:path';
import { decodeSqlBytes } from '../../sql/decodeSqlBytes';
import type { Capture, CaptureFormat } from './capturedQuery';
import { readCsvLog } from './csvLog';
import { fileChunks } from './fileChunks';
import { readPgStatStatements } from './pgStatStatements';
import { readSqlCapture } from './sqlCapture';
import { readStderrLog } from './stderrLog';

const CSVLOG_RECORD = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \w+,/;

/** The format of a capture, from its name and its first kilobytes. */
export function detectCaptureFormat(file: string, head: string): CaptureFormat {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.json') return 'pgss';
  if (extension === '.csv') return CSVLOG_RECORD.test(head) ? 'csvlog' : 'pgss';
  if (extension === '.sql') return 'sql';
  if (/^(.*?)\b(LOG|ERROR|DETAIL|STATEMENT): {2}/m.test(head)) return 'pglog';
  if (CSVLOG_RECORD.test(head)) return 'csvlog';
  return 'sql';
}

export function readCaptureText(text: string, file: string, format: CaptureFormat, parameters?: ReadonlyMap<string, readonly (string | null)[][]>): Capture {
  switch (format) {
    case 'sql':
      return readSqlCapture(text, file);
    case 'pglog':
      return readStderrLog([text], file);
    case 'csvlog':
      return readCsvLog([text], file);
    case 'pgss':
      return readPgStatStatements(text, file, parameters);
  }
}

/**
 * Server logs are read a piece at a time (they can be gigabytes); a .sql
 * capture and a pg_stat_statements export (one row per distinct query) are
 * read whole.
 */
export function readCaptureFile(
  file: string,
  format?: CaptureFormat,
  parameters?: ReadonlyMap<string, readonly (string | null)[][]>,
  chunkBytes?: number,
): { capture: Capture; format: CaptureFormat; invalidUtf8: boolean } {
  const source = fileChunks(file, chunkBytes);
  let chosen = format;
  if (!chosen) {
    let head = '';
    for (const chunk of source.chunks) {
      head += chunk;
      if (head.length >= 4096) break;
    }
    chosen = detectCaptureFormat(file, head.slice(0, 4096));
  }
  if (chosen === 'pglog' || chosen === 'csvlog') {
    const capture = chosen === 'pglog' ? readStderrLog(source.chunks, file) : readCsvLog(source.chunks, file);
    return { capture, format: chosen, invalidUtf8: source.invalidUtf8 };
  }
  const decoded = decodeSqlBytes(projectFiles.readBytes(file));
  return { capture: readCaptureText(decoded.text, file, chosen, parameters), format: chosen, invalidUtf8: decoded.invalidUtf8 !== undefined };
}
