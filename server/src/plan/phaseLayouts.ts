/**
 * How each migration tool wants a phase written: its file names and
 * version numbers, where forward and reverse go, and how a phase that must
 * run outside a transaction (CREATE INDEX CONCURRENTLY) says so:
 *
 * - golang-migrate: `N_slug.up.sql` / `N_slug.down.sql` (one statement per
 *   such phase, which runs outside a transaction);
 * - diesel: `YYYY-MM-DD-HHMMSS_slug/up.sql`, `down.sql`, and
 *   `metadata.toml` with `run_in_transaction = false`;
 * - dbmate, goose, sql-migrate: one `N_slug.sql` with both parts under the
 *   tool's markers and its no-transaction option; bodies with dollar
 *   quotes between goose's or sql-migrate's StatementBegin/End;
 * - Flyway: `V<n>__slug.sql` / `U<n>__slug.sql`, each with a `.conf` saying
 *   `executeInTransaction=false`.
 *
 * Versions follow the last migration in the folder, or with `replace` take
 * the naive migration's place (refused when later migrations exist).
 */

import { projectFiles } from '../files/projectFiles';
import * as path from 'node:path';
import { CONVENTIONS, conventionByName, type ConventionName, type PlannedFile } from '../migrations/conventions';
import { PlanProblem, type Phase } from './changePlan';

export interface LaidOutPhases {
  files: PlannedFile[];
  /** The version each phase got, in order. */
  versions: string[];
  /** The version of the migration the first phase follows, if any (a backfill that must run before the first phase follows it). */
  previousVersion?: string;
  /** The naive migration's files (removed when the phases replace it). */
  sourceFiles: string[];
  /** Where the plan document goes. */
  planPath: string;
}

const listed = (names: string[]): string => (names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names.join(''));

export function layOutPhases(phases: readonly Phase[], sourceFile: string, convention: ConventionName, replace: boolean): LaidOutPhases {
  const writer = conventionByName(convention).phaseWriter;
  if (!writer)
    throw new PlanProblem(
      `writing a plan as ${convention} migrations is not supported yet (${listed(CONVENTIONS.filter((tool) => tool.phaseWriter).map((tool) => tool.name))} are).`,
    );
  const source = writer.source(sourceFile);
  if (!source)
    throw new PlanProblem(
      `${path.basename(sourceFile)} is not named the way ${convention} names a forward migration${writer.expectedName ? ` ${writer.expectedName}` : ''}.`,
    );
  const folder = writer.folderOf(sourceFile);
  const versions = writer.existing(folder);
  if (replace && versions.some((version) => writer.compare(version, source.version) > 0)) {
    throw new PlanProblem(
      `migrations after ${path.basename(sourceFile)} exist: the phases cannot take its place; plan without --replace to add them at the end.`,
    );
  }
  const last = versions.reduce((latest, version) => (writer.compare(version, latest) > 0 ? version : latest), source.version);
  const phaseVersions = phases.map((_, index) => (replace ? writer.next(source.version, index) : writer.next(last, index + 1)));
  const earlier = replace ? versions.filter((version) => writer.compare(version, source.version) < 0) : [last];
  const previousVersion = earlier.reduce<string | undefined>(
    (latest, version) => (latest === undefined || writer.compare(version, latest) > 0 ? version : latest),
    undefined,
  );
  const files = phases.flatMap((phase, index) =>
    writer.files(folder, phaseVersions[index]!, {
      slug: phase.slug,
      forward: phase.forward,
      reverse: phase.reverse,
      outsideTransaction: phase.outsideTransaction === true,
    }),
  );
  // Beside the migrations folder, like backfills/: some tools refuse a file that is not a migration in their folder.
  const planPath = path.join(path.dirname(folder), 'plans', `${source.version}_${source.name}.plan.md`);
  const sourceFiles = writer.sourceFiles(sourceFile, folder).filter((file) => projectFiles.exists(file));
  return { files, versions: phaseVersions, ...(previousVersion !== undefined ? { previousVersion } : {}), sourceFiles, planPath };
}
