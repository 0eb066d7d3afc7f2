/**
 * Where the parts of a statement are in the document. The parser gives the
 * start of some nodes (relations, column definitions, constraints, types)
 * and nothing for ALTER TABLE subcommands; these helpers recover the ranges
 * from the statement's tokens so findings underline the offending clause and
 * fixes edit exactly it.
 */

import type { ParsedStatement } from './parseSql';
import { columnTypeOf, relationName, type RangeVarNode } from './astNames';
import { clauseEndIndex, tokenIndexAt, tokenize, typeNameExtent, type Token } from './tokens';
import type { AlterTableCmdNode, ColumnDefNode, ConstraintNode, TypeNameNode } from './ast';

const TOKENS = new WeakMap<ParsedStatement, Token[]>();
const ALTER_TABLE_PARTS = new WeakMap<ParsedStatement, AlterTableParts | undefined>();

/** The statement's tokens, computed once per parsed statement (every rule asks). */
export function tokensOf(statement: ParsedStatement): readonly Token[] {
  let tokens = TOKENS.get(statement);
  if (!tokens) {
    tokens = tokenize(statement.text);
    TOKENS.set(statement, tokens);
  }
  return tokens;
}

export interface Range {
  start: number;
  end: number;
}

/** One ALTER TABLE subcommand and its range in the document (the whole statement when it could not be told apart). */
export interface AlterTableCommand extends Range {
  node: AlterTableCmdNode;
}

export interface AlterTableParts {
  relation: RangeVarNode;
  /** `schema.table` without quotes, as the lock facts name it. */
  table: string;
  /** The relation as written, quotes included, for generated SQL. */
  relationText: string;
  commands: AlterTableCommand[];
}

/** The body of the statement's node (`node[kind]`), or undefined. */
export function bodyOf<T>(statement: ParsedStatement, kind: string): T | undefined {
  if (statement.kind !== kind) return undefined;
  return statement.node?.[kind] as T | undefined;
}

/** Offset inside `statement.text` of a parser byte location. */
export function textOffset(statement: ParsedStatement, byteLocation: number | undefined): number | undefined {
  if (byteLocation === undefined || byteLocation < 0 || statement.newerSyntax) return undefined;
  const offset = statement.documentOffset(byteLocation) - statement.start;
  return offset >= 0 && offset <= statement.text.length ? offset : undefined;
}

/** Document range of the statement without its trailing semicolon. */
export function statementRange(statement: ParsedStatement): Range {
  const tokens = tokensOf(statement);
  const last = [...tokens].reverse().find((token) => token.text !== ';');
  return { start: statement.start, end: last ? statement.start + last.end : statement.end };
}

/** Index just past the relation name that starts at token `i` (`a`, `s.a`, `"A"`, `a *`). */
function relationTokensEnd(tokens: readonly Token[], i: number): number {
  let j = i + 1;
  while (tokens[j]?.text === '.' && (tokens[j + 1]?.kind === 'word' || tokens[j + 1]?.kind === 'quoted')) j += 2;
  return j;
}

/** The relation as written in the statement, quotes included; falls back to its name. */
export function relationText(statement: ParsedStatement, relation: RangeVarNode | undefined): string {
  const offset = textOffset(statement, relation?.location);
  const fallback = relationName(relation) ?? '';
  if (offset === undefined) return fallback;
  const tokens = tokensOf(statement);
  const i = tokenIndexAt(tokens, offset);
  if (tokens[i]?.start !== offset) return fallback;
  const end = relationTokensEnd(tokens, i);
  return statement.text.slice(tokens[i]!.start, tokens[end - 1]!.end);
}

/** Document range of the clause starting at a parser location: up to the next top-level comma or the end. */
export function clauseRange(statement: ParsedStatement, byteLocation: number | undefined): Range | undefined {
  const offset = textOffset(statement, byteLocation);
  if (offset === undefined) return undefined;
  const tokens = tokensOf(statement);
  const i = tokenIndexAt(tokens, offset);
  if (!tokens[i]) return undefined;
  const last = clauseEndIndex(tokens, i);
  return { start: statement.start + tokens[i]!.start, end: statement.start + tokens[last]!.end };
}

/** Document range of the type name at a parser location (`varchar(20)`, `timestamp without time zone`). */
export function typeRange(statement: ParsedStatement, typeName: TypeNameNode | undefined): Range | undefined {
  const offset = textOffset(statement, typeName?.location);
  if (offset === undefined) return undefined;
  const extent = typeNameExtent(tokensOf(statement), offset);
  return extent ? { start: statement.start + extent.start, end: statement.start + extent.end } : undefined;
}

/** Document range of the first token at or after a parser location. */
export function tokenRange(statement: ParsedStatement, byteLocation: number | undefined): Range | undefined {
  const offset = textOffset(statement, byteLocation);
  if (offset === undefined) return undefined;
  const tokens = tokensOf(statement);
  const token = tokens[tokenIndexAt(tokens, offset)];
  return token ? { start: statement.start + token.start, end: statement.start + token.end } : undefined;
}

/** Document range of the first (or last) token equal to `word` in the statement (outside comments and strings). */
export function wordRange(statement: ParsedStatement, word: string, within?: Range, which: 'first' | 'last' = 'first'): Range | undefined {
  const from = within ? within.start - statement.start : 0;
  const to = within ? within.end - statement.start : statement.text.length;
  const tokens = tokensOf(statement);
  const token = (which === 'last' ? [...tokens].reverse() : tokens).find(
    (candidate) => candidate.start >= from && candidate.end <= to && candidate.kind === 'word' && candidate.text.toUpperCase() === word.toUpperCase(),
  );
  return token ? { start: statement.start + token.start, end: statement.start + token.end } : undefined;
}

/** ALTER TABLE with its relation and each subcommand's range (computed once per parsed statement). */
export function alterTableParts(statement: ParsedStatement): AlterTableParts | undefined {
  if (statement.kind !== 'AlterTableStmt') return undefined;
  if (!ALTER_TABLE_PARTS.has(statement)) ALTER_TABLE_PARTS.set(statement, readAlterTableParts(statement));
  return ALTER_TABLE_PARTS.get(statement);
}

function readAlterTableParts(statement: ParsedStatement): AlterTableParts | undefined {
  const body = bodyOf<{ relation?: RangeVarNode; cmds?: { AlterTableCmd?: AlterTableCmdNode }[] }>(statement, 'AlterTableStmt');
  const table = relationName(body?.relation);
  if (!body?.relation || !table) return undefined;
  const nodes = (body.cmds ?? []).map((entry) => entry.AlterTableCmd ?? {});
  const whole = statementRange(statement);
  let commands: AlterTableCommand[] = nodes.map((node) => ({ node, ...whole }));
  const offset = textOffset(statement, body.relation.location);
  if (offset !== undefined) {
    const tokens = tokensOf(statement);
    let i = relationTokensEnd(tokens, tokenIndexAt(tokens, offset));
    if (tokens[i]?.text === '*') i++;
    const ranges: Range[] = [];
    while (i < tokens.length && tokens[i]!.text !== ';') {
      const last = clauseEndIndex(tokens, i);
      ranges.push({ start: statement.start + tokens[i]!.start, end: statement.start + tokens[last]!.end });
      i = last + 2;
    }
    if (ranges.length === nodes.length) commands = nodes.map((node, index) => ({ node, ...ranges[index]! }));
  }
  return { relation: body.relation, table, relationText: relationText(statement, body.relation), commands };
}

/** The column definitions of CREATE TABLE and ALTER TABLE ... ADD COLUMN, with the table they belong to. */
export function columnDefinitions(statement: ParsedStatement): { table: string; tableText: string; column: ColumnDefNode; range: Range; viaAlter: boolean }[] {
  if (statement.kind === 'CreateStmt') {
    const body = bodyOf<{ relation?: RangeVarNode; tableElts?: { ColumnDef?: ColumnDefNode }[] }>(statement, 'CreateStmt');
    const table = relationName(body?.relation);
    if (!table) return [];
    const tableText = relationText(statement, body?.relation);
    return (body?.tableElts ?? []).flatMap((element) => {
      const column = element.ColumnDef;
      if (!column) return [];
      const range = clauseRange(statement, column.location) ?? statementRange(statement);
      return [{ table, tableText, column, range, viaAlter: false }];
    });
  }
  const parts = alterTableParts(statement);
  if (!parts) return [];
  return parts.commands.flatMap((command) => {
    const column = command.node.subtype === 'AT_AddColumn' ? command.node.def?.ColumnDef : undefined;
    return column ? [{ table: parts.table, tableText: parts.relationText, column, range: command, viaAlter: true }] : [];
  });
}

/** The column's constraints (NOT NULL, DEFAULT, CHECK, ...) as nodes. */
export function constraintsOf(column: ColumnDefNode | undefined): ConstraintNode[] {
  return (column?.constraints ?? []).map((entry) => entry.Constraint ?? {});
}

/** Lower-case last part of a type name: `int4`, `varchar`, `serial`, `timestamptz`. */
export function typeNameOf(typeName: TypeNameNode | undefined): string {
  return columnTypeOf(typeName)?.name ?? '';
}

export { firstColumnIn } from './astNames';

/**
 * Ranges of a column's constraints (`NOT NULL`, `DEFAULT f()`, `REFERENCES u (id)`):
 * each runs from its location to the next one or to the end of the column
 * definition. Undefined when a location is missing.
 */
export function constraintRanges(statement: ParsedStatement, column: ColumnDefNode, definition: Range): Range[] | undefined {
  const starts = constraintsOf(column).map((c) => (c.location === undefined || statement.newerSyntax ? undefined : statement.documentOffset(c.location)));
  if (starts.some((start) => start === undefined || start < definition.start || start > definition.end)) return undefined;
  return starts.map((start, index) => trimmedEnd(statement, { start: start!, end: starts[index + 1] ?? definition.end }));
}

/** The range without the blanks and comments at its end. */
export function trimmedEnd(statement: ParsedStatement, range: Range): Range {
  const tokens = tokenize(statement.text.slice(range.start - statement.start, range.end - statement.start));
  const last = tokens.at(-1);
  return last ? { start: range.start, end: range.start + last.end } : range;
}

/** The text of a document range inside the statement, trimmed. */
export function textOf(statement: ParsedStatement, range: Range): string {
  return statement.text.slice(range.start - statement.start, range.end - statement.start).trim();
}

/** Statement text ending in exactly one `;` (a parsed statement's text may lack it). */
export function withSemicolon(text: string): string {
  const trimmed = text.trim();
  return trimmed.endsWith(';') ? trimmed : `${trimmed};`;
}
