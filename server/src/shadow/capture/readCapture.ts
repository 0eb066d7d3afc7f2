/**
 * A capture file in any of the formats, chosen by `--format-in` or by its
 * name and first lines: `.sql` statements, a stderr log, a csvlog, or a
 * pg_stat_statements export (CSV with a `query` column, or JSON).
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeSqlBytes } from '../../sql/decodeSqlBytes';
import type { Capture, CaptureFormat } from './capturedQuery';
import { readCsvLog } from './csvLog';
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
  if (/^(.*?)\b(LOG|ERROR|DETAIL|STATEMENT):  /m.test(head)) return 'pglog';
  if (CSVLOG_RECORD.test(head)) return 'csvlog';
  return 'sql';
}

export function readCaptureText(text: string, file: string, format: CaptureFormat, parameters?: ReadonlyMap<string, readonly (string | null)[][]>): Capture {
  switch (format) {
    case 'sql':
      return readSqlCapture(text, file);
    case 'pglog':
      return readStderrLog(text, file);
    case 'csvlog':
      return readCsvLog(text, file);
    case 'pgss':
      return readPgStatStatements(text, file, parameters);
  }
}

export function readCaptureFile(file: string, format?: CaptureFormat, parameters?: ReadonlyMap<string, readonly (string | null)[][]>): { capture: Capture; format: CaptureFormat; invalidUtf8: boolean } {
  const decoded = decodeSqlBytes(fs.readFileSync(file));
  const chosen = format ?? detectCaptureFormat(file, decoded.text.slice(0, 4096));
  return { capture: readCaptureText(decoded.text, file, chosen, parameters), format: chosen, invalidUtf8: decoded.invalidUtf8 !== undefined };
}
