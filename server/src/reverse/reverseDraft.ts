/**
 * The reverse drafted for one forward part of a migration file, and where
 * it goes: a reverse file of its own (golang-migrate, diesel, Flyway,
 * Sqitch) or a section of the forward's file (dbmate, goose, sql-migrate,
 * Liquibase). The reviewer is shown the whole target before and after;
 * nothing here writes it.
 */

import * as path from 'node:path';
import type { FileFacts } from '../migrations/fileFacts';
import type { SectionPair } from '../migrations/pairFacts';
import { conventionByName, type FileSection } from '../migrations/conventions';
import type { ParsedStatement } from '../sql/parseSql';
import { deterministicReverse, reverseSqlText, type DeterministicReverse } from './deterministicReverse';

export interface ReverseDraft {
  /** The forward file's name, as the header and the prompt call it. */
  forwardName: string;
  /** The forward part's bounds in its file, and its statements. */
  section: FileSection;
  forward: ParsedStatement[];
  reverse: DeterministicReverse;
  /** The deterministic draft as SQL, with its header and the unresolved statements as comments. */
  sql: string;
  /** The forward part and its counterpart; undefined for tools without reverse migrations. */
  pair: SectionPair | undefined;
}

/**
 * The forward part at `offset` (or the first one), drafted. `undefined`
 * when the file has no forward part (it is itself a reverse, or a verify script).
 */
export function draftReverse(facts: FileFacts, offset = 0): ReverseDraft | undefined {
  const forwards = facts.layout.sections.filter((section) => section.role === 'forward');
  if (forwards.length === 0) return undefined;
  const section =
    forwards.find((candidate) => offset >= candidate.start && offset <= candidate.end) ??
    [...forwards].reverse().find((candidate) => candidate.start <= offset) ??
    forwards[0]!;
  const forward = facts.statements
    .map((statementFacts) => statementFacts.statement)
    .filter((statement) => statement.start >= section.start && statement.start < section.end);
  const forwardName = path.basename(facts.path);
  const reverse = deterministicReverse(forward, facts.schemaBefore, facts.path);
  return {
    forwardName,
    section,
    forward,
    reverse,
    sql: reverseSqlText(reverse, forwardName, forward),
    pair: facts.pairs?.sections.find((pair) => pair.section === section),
  };
}

export interface ReversePlacement {
  /** The file the reverse goes in. */
  file: string;
  /** `file`: a reverse file of its own; `section`: a part of the forward's file. */
  kind: 'file' | 'section';
  /** Whether the target file exists now (on disk or open in the editor). */
  exists: boolean;
  /** The target's current text ('' when it does not exist). */
  before: string;
  /** The edit that puts the reverse in place, as offsets into `before`. */
  edit: { start: number; end: number; newText: string };
  /** The target's text once the reverse is in place. */
  after: string;
}

/**
 * Where `sql` goes for this forward part: replaces the reverse file's text,
 * replaces the reverse section's body, or adds a reverse section. Undefined
 * for tools without reverse migrations.
 */
export function placeReverse(
  sql: string,
  pair: SectionPair | undefined,
  facts: FileFacts,
  forwardFileText: string,
  readText: (filePath: string) => string | undefined,
): ReversePlacement | undefined {
  const counterpart = pair?.counterpart;
  if (!pair || !counterpart) return undefined;
  if (counterpart.file !== facts.path) {
    const before = counterpart.exists ? (readText(counterpart.file) ?? '') : '';
    return finish(counterpart.file, 'file', counterpart.exists, before, { start: 0, end: before.length, newText: `${sql.trimEnd()}\n` });
  }
  const text = forwardFileText;
  const asText = conventionByName(facts.layout.convention).reverseInFile?.asText;
  const body = asText ? asText(sql) : `${sql.trimEnd()}\n`;
  if (counterpart.exists && counterpart.section) {
    const { start, end } = counterpart.section;
    const leading = start > 0 && text[start - 1] !== '\n' ? '\n' : '';
    const trailing = end < text.length ? '\n' : '';
    return finish(facts.path, 'section', true, text, { start, end, newText: `${leading}${body}${trailing}` });
  }
  const insertion = newReverseSection(sql, pair, facts);
  const leading = insertion.at > 0 && text[insertion.at - 1] !== '\n' ? '\n' : '';
  return finish(facts.path, 'section', true, text, { start: insertion.at, end: insertion.at, newText: `${leading}${insertion.newText}` });
}

/**
 * A reverse section for a forward part that has none: Liquibase rollbacks
 * close their changeset; the other tools' reverse section goes at the end
 * of the file, after its marker line.
 */
export function newReverseSection(sql: string, pair: SectionPair, facts: Pick<FileFacts, 'layout'>): { at: number; newText: string } {
  const inFile = conventionByName(facts.layout.convention).reverseInFile;
  if (inFile?.asText && !inFile.marker) return { at: pair.section.end, newText: inFile.asText(sql) };
  return { at: facts.layout.sections.at(-1)!.end, newText: `\n${inFile?.marker ?? '-- migrate:down'}\n${sql.trimEnd()}\n` };
}

function finish(file: string, kind: 'file' | 'section', exists: boolean, before: string, edit: ReversePlacement['edit']): ReversePlacement {
  return { file, kind, exists, before, edit, after: before.slice(0, edit.start) + edit.newText + before.slice(edit.end) };
}
