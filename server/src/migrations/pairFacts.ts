/**
 * The other half of each part of a migration file: where it is, whether it
 * exists and has statements, and the effects of both halves, so rules can
 * say what the reverse leaves undone. The counterpart's text comes from the
 * caller (an open editor buffer wins over the disk).
 */

import { effectsInOrder, effectsOf, type Effect } from '../schema/effects';
import type { SchemaModel } from '../schema/schemaModel';
import { parseSql, type ParsedSql } from '../sql/parseSql';
import type { Range } from '../sql/textLines';
import { uncommented, type FileSection, type FolderAccess, type LocatedFile, type PairInfo } from './conventions';

export interface PartSide {
  /** File the part lives in (this file, or the counterpart's). */
  file: string;
  effects: Effect[];
  /** Ranges of the part's statements, by statement index in `file`. */
  ranges: ReadonlyMap<number, Range>;
  statementCount: number;
  /** The text the ranges are in (an open editor's buffer, or the disk). */
  text: string;
}

export interface SectionPair {
  section: FileSection;
  /** Undefined for forward-only conventions (no reverse expected) and verify scripts. */
  counterpart: PairInfo | undefined;
  /** This part's own effects. */
  own: PartSide;
  /** The counterpart's effects, when it exists. */
  other?: PartSide;
}

export interface PairFacts {
  convention: string;
  forwardOnly: boolean;
  sections: SectionPair[];
}

/**
 * One part's statements and effects. With the schema before the part, the
 * part is folded along, so unnamed constraints and indexes get the numbered
 * names PostgreSQL gives when a name is taken; `after` is the schema it leaves.
 */
function sideOf(
  file: string,
  parsed: ParsedSql,
  bounds: { start: number; end: number } | undefined,
  before?: SchemaModel,
): { side: PartSide; after?: SchemaModel } {
  const statements = parsed.statements.filter(
    (statement) => statement.kind !== undefined && (!bounds || (statement.start >= bounds.start && statement.start < bounds.end)),
  );
  const ranges = new Map<number, Range>();
  for (const statement of statements) ranges.set(statement.index, parsed.lines.rangeOf(statement.start, statement.end));
  const folded = before ? effectsInOrder(statements, before, file) : undefined;
  const effects = folded?.effects ?? statements.flatMap((statement) => effectsOf(statement));
  return { side: { file, effects, ranges, statementCount: statements.length, text: parsed.text }, ...(folded ? { after: folded.schemaAfter } : {}) };
}

/** The schemas a file's parts start from, for naming what they create. */
export interface PartSchemas {
  /** Before the file (its history). */
  before: SchemaModel;
  /** Before another migration file (the forward of a reverse file). */
  beforeFile(file: string): Promise<SchemaModel>;
}

/** Liquibase keeps rollback SQL in comments: parse it with the markers blanked (same offsets). */
async function parsedWithRollbackSql(parsed: ParsedSql, layout: LocatedFile['layout']): Promise<ParsedSql> {
  const commented = layout.sections.filter((section) => section.sqlInComments);
  if (commented.length === 0) return parsed;
  let text = parsed.text;
  for (const section of commented)
    text = text.slice(0, section.start) + uncommented(layout.convention, text.slice(section.start, section.end)) + text.slice(section.end);
  return parseSql(text);
}

export async function loadPairFacts(
  located: LocatedFile,
  parsed: ParsedSql,
  readText: (filePath: string) => string | undefined,
  disk: FolderAccess,
  schemas?: PartSchemas,
): Promise<PairFacts> {
  const { convention, file, layout } = located;
  const withRollbacks = await parsedWithRollbackSql(parsed, layout);
  // The parts of one file run in file order: each starts from the schema the one before it left.
  const sides = new Map<FileSection, { side: PartSide; after?: SchemaModel }>();
  let schema = schemas?.before;
  for (const section of layout.sections) {
    const side = sideOf(file.path, section.sqlInComments ? withRollbacks : parsed, section, schema);
    sides.set(section, side);
    schema = side.after ?? schema;
  }
  const sideOfSection = (section: FileSection): PartSide => sides.get(section)!.side;
  const sections: SectionPair[] = [];
  for (const [index, section] of layout.sections.entries()) {
    const own = sideOfSection(section);
    if (layout.forwardOnly || section.role === 'verify') {
      sections.push({ section, counterpart: undefined, own });
      continue;
    }
    let counterpart = convention.counterpart(file, layout, index, disk);
    // A counterpart open in the editor but not yet saved exists for the engineer: it counts.
    if (counterpart && !counterpart.exists && counterpart.file !== file.path && readText(counterpart.file) !== undefined) {
      counterpart = { ...counterpart, exists: true };
    }
    let other: PartSide | undefined;
    if (counterpart?.exists) {
      if (counterpart.file === file.path) {
        const otherSection = layout.sections.find((candidate) => candidate.start === counterpart.section?.start);
        other = otherSection ? sideOfSection(otherSection) : sideOf(file.path, parsed, counterpart.section).side;
      } else {
        const text = readText(counterpart.file);
        // A reverse runs on what its forward left; a forward on the history before it.
        const before = !schemas ? undefined : section.role === 'forward' ? sides.get(section)!.after : await schemas.beforeFile(counterpart.file);
        if (text !== undefined) other = sideOf(counterpart.file, await parseSql(text), undefined, before).side;
      }
    }
    sections.push({ section, counterpart, own, ...(other ? { other } : {}) });
  }
  return { convention: layout.convention, forwardOnly: layout.forwardOnly, sections };
}
