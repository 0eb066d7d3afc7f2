/** Text edits that fixes share. Offsets are UTF-16 document offsets. */

import type { ParsedStatement } from '../../sql/parseSql';
import type { Fix, TextEdit } from '../rule';
import type { Range } from '../../sql/statementParts';

export function insertAt(offset: number, newText: string): TextEdit {
  return { start: offset, end: offset, newText };
}

export function replaceRange(range: Range, newText: string): TextEdit {
  return { start: range.start, end: range.end, newText };
}

/**
 * Appends statements after this one, closing it with a semicolon first when
 * it has none; ends with a line break when the text ends in a comment, so
 * the comment never swallows what follows on the same line.
 */
export function appendAfter(statement: ParsedStatement, newText: string): TextEdit {
  const closed = statement.text.trimEnd().endsWith(';');
  const lastLine = newText.slice(newText.lastIndexOf('\n') + 1);
  return insertAt(statement.end, `${closed ? '' : ';'}${newText}${lastLine.trimStart().startsWith('--') ? '\n' : ''}`);
}

/** Removes a clause and the blanks before it (`c uuid DEFAULT f()` → `c uuid`). */
export function removeClause(statement: ParsedStatement, range: Range): TextEdit {
  let at = range.start - statement.start;
  while (at > 0 && /\s/.test(statement.text[at - 1]!)) at--;
  return { start: statement.start + at, end: range.end, newText: '' };
}

/**
 * A fix whose insertions at one offset keep the order they are listed in
 * (LSP clients disagree on equal-offset edits, so they are joined into one).
 */
export function fixOf(title: string, edits: readonly TextEdit[]): Fix {
  const merged: TextEdit[] = [];
  for (const edit of edits) {
    const same = merged.find((other) => other.start === edit.start && other.end === other.start && edit.end === edit.start);
    if (same) same.newText += edit.newText;
    else merged.push({ ...edit });
  }
  return { title, edits: merged };
}

/** A finding's `fixes` field, present only when there is a fix. */
export function fixesOf(...fixes: (Fix | undefined)[]): { fixes?: Fix[] } {
  const offered = fixes.filter((fix): fix is Fix => fix !== undefined);
  return offered.length > 0 ? { fixes: offered } : {};
}
