/** Where a pairing finding goes in this file, and how to point into the counterpart. */

import * as path from 'node:path';
import type { FileFacts } from '../../migrations/fileFacts';
import type { SectionPair } from '../../migrations/pairFacts';
import type { RelatedLocation } from '../rule';

/** The section's marker when it has one, else its first statement, else the start of the file. */
export function sectionAnchor(context: FileFacts, pair: SectionPair): { start: number; end: number } {
  if (pair.section.markerStart !== undefined && pair.section.markerEnd !== undefined && pair.section.markerEnd > pair.section.markerStart) {
    return { start: pair.section.markerStart, end: pair.section.markerEnd };
  }
  const first = context.statements.find((facts) => facts.statement.start >= pair.section.start && facts.statement.start < pair.section.end);
  if (first) return { start: first.statement.start, end: first.statement.end };
  return { start: 0, end: 0 };
}

export function statementSpan(context: FileFacts, index: number | undefined): { start: number; end: number } | undefined {
  if (index === undefined) return undefined;
  const statement = context.statements[index]?.statement;
  return statement ? { start: statement.start, end: statement.end } : undefined;
}

export function relatedIn(pair: SectionPair, statementIndex: number | undefined, message: string): RelatedLocation[] {
  const side = pair.other;
  if (!side) return [];
  const range = statementIndex !== undefined ? side.ranges.get(statementIndex) : [...side.ranges.values()][0];
  return range ? [{ path: side.file, range, message }] : [];
}

export function displayName(filePath: string): string {
  return `${path.basename(path.dirname(filePath))}/${path.basename(filePath)}`;
}
