/**
 * Finds a keyword as a token of the statement, never inside a comment, a
 * string, a quoted identifier or a dollar quote, so that a fix inserting
 * text "after INDEX" lands after the keyword and not in `/* the index *\/`.
 */

import { tokenize } from './tokens';

/** UTF-16 offset in `text` of the first token equal to `keyword` (case-insensitive), or -1. */
export function findKeyword(text: string, keyword: string): number {
  const wanted = keyword.toUpperCase();
  return tokenize(text).find((token) => token.kind === 'word' && token.text.toUpperCase() === wanted)?.start ?? -1;
}
