/**
 * What a drill runs for one forward migration: the forward parts of its
 * history in the tool's order, the forward part, and its reverse, each with
 * how the migration tool would run it. Built from the same conventions and
 * history the linter uses.
 */

import { createHash } from 'node:crypto';
import { projectFiles } from '../files/projectFiles';
import * as path from 'node:path';
import type { TransactionMode } from '../migrations/fileFacts';
import { locateMigration, uncommented, type ConventionName, type FileSection, type TransactionHandling } from '../migrations/conventions';
import type { MigrationHistory } from '../migrations/migrationHistory';
import { splitStatements } from '../sql/splitStatements';
import { backfillFolderFor, migrationVersionOf } from '../migrations/backfillFiles';

export interface PartToRun {
  file: string;
  /** The part's SQL (a whole file, or a section of one). */
  text: string;
  /** Run statement by statement with autocommit (`CONCURRENTLY`), else in one transaction. */
  inTransaction: boolean;
  /** Where the part starts in its file (UTF-16 offset), to place a failure on its statement. */
  start: number;
}

export interface DrillPlan {
  history: PartToRun[];
  forward: PartToRun;
  /** Undefined when the forward has no reverse (missing, or a forward-only tool). */
  reverse: PartToRun | undefined;
  /** SHA-256 of the forward and reverse texts: tells whether a report belongs to the files as they are now. */
  pairHash: string;
  /** The migration tool's own bookkeeping table, which it creates before any migration runs (and some migrations read). */
  toolTableSql: string | undefined;
}

export type PlanProblem = { problem: string };

/**
 * Backfill scripts that run after a migration (`fearless plan` writes
 * them): `backfills/<version>_*.sql` beside the migrations folder (see
 * migrations/backfillFiles). They commit batch by batch, so they run outside a
 * transaction.
 */
function backfillsAfter(migration: string): PartToRun[] {
  const version = migrationVersionOf(migration);
  const directory = backfillFolderFor(migration);
  if (!version || !projectFiles.exists(directory)) return [];
  return projectFiles
    .listNames(directory)
    .filter((name) => name.startsWith(`${version}_`) && name.endsWith('.sql'))
    .sort()
    .map((name) => {
      const file = path.join(directory, name);
      return { file, text: projectFiles.readText(file), inTransaction: false, start: 0 };
    });
}

/** A query string of one statement runs outside any transaction block; of several, as one implicit transaction. */
function runsInTransaction(handling: TransactionHandling, mode: TransactionMode, sql: string): boolean {
  if (mode === 'always') return true;
  if (mode === 'never' || handling === 'none') return false;
  return handling === 'wrapped' || statementsOf(sql).length > 1;
}

function part(file: string, text: string, section: FileSection, convention: ConventionName, mode: TransactionMode): PartToRun {
  const body = text.slice(section.start, section.end);
  const sql = section.sqlInComments ? uncommented(convention, body) : body;
  return { file, text: sql, inTransaction: runsInTransaction(section.transaction, mode, sql), start: section.start };
}

/** The statements of a part, one string each, for parts run with autocommit. */
export function statementsOf(text: string): string[] {
  return statementChunksOf(text).map((chunk) => chunk.text);
}

/** The statements of a part with their offsets in it. */
export function statementChunksOf(text: string): { text: string; start: number }[] {
  return splitStatements(text)
    .chunks.map((chunk) => ({ text: text.slice(chunk.start, chunk.end), start: chunk.start }))
    .filter((chunk) => chunk.text.trim() !== '');
}

export function planDrill(
  forwardFile: string,
  history: MigrationHistory,
  transactionMode: TransactionMode,
  readText: (file: string) => string | undefined,
): DrillPlan | PlanProblem {
  const absolute = path.resolve(forwardFile);
  const text = readText(absolute);
  if (text === undefined) return { problem: `cannot read ${forwardFile}` };
  const located = locateMigration(absolute, text, history.disk);
  const forwardIndex = located.layout.sections.findIndex((section) => section.role === 'forward');
  if (forwardIndex < 0) {
    // A reverse file: its pair is drilled from the forward.
    const reverseIndex = located.layout.sections.findIndex((section) => section.role === 'reverse');
    const forward =
      reverseIndex < 0 || located.layout.forwardOnly ? undefined : located.convention.counterpart(located.file, located.layout, reverseIndex, history.disk);
    if (forward?.exists && forward.file !== absolute) return planDrill(forward.file, history, transactionMode, readText);
    return { problem: `${forwardFile} has no forward part to drill (it is a verify script, or a reverse without its forward)` };
  }
  const forwardSection = located.layout.sections[forwardIndex]!;
  const counterpart = located.layout.forwardOnly ? undefined : located.convention.counterpart(located.file, located.layout, forwardIndex, history.disk);

  let reverse: PartToRun | undefined;
  if (counterpart?.exists) {
    const reverseText = counterpart.file === absolute ? text : readText(counterpart.file);
    if (reverseText === undefined) return { problem: `cannot read the reverse ${counterpart.file}` };
    const reverseLocated = locateMigration(counterpart.file, reverseText, history.disk);
    const reverseSection =
      counterpart.file === absolute
        ? located.layout.sections.find((section) => section.role === 'reverse' && section.start === counterpart.section?.start)
        : reverseLocated.layout.sections.find((section) => section.role === 'reverse');
    if (reverseSection) reverse = part(counterpart.file, reverseText, reverseSection, reverseLocated.layout.convention, transactionMode);
  }

  const historyParts: PartToRun[] = [];
  for (const earlier of history.historyFiles(absolute, text)) {
    const earlierText = readText(earlier);
    if (earlierText === undefined) return { problem: `cannot read ${earlier}, which comes before ${path.basename(forwardFile)}` };
    const earlierLocated = locateMigration(earlier, earlierText, history.disk);
    for (const section of earlierLocated.layout.sections)
      if (section.role === 'forward') historyParts.push(part(earlier, earlierText, section, earlierLocated.layout.convention, transactionMode));
    historyParts.push(...backfillsAfter(earlier));
  }
  const forward = part(absolute, text, forwardSection, located.layout.convention, transactionMode);
  const pairHash = createHash('sha256')
    .update(forward.text)
    .update('\u0000')
    .update(reverse?.text ?? '')
    .digest('hex');
  return { history: historyParts, forward, reverse, pairHash, toolTableSql: located.convention.bookkeeping?.createSql };
}
