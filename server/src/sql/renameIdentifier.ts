/**
 * Follows a rename into SQL text the history recorded (index definitions,
 * CHECK clauses): PostgreSQL keeps such definitions as trees, so a renamed
 * column or table shows up in them under its new name; our recorded text
 * has to be brought along the same way.
 */

import { quoteName } from './quoteIdentifier';
import { isWord, tokenize, type Token } from './tokens';

function names(token: Token, name: string): boolean {
  if (token.kind === 'word') return token.text.toLowerCase() === name;
  return token.kind === 'quoted' && token.text.slice(1, -1).replace(/""/g, '"') === name;
}

function replaceTokens(text: string, tokens: readonly Token[], to: string): string {
  let result = text;
  for (const token of [...tokens].sort((a, b) => b.start - a.start)) result = `${result.slice(0, token.start)}${quoteName(to)}${result.slice(token.end)}`;
  return result;
}

/** Every identifier `from` in `text` becomes `to` (string literals and comments are left alone). */
export function renameIdentifier(text: string, from: string, to: string): string {
  const hits = tokenize(text).filter((token) => names(token, from));
  return hits.length === 0 ? text : replaceTokens(text, hits, to);
}

/** The table of `CREATE INDEX ... ON [ONLY] table`, renamed from `from` to `to`. */
export function renameIndexTable(definition: string, from: string, to: string): string {
  const tokens = tokenize(definition);
  let i = tokens.findIndex((token) => isWord(token, 'ON'));
  if (i < 0) return definition;
  i += isWord(tokens[i + 1], 'ONLY') ? 2 : 1;
  // Qualified `s.table`: the table is the last part.
  while (tokens[i + 1]?.text === '.' && tokens[i + 2]) i += 2;
  const token = tokens[i];
  return token && names(token, from) ? replaceTokens(definition, [token], to) : definition;
}
