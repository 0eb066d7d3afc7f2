/**
 * The parser adapter's entry point: text → statements with exact ranges.
 *
 * Text is split into statements by our own lexer and each statement is
 * parsed on its own (cached by text), so a syntax error in one statement
 * never hides the statements after it and no single parser call sees a
 * large input.
 */

import { sharedPgQueryRuntime, type PgQueryRuntime } from './pgQueryRuntime';
import { readAsOlderSyntax, type NewerSyntax } from './newerSyntax';
import { splitStatements } from './splitStatements';
import { sharedStatementCache, type ChunkParse, type ChunkStatement, type StatementCache, type StatementNode } from './statementCache';
import { TextLines } from './textLines';
import { codePointOffsetToUtf16, Utf8ToUtf16 } from './utf8Offsets';

export type { StatementNode } from './statementCache';

export interface ParsedStatement {
  /** 0-based position in the file. */
  index: number;
  /** UTF-16 offsets of the statement in the document, from its first token to its `;`. */
  start: number;
  end: number;
  text: string;
  /**
   * The parser's node, e.g. `{ IndexStmt: {...} }`; undefined when the
   * statement does not parse. Decoded on first access: most statements of a
   * migration (views, functions, DML) are never looked into, and decoding
   * their JSON was the biggest cost after the parser itself.
   */
  readonly node: StatementNode | undefined;
  /** The node's kind, e.g. `IndexStmt`; undefined exactly when the statement does not parse. */
  kind: string | undefined;
  /**
   * Document offset of a parser `location` (bytes from the start of this
   * statement). Approximate after `newerSyntax` rewrote part of the statement.
   */
  documentOffset(byteLocation: number): number;
  /** The statement uses syntax newer than the parser's PostgreSQL 16 grammar and was analysed through an older spelling. */
  newerSyntax?: NewerSyntax;
  /**
   * The first relation the statement names (the `view` of CREATE VIEW, the
   * `relation` of most others), without decoding the whole tree: a view's
   * tree is large and folding the schema needs only its name.
   */
  leadingRelation(): { schemaname?: string; relname: string } | undefined;
}

export type SqlProblemCode = 'syntax-error' | 'unterminated' | 'nul-byte' | 'parser-failure';

export interface SqlProblem {
  code: SqlProblemCode;
  start: number;
  end: number;
  message: string;
  /** What to do about it, when there is more to say than the message. */
  advice?: string;
}

export interface ParsedSql {
  text: string;
  lines: TextLines;
  statements: ParsedStatement[];
  problems: SqlProblem[];
}

export interface ParseOptions {
  cache?: StatementCache;
  runtime?: PgQueryRuntime;
}

const encoder = new TextEncoder();

export async function parseSql(text: string, options: ParseOptions = {}): Promise<ParsedSql> {
  const cache = options.cache ?? sharedStatementCache;
  const runtime = options.runtime ?? sharedPgQueryRuntime;
  const split = splitStatements(text);
  const problems: SqlProblem[] = split.problems.map((problem) => ({ code: 'unterminated', ...problem }));
  const statements: ParsedStatement[] = [];

  for (const chunk of split.chunks) {
    const chunkText = text.slice(chunk.start, chunk.end);
    // The lexer's "unterminated ..." already names the problem; the parser's error there would repeat it.
    const lexerExplained = split.problems.some((problem) => problem.start >= chunk.start && problem.start < chunk.end);
    const parseText = withoutNulBytes(chunkText, chunk.start, problems);
    let parse = cache.get(parseText);
    if (!parse) {
      parse = await parseChunk(parseText, runtime);
      const older = parse.syntaxError ? readAsOlderSyntax(parseText) : undefined;
      if (older) {
        const reread = await parseChunk(older.text, runtime);
        if (!reread.syntaxError) parse = { ...reread, newerSyntax: older.newer };
      }
      cache.set(parseText, parse);
    }
    appendStatements(chunk.start, chunkText, parse, statements, lexerExplained ? [] : problems);
  }
  return { text, lines: new TextLines(text), statements, problems };
}

/** The C parser stops at NUL, so each NUL is reported and parsed as a blank. */
function withoutNulBytes(chunkText: string, chunkStart: number, problems: SqlProblem[]): string {
  if (!chunkText.includes('\0')) return chunkText;
  for (let at = chunkText.indexOf('\0'); at !== -1; at = chunkText.indexOf('\0', at + 1)) {
    problems.push({
      code: 'nul-byte',
      start: chunkStart + at,
      end: chunkStart + at + 1,
      message: 'NUL byte in the SQL text, which PostgreSQL rejects',
      advice: 'Remove it. The rest of the statement is checked as if it were a space.',
    });
  }
  return chunkText.replace(/\0/g, ' ');
}

async function parseChunk(parseText: string, runtime: PgQueryRuntime): Promise<ChunkParse> {
  const bytes = encoder.encode(parseText);
  // A failed call retires the instance; one retry on a fresh instance tells
  // a poisoned instance apart from input the parser cannot handle.
  for (let attempt = 0; attempt < 2; attempt++) {
    await runtime.ready(bytes.length);
    const raw = runtime.parseUtf8(bytes);
    if (!raw) continue;
    if (raw.error.message) {
      return { statements: [], syntaxError: { message: raw.error.message, codePointOffset: raw.error.cursorpos - 1 } };
    }
    const single = singleStatementLazily(raw.parse_tree, bytes.length);
    if (single) return { statements: [single] };
    const tree = parseTreeJson(raw.parse_tree);
    if (!tree) {
      runtime.retire();
      continue;
    }
    return {
      statements: tree.stmts.map((entry) => {
        const byteStart = entry.stmt_location ?? 0;
        const node = entry.stmt;
        const kind = Object.keys(node)[0] ?? 'Unknown';
        return {
          kind,
          node: () => node,
          leadingRelation: () => leadingRelationOfNode(node, kind),
          byteStart,
          byteEnd: entry.stmt_len ? byteStart + entry.stmt_len : bytes.length,
        };
      }),
    };
  }
  return {
    statements: [],
    syntaxError: {
      message: 'The PostgreSQL parser could not process this statement (nested too deeply, or too large)',
      codePointOffset: -1,
    },
  };
}

interface ParseTree {
  stmts: { stmt: StatementNode; stmt_location?: number; stmt_len?: number }[];
}

const SINGLE_STATEMENT_HEAD = /^\{"version":\d+,"stmts":\[\{"stmt":\{"([A-Za-z_]+)":/;
const SINGLE_STATEMENT_TAIL = /(?:,"stmt_len":(\d+))?\}\]\}$/;

/**
 * The common case, one statement per chunk, without decoding the JSON: the
 * kind and length are read from its first and last bytes. A chunk with
 * several statements (a second one carries "stmt_location") is decoded at once.
 */
function singleStatementLazily(json: string, byteLength: number): ChunkStatement | undefined {
  const kind = SINGLE_STATEMENT_HEAD.exec(json)?.[1];
  const tail = SINGLE_STATEMENT_TAIL.exec(json);
  if (!kind || !tail || json.includes('"stmt_location":')) return undefined;
  let node: StatementNode | undefined;
  const decode = (): StatementNode => (node ??= parseTreeJson(json)?.stmts[0]?.stmt ?? { [kind]: {} });
  return {
    kind,
    byteStart: 0,
    byteEnd: tail[1] ? Number(tail[1]) : byteLength,
    node: decode,
    leadingRelation: () => {
      if (node) return leadingRelationOfNode(node, kind);
      const head = LEADING_RELATION.exec(json.slice(0, 600));
      if (head) return { ...(head[2] !== undefined ? { schemaname: JSON.parse(head[2]) as string } : {}), relname: JSON.parse(head[3]!) as string };
      return leadingRelationOfNode(decode(), kind);
    },
  };
}

/** `{"version":N,"stmts":[{"stmt":{"Kind":{"view"|"relation":{["schemaname":S,]"relname":R` */
const LEADING_RELATION =
  /^\{"version":\d+,"stmts":\[\{"stmt":\{"[A-Za-z_]+":\{"(view|relation)":\{(?:"schemaname":("(?:[^"\\]|\\.)*"),)?"relname":("(?:[^"\\]|\\.)*")/;

function leadingRelationOfNode(node: StatementNode, kind: string): { schemaname?: string; relname: string } | undefined {
  const body = node[kind] as { view?: { schemaname?: string; relname?: string }; relation?: { schemaname?: string; relname?: string } } | undefined;
  const relation = body?.view ?? body?.relation;
  if (!relation?.relname) return undefined;
  return { ...(relation.schemaname ? { schemaname: relation.schemaname } : {}), relname: relation.relname };
}

function parseTreeJson(json: string): ParseTree | undefined {
  try {
    const tree = JSON.parse(json) as Partial<ParseTree>;
    return Array.isArray(tree.stmts) ? (tree as ParseTree) : undefined;
  } catch {
    return undefined;
  }
}

function appendStatements(chunkStart: number, chunkText: string, parse: ChunkParse, statements: ParsedStatement[], problems: SqlProblem[]): void {
  let offsets: Utf8ToUtf16 | undefined;
  const toDocument = (byteLocation: number): number => {
    offsets ??= new Utf8ToUtf16(chunkText);
    return chunkStart + offsets.toUtf16(byteLocation);
  };

  if (parse.syntaxError || parse.statements.length === 0) {
    statements.push(makeStatement(statements.length, chunkStart, chunkStart + chunkText.length, chunkText, undefined, toDocument));
    if (parse.syntaxError) {
      const { message, codePointOffset } = parse.syntaxError;
      const chunkEnd = chunkStart + chunkText.length;
      if (codePointOffset < 0) {
        problems.push({ code: 'parser-failure', start: chunkStart, end: chunkEnd, message });
        return;
      }
      // "at end of input" points past the last character; underline that character instead.
      const inChunk = Math.min(codePointOffsetToUtf16(chunkText, codePointOffset), lastCharacterStart(chunkText));
      problems.push({ code: 'syntax-error', start: chunkStart + inChunk, end: chunkStart + tokenEnd(chunkText, inChunk), message });
    }
    return;
  }

  for (const parsed of parse.statements) {
    // Byte offsets of a statement read through an older spelling refer to that spelling: it spans its chunk.
    const rewritten = parse.newerSyntax !== undefined;
    const start = rewritten ? chunkStart : skipBlanks(chunkText, toDocument(parsed.byteStart) - chunkStart) + chunkStart;
    const end = rewritten ? chunkStart + chunkText.length : toDocument(parsed.byteEnd);
    const withSemicolon = !rewritten && chunkText.charCodeAt(end - chunkStart) === 0x3b ? end + 1 : end;
    const statement = makeStatement(
      statements.length,
      start,
      withSemicolon,
      chunkText.slice(start - chunkStart, withSemicolon - chunkStart),
      parsed,
      toDocument,
    );
    if (parse.newerSyntax) statement.newerSyntax = parse.newerSyntax;
    statements.push(statement);
  }
}

function makeStatement(
  index: number,
  start: number,
  end: number,
  text: string,
  parsed: ChunkStatement | undefined,
  documentOffset: (byteLocation: number) => number,
): ParsedStatement {
  return {
    index,
    start,
    end,
    text,
    kind: parsed?.kind,
    get node() {
      return parsed?.node();
    },
    leadingRelation: () => parsed?.leadingRelation(),
    documentOffset,
  };
}

/** Skips what the parser saw as blanks (NULs were handed to it as spaces). */
function skipBlanks(text: string, from: number): number {
  let at = from;
  while (at < text.length && /[\s\0]/.test(text[at]!)) at++;
  return at;
}

function lastCharacterStart(text: string): number {
  if (text.length === 0) return 0;
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xdc00 && last <= 0xdfff && text.length >= 2 ? text.length - 2 : text.length - 1;
}

const WORD_CHARACTER = /[\p{L}\p{N}_$]/u;

/** End of the token starting at `from`, whole code points, so a syntax error underlines the word it names. */
function tokenEnd(text: string, from: number): number {
  if (from >= text.length) return text.length;
  let at = from;
  for (;;) {
    const codePoint = text.codePointAt(at);
    if (codePoint === undefined || !WORD_CHARACTER.test(String.fromCodePoint(codePoint))) break;
    at += codePoint > 0xffff ? 2 : 1;
  }
  if (at > from) return at;
  const first = text.codePointAt(from)!;
  return from + (first > 0xffff ? 2 : 1);
}
