/**
 * Source text of the parts of a statement the parser locates only by their
 * start (or not at all): a column's DEFAULT expression, the expressions of
 * `SET DEFAULT`, a CHECK constraint. Kept as written, so a reverse can
 * restore exactly what the history said.
 */

import type { ParsedStatement } from './parseSql';
import { isWord, tokenIndexAt, tokenize, type Token } from './tokens';

/** Words that end a DEFAULT expression inside a column definition. */
const COLUMN_CLAUSE_WORDS = ['NOT', 'NULL', 'CHECK', 'REFERENCES', 'PRIMARY', 'UNIQUE', 'CONSTRAINT', 'COLLATE', 'GENERATED', 'DEFAULT'];

function tokensAfter(statement: ParsedStatement, byteLocation: number | undefined): { tokens: Token[]; index: number } | undefined {
  if (byteLocation === undefined || byteLocation < 0 || statement.newerSyntax) return undefined;
  const offset = statement.documentOffset(byteLocation) - statement.start;
  if (offset < 0 || offset > statement.text.length) return undefined;
  const tokens = tokenize(statement.text);
  return { tokens, index: tokenIndexAt(tokens, offset) };
}

/** Text from token `from` up to a depth-0 comma, closing parenthesis, semicolon, or one of `stopWords` (after the first token). */
function expressionFrom(text: string, tokens: readonly Token[], from: number, stopWords: readonly string[]): string | undefined {
  let depth = 0;
  let last = -1;
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i]!;
    const symbol = token.kind === 'symbol' ? token.text : '';
    if (depth === 0 && (symbol === ',' || symbol === ')' || symbol === ';')) break;
    if (depth === 0 && i > from && isWord(token, ...stopWords)) break;
    if (symbol === '(' || symbol === '[') depth++;
    else if (symbol === ')' || symbol === ']') depth--;
    last = i;
  }
  return last < from ? undefined : text.slice(tokens[from]!.start, tokens[last]!.end);
}

/** The expression of the DEFAULT clause whose constraint the parser located at `byteLocation` (the DEFAULT keyword). */
export function defaultExpressionAt(statement: ParsedStatement, byteLocation: number | undefined): string | undefined {
  const found = tokensAfter(statement, byteLocation);
  if (!found || !isWord(found.tokens[found.index], 'DEFAULT')) return undefined;
  const first = found.tokens[found.index + 1];
  // `DEFAULT NULL`: NULL is the expression, not a NULL constraint.
  if (isWord(first, 'NULL')) return 'NULL';
  return expressionFrom(statement.text, found.tokens, found.index + 1, COLUMN_CLAUSE_WORDS);
}

/** The expressions of each `ALTER COLUMN ... SET DEFAULT expr` in the statement, in order. */
export function setDefaultExpressions(statement: ParsedStatement): string[] {
  const tokens = tokenize(statement.text);
  const expressions: string[] = [];
  for (let i = 0; i + 2 < tokens.length; i++) {
    // (`ON DELETE SET DEFAULT` is a foreign key action, not a column default.)
    if (isWord(tokens[i], 'SET') && isWord(tokens[i + 1], 'DEFAULT') && !isWord(tokens[i - 1], 'DELETE', 'UPDATE')) {
      const expression = expressionFrom(statement.text, tokens, i + 2, []);
      if (expression) expressions.push(expression);
    }
  }
  return expressions;
}

/** `CHECK (...)` of the constraint the parser located at `byteLocation` (its CONSTRAINT or CHECK keyword). */
export function checkClauseAt(statement: ParsedStatement, byteLocation: number | undefined): string | undefined {
  const found = tokensAfter(statement, byteLocation);
  if (!found) return undefined;
  let i = found.index;
  if (isWord(found.tokens[i], 'CONSTRAINT')) i += 2;
  if (!isWord(found.tokens[i], 'CHECK') || found.tokens[i + 1]?.text !== '(') return undefined;
  let depth = 0;
  for (let j = i + 1; j < found.tokens.length; j++) {
    const text = found.tokens[j]!.kind === 'symbol' ? found.tokens[j]!.text : '';
    if (text === '(') depth++;
    else if (text === ')' && --depth === 0) return statement.text.slice(found.tokens[i]!.start, found.tokens[j]!.end);
  }
  return undefined;
}
