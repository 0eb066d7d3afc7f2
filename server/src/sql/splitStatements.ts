/**
 * Splits SQL text into statement chunks the way psql does, without parsing.
 *
 * The parser package cannot take large inputs in one call and one bad
 * statement makes it reject the whole input, so the adapter feeds it one
 * statement at a time. This lexer only needs to know where statements end:
 * a `;` outside quotes, comments, parentheses and `BEGIN ATOMIC ... END`.
 */

/** One statement's text span in UTF-16 offsets of the document. */
export interface StatementChunk {
  /** Offset of the statement's first token (comments and blanks before it excluded). */
  start: number;
  /** Offset just after the terminating `;`, or after the last token when there is none. */
  end: number;
}

/** A lexical problem that the parser would report less helpfully, or not at all. */
export interface LexProblem {
  start: number;
  end: number;
  message: string;
}

export interface SplitResult {
  chunks: StatementChunk[];
  problems: LexProblem[];
}

const SEMICOLON = 0x3b;
const QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const DOLLAR = 0x24;
const DASH = 0x2d;
const SLASH = 0x2f;
const STAR = 0x2a;
const BACKSLASH = 0x5c;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;

function isIdentStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || code >= 0x80;
}

function isIdentPart(code: number): boolean {
  return isIdentStart(code) || (code >= 0x30 && code <= 0x39) || code === DOLLAR;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x0c || code === 0x0b;
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline === -1 ? text.length : newline;
}

/**
 * Statement boundaries of `text`. Never throws; unterminated constructs are
 * reported as problems. An unterminated single-quoted string or quoted
 * identifier is closed at the end of its line so that a half-typed literal
 * does not swallow every statement after it; dollar quotes and block
 * comments legitimately span lines, so those run to the end of the text.
 */
export function splitStatements(text: string): SplitResult {
  const chunks: StatementChunk[] = [];
  const problems: LexProblem[] = [];
  const length = text.length;

  let statementStart = -1;
  let lastTokenEnd = -1;
  let parenDepth = 0;
  // Inside `BEGIN ATOMIC`, `;` separates body statements; CASE ... END nests.
  let atomicDepth = 0;
  let previousWord = '';

  const closeStatement = (end: number): void => {
    if (statementStart !== -1) chunks.push({ start: statementStart, end });
    statementStart = -1;
    lastTokenEnd = -1;
    parenDepth = 0;
    atomicDepth = 0;
    previousWord = '';
  };
  const markToken = (start: number, end: number): void => {
    if (statementStart === -1) statementStart = start;
    lastTokenEnd = end;
  };
  // A half-typed literal must not hide the statements below it, so the
  // statement is cut at the end of the line the quote opened on.
  const recoverFromUnterminated = (start: number, what: string, quote: string): number => {
    const cutAt = lineEnd(text, start);
    problems.push({ start, end: cutAt, message: `Unterminated ${what}, the ${quote} opened here is never closed` });
    markToken(start, cutAt);
    closeStatement(cutAt);
    return cutAt;
  };

  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);

    if (isSpace(code)) {
      i++;
      continue;
    }

    if (code === DASH && text.charCodeAt(i + 1) === DASH) {
      i = lineEnd(text, i);
      continue;
    }

    if (code === SLASH && text.charCodeAt(i + 1) === STAR) {
      const commentStart = i;
      let depth = 1;
      i += 2;
      while (i < length && depth > 0) {
        const c = text.charCodeAt(i);
        if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
          depth++;
          i += 2;
        } else if (c === STAR && text.charCodeAt(i + 1) === SLASH) {
          depth--;
          i += 2;
        } else {
          i++;
        }
      }
      if (depth > 0) {
        problems.push({ start: commentStart, end: length, message: 'Unterminated block comment, "/*" has no matching "*/"' });
      }
      continue;
    }

    if (code === QUOTE) {
      // E'...' strings take backslash escapes; the E was already consumed as a word.
      const escapes = i > 0 && (text.charCodeAt(i - 1) | 0x20) === 0x65 && (i < 2 || !isIdentPart(text.charCodeAt(i - 2)));
      const start = i;
      const closedAt = skipQuoted(text, i, QUOTE, escapes);
      if (closedAt === -1) {
        i = recoverFromUnterminated(start, 'string literal', "'");
      } else {
        markToken(start, closedAt);
        i = closedAt;
      }
      previousWord = '';
      continue;
    }

    if (code === DOUBLE_QUOTE) {
      const start = i;
      const closedAt = skipQuoted(text, i, DOUBLE_QUOTE, false);
      if (closedAt === -1) {
        i = recoverFromUnterminated(start, 'quoted identifier', '"');
      } else {
        markToken(start, closedAt);
        i = closedAt;
      }
      previousWord = '';
      continue;
    }

    if (code === DOLLAR && (i === 0 || !isIdentPart(text.charCodeAt(i - 1)))) {
      const tagEnd = dollarTagEnd(text, i);
      if (tagEnd !== -1) {
        const start = i;
        const tag = text.slice(i, tagEnd);
        const close = text.indexOf(tag, tagEnd);
        if (close === -1) {
          problems.push({ start, end: length, message: `Unterminated dollar-quoted string, ${tag} has no closing ${tag}` });
          i = length;
        } else {
          i = close + tag.length;
        }
        markToken(start, i);
        previousWord = '';
        continue;
      }
    }

    if (isIdentStart(code)) {
      const start = i;
      i++;
      while (i < length && isIdentPart(text.charCodeAt(i))) i++;
      markToken(start, i);
      if (i - start <= 6) {
        const word = text.slice(start, i).toUpperCase();
        if (atomicDepth > 0) {
          if (word === 'CASE') atomicDepth++;
          else if (word === 'END') atomicDepth--;
        } else if (word === 'ATOMIC' && previousWord === 'BEGIN') {
          atomicDepth = 1;
        }
        previousWord = word;
      } else {
        previousWord = '';
      }
      continue;
    }

    if (code === SEMICOLON) {
      if (parenDepth <= 0 && atomicDepth <= 0) {
        closeStatement(i + 1);
      } else {
        lastTokenEnd = i + 1;
      }
      i++;
      continue;
    }

    if (code === OPEN_PAREN) parenDepth++;
    else if (code === CLOSE_PAREN) parenDepth--;
    markToken(i, i + 1);
    previousWord = '';
    i++;
  }

  if (statementStart !== -1) chunks.push({ start: statementStart, end: lastTokenEnd });
  return { chunks, problems };
}

/** End offset of a `$tag$` opener at `start`, or -1 when `$` does not open a dollar quote. */
function dollarTagEnd(text: string, start: number): number {
  let i = start + 1;
  if (text.charCodeAt(i) === DOLLAR) return i + 1;
  if (!isIdentStart(text.charCodeAt(i))) return -1;
  i++;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === DOLLAR) return i + 1;
    if (!isIdentPart(code) || code === DOLLAR) return -1;
    i++;
  }
  return -1;
}

/** Offset after the closing quote of a literal or identifier opened at `start`, or -1 when it is never closed. */
function skipQuoted(text: string, start: number, quote: number, backslashEscapes: boolean): number {
  let i = start + 1;
  const length = text.length;
  while (i < length) {
    const code = text.charCodeAt(i);
    if (backslashEscapes && code === BACKSLASH) {
      i += 2;
      continue;
    }
    if (code === quote) {
      if (text.charCodeAt(i + 1) === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return -1;
}
