/**
 * What a migration tool's convention tells us about one file: which parts
 * of it are forward or reverse, how the tool runs each part (in a
 * transaction or not), where the other half of the pair lives, and which
 * forwards run before it.
 */

import type * as fs from 'node:fs';
import * as path from 'node:path';
import { projectFiles, rethrowIfRefused } from '../../files/projectFiles';
import { compareMigrationNames, sortMigrationNames } from '../migrationOrder';

export type ConventionName =
  | 'golang-migrate'
  | 'diesel'
  | 'dbmate'
  | 'goose'
  | 'sql-migrate'
  | 'flyway'
  | 'sqitch'
  | 'liquibase'
  | 'prisma'
  | 'supabase'
  | 'plain';

/**
 * How the tool runs a part: `wrapped` in a transaction of its own; `none`
 * statement by statement with autocommit; `implicit` as one query string,
 * which PostgreSQL runs as one implicit transaction when it holds several
 * statements.
 */
export type TransactionHandling = 'wrapped' | 'implicit' | 'none';

export type PartRole = 'forward' | 'reverse' | 'verify';

/** A part of a migration: a whole file, or a section of one. Offsets are UTF-16 in that file's text. */
export interface MigrationPart {
  file: string;
  /** Section bounds; undefined for a whole file. */
  section?: { start: number; end: number };
}

export interface FileSection {
  role: PartRole;
  /** Offsets in this file of the part's body (the whole text for one-part files). */
  start: number;
  end: number;
  /** Where the section's marker comment is, for diagnostics that belong to it. */
  markerStart?: number;
  markerEnd?: number;
  transaction: TransactionHandling;
  /** Version or name of the migration this part belongs to. */
  migrationId: string;
  /** Whether the SQL lives in comments (Liquibase rollbacks) and must be uncommented before parsing. */
  sqlInComments?: boolean;
}

export interface PairInfo {
  /** The file that holds (or should hold) the other half. */
  file: string;
  exists: boolean;
  /** When the other half is a section of a file (dbmate, goose...), its bounds once found. */
  section?: { start: number; end: number };
}

export interface FileLayout {
  convention: ConventionName;
  /** The tool has no reverse migrations (Prisma, Supabase, plain numbered files). */
  forwardOnly: boolean;
  sections: FileSection[];
}

/** The file being looked at; its text is read only when a convention needs it. */
export interface FileContext {
  path: string;
  name: string;
  directory: string;
  text(): string;
}

/**
 * How conventions look at the disk: folder listings and file texts, cached
 * by the caller for one run (the CLI) or revalidated (the language server).
 */
export interface FolderAccess {
  list(directory: string): fs.Dirent[];
  read(filePath: string): string;
}

export const uncachedFolderAccess: FolderAccess = {
  list(directory) {
    try {
      return projectFiles.list(directory);
    } catch (error) {
      rethrowIfRefused(error);
      return [];
    }
  },
  read(filePath) {
    try {
      return projectFiles.readText(filePath);
    } catch (error) {
      rethrowIfRefused(error);
      return '';
    }
  },
};

/** A file the planner writes: `settings` is the tool's per-migration options file (diesel's metadata.toml, Flyway's .conf). */
export interface PlannedFile {
  path: string;
  text: string;
  kind: 'forward' | 'reverse' | 'migration' | 'settings' | 'backfill' | 'plan';
}

/** One phase as the planner hands it to a tool's writer. */
export interface PhaseToWrite {
  slug: string;
  forward: string;
  reverse: string;
  /** It must run outside a transaction (CREATE INDEX CONCURRENTLY): the file says so the tool's way. */
  outsideTransaction: boolean;
}

/** How a tool's migrations are named and written, for the planner (`fearless plan`). */
export interface PhaseWriter {
  /** The naive migration's version and name, from its path. */
  source(file: string): { version: string; name: string } | undefined;
  /** Said when `source` finds nothing: what a forward of this tool is named like. */
  expectedName?: string;
  /** The folder that holds the tool's migrations, from one forward's path. */
  folderOf(file: string): string;
  /** Versions of every migration in the folder. */
  existing(folder: string): string[];
  next(version: string, steps: number): string;
  compare(a: string, b: string): number;
  /** The files of one phase at `version`. */
  files(folder: string, version: string, phase: PhaseToWrite): PlannedFile[];
  /** The files of the naive migration (what a plan that replaces it removes), existing or not. */
  sourceFiles(file: string, folder: string): string[];
}

/**
 * Everything fearless knows of one migration tool. Each tool is one file in
 * this folder (registered in index.ts, with a fixture folder in
 * test/fixtures/conventions/).
 */
export interface Convention {
  name: ConventionName;
  forwardOnly: boolean;
  /** No tool was recognised: how the file runs is assumed (statement by statement), and said where it matters. */
  assumed?: true;
  /** The tables the tool records applied migrations in, and the statement that creates them as the tool does. */
  bookkeeping?: { tables: readonly string[]; createSql?: string };
  /** How to have this tool run a migration outside a transaction, as advice ("put it in a migration of its own ..."). */
  outsideTransaction?: string;
  /** For tools that keep the reverse in the forward's file: how a drafted reverse is written there. */
  reverseInFile?: {
    /** The line that opens a reverse section at the end of the file; none: the reverse follows its own forward part (Liquibase). */
    marker?: string;
    /** The reverse SQL as the file holds it (Liquibase: `--rollback` lines), ending in a newline; plain SQL when absent. */
    asText?(sql: string): string;
  };
  /** Reverse parts whose SQL sits in comments (Liquibase rollbacks): the SQL, same length, offsets unchanged. */
  uncomment?(partText: string): string;
  /** How the planner writes this tool's migrations; undefined: not supported yet. */
  phaseWriter?: PhaseWriter;
  /** Whether this convention describes the file (by name, siblings, or content). */
  matches(file: FileContext, disk: FolderAccess): boolean;
  /** The parts of this file. */
  layout(file: FileContext, disk: FolderAccess): FileLayout;
  /** Where the other half of the pair of the section at `sectionIndex` lives (undefined for forward-only tools). */
  counterpart(file: FileContext, layout: FileLayout, sectionIndex: number, disk: FolderAccess): PairInfo | undefined;
  /**
   * Files holding forward parts of earlier migrations, oldest first. For a
   * reverse part in its own file, its forward file comes last; a reverse
   * section's own forward section is the caller's to add.
   */
  earlierForwards(file: FileContext, role: PartRole, disk: FolderAccess): MigrationPart[];
}

export function fileContext(filePath: string, text?: string): FileContext {
  const absolute = path.resolve(filePath);
  let cached = text;
  return {
    path: absolute,
    name: path.basename(absolute),
    directory: path.dirname(absolute),
    text: () => {
      if (cached === undefined) {
        try {
          cached = projectFiles.readText(absolute);
        } catch (error) {
          rethrowIfRefused(error);
          cached = '';
        }
      }
      return cached;
    },
  };
}

export function wholeFile(file: FileContext, role: PartRole, transaction: TransactionHandling, migrationId: string): FileSection {
  return { role, start: 0, end: file.text().length, transaction, migrationId };
}

const sortedByListing = new WeakMap<fs.Dirent[], Map<string, string[]>>();

/**
 * Names of the entries in `directory` that pass `keep`, in migration order.
 * Memoised per listing object, so a run that caches listings sorts each
 * folder once (`kind` names the filter).
 */
export function sortedNamesIn(disk: FolderAccess, directory: string, kind: string, keep: (entry: fs.Dirent) => boolean): string[] {
  const listing = disk.list(directory);
  let byKind = sortedByListing.get(listing);
  if (!byKind) {
    byKind = new Map();
    sortedByListing.set(listing, byKind);
  }
  let names = byKind.get(kind);
  if (!names) {
    names = sortMigrationNames(listing.filter(keep).map((entry) => entry.name));
    byKind.set(kind, names);
  }
  return names;
}

/** The names in a sorted list that come before `current` (binary search). */
export function namesBefore(sortedNames: readonly string[], current: string): string[] {
  let low = 0;
  let high = sortedNames.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (compareMigrationNames(sortedNames[middle]!, current) < 0) low = middle + 1;
    else high = middle;
  }
  return sortedNames.slice(0, low);
}
