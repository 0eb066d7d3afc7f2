/** A plain `.sql` file of captured statements, one after another. */

import { splitStatements } from '../../sql/splitStatements';
import { TextLines } from '../../sql/textLines';
import type { Capture } from './capturedQuery';

export function readSqlCapture(text: string, file: string): Capture {
  const lines = new TextLines(text);
  const queries = splitStatements(text)
    .chunks.map((chunk) => ({ sql: text.slice(chunk.start, chunk.end).replace(/;\s*$/, '').trim(), file, line: lines.positionAt(chunk.start).line + 1 }))
    .filter((query) => query.sql !== '');
  return { queries, skipped: [] };
}
