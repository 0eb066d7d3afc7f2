/**
 * Tools that keep forward and reverse in one file mark the parts with
 * comments. This reads those markers into sections (UTF-16 offsets of each
 * part's body) with the options that change how the tool runs them, and
 * builds the convention such a tool follows.
 */

import * as path from 'node:path';
import {
  namesBefore,
  sortedNamesIn,
  type Convention,
  type ConventionName,
  type FileContext,
  type FileLayout,
  type FileSection,
  type FolderAccess,
  type MigrationPart,
} from '../convention';

export type SectionRole = 'forward' | 'reverse';

export interface MarkedSection {
  role: SectionRole;
  /** Offset just after the marker line, and where the next marker (or the file) ends. */
  start: number;
  end: number;
  /** Offsets of the marker line itself, for diagnostics about it. */
  markerStart: number;
  markerEnd: number;
  /** The tool runs this section outside a transaction (dbmate `transaction:false`, goose `NO TRANSACTION`, sql-migrate `notransaction`). */
  noTransaction: boolean;
  /** Identifier when the tool names parts (Liquibase `author:id`). */
  id?: string;
}

export interface MarkerSyntax {
  /** Matches a marker line; group 1 is the role word, group 2 the options. */
  line: RegExp;
  role(word: string): SectionRole | undefined;
  noTransaction(options: string, wholeText: string): boolean;
}

/** `Up` / `up` opens the forward part, anything else the marker matches the reverse. */
export const upIsForward = (word: string): SectionRole => (word.toLowerCase() === 'up' ? 'forward' : 'reverse');

export function readSections(text: string, syntax: MarkerSyntax): MarkedSection[] {
  const markers: { role: SectionRole; markerStart: number; markerEnd: number; options: string }[] = [];
  for (const match of text.matchAll(syntax.line)) {
    const role = syntax.role(match[1]!);
    if (!role) continue;
    markers.push({ role, markerStart: match.index!, markerEnd: match.index! + match[0].length, options: match[2] ?? '' });
  }
  return markers.map((marker, i) => ({
    role: marker.role,
    start: marker.markerEnd,
    end: markers[i + 1]?.markerStart ?? text.length,
    markerStart: marker.markerStart,
    markerEnd: marker.markerEnd,
    noTransaction: syntax.noTransaction(marker.options, text),
  }));
}

function migrationIdOf(fileName: string): string {
  return /^(\d+)/.exec(fileName)?.[1] ?? fileName.replace(/\.sql$/i, '');
}

function toSections(marked: MarkedSection[], fileName: string, sqlInComments: boolean): FileSection[] {
  return marked.map((section) => ({
    role: section.role,
    start: section.start,
    end: section.end,
    markerStart: section.markerStart,
    markerEnd: section.markerEnd,
    transaction: section.noTransaction ? 'none' : 'wrapped',
    migrationId: section.id ?? migrationIdOf(fileName),
    ...(sqlInComments && section.role === 'reverse' ? { sqlInComments: true } : {}),
  }));
}

/** Files in the folder run in name order (version prefixes compare as numbers); those with the tool's marker count. */
function earlierFilesWith(file: FileContext, disk: FolderAccess, marker: RegExp): MigrationPart[] {
  const names = sortedNamesIn(disk, file.directory, '.sql files', (entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.sql'));
  return namesBefore(names, file.name)
    .map((name) => path.join(file.directory, name))
    .filter((candidate) => marker.test(disk.read(candidate)))
    .map((candidate) => ({ file: candidate }));
}

/**
 * The convention of a tool that marks parts in one file: recognised by
 * `marker`, its parts read by `read`; `rest` adds what else is known of the tool.
 */
export function sectionConvention(
  name: ConventionName,
  marker: RegExp,
  read: (text: string) => MarkedSection[],
  rest: Omit<Convention, 'name' | 'forwardOnly' | 'matches' | 'layout' | 'counterpart' | 'earlierForwards'>,
): Convention {
  const sqlInComments = rest.uncomment !== undefined;
  return {
    name,
    forwardOnly: false,
    matches: (file) => marker.test(file.text()),
    layout(file): FileLayout {
      return { convention: name, forwardOnly: false, sections: toSections(read(file.text()), file.name, sqlInComments) };
    },
    counterpart(file, layout, sectionIndex) {
      const section = layout.sections[sectionIndex]!;
      const wanted = section.role === 'forward' ? 'reverse' : 'forward';
      const other = layout.sections.find((candidate) => candidate.role === wanted && candidate.migrationId === section.migrationId);
      return { file: file.path, exists: other !== undefined, ...(other ? { section: { start: other.start, end: other.end } } : {}) };
    },
    // Forward sections of earlier files; the caller adds this file's own forward section for a reverse.
    earlierForwards: (file, _role, disk) => earlierFilesWith(file, disk, marker),
    ...rest,
  };
}
