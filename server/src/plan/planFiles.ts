/**
 * The files a plan becomes: each phase laid out the way the folder's
 * migration tool expects (phaseLayouts), the backfill scripts in a
 * `backfills/` folder beside the migrations, each named after the version
 * of the phase it follows, and the plan document.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ConventionName } from '../migrations/conventions';
import { backfillFolderFor } from '../migrations/backfillFiles';
import { PlanProblem, type ChangePlan } from './changePlan';
import type { PlannedFile } from '../migrations/conventions';
import { layOutPhases } from './phaseLayouts';
import { planDocument } from './planDocument';

export { PlanProblem };
export type { PlannedFile } from '../migrations/conventions';

export interface PlannedChange {
  files: PlannedFile[];
  /** Files the plan replaces (the naive forward and its reverse), removed only with `replace`. */
  removed: string[];
  /** The naive migration's files, whether or not they are removed: a check of the phases leaves them out. */
  naive: string[];
}

export function planFiles(plan: ChangePlan, sourceFile: string, convention: ConventionName, options: { replace: boolean }): PlannedChange {
  const laidOut = layOutPhases(plan.phases, sourceFile, convention, options.replace);
  const files = [...laidOut.files];
  for (const backfill of plan.backfills) {
    // Drills (and the engineer) run backfills/<version>_*.sql after the migration of that version.
    const version = backfill.afterPhase < 0 ? laidOut.previousVersion : laidOut.versions[backfill.afterPhase];
    if (version === undefined)
      throw new PlanProblem(
        `the backfill of ${backfill.table}.${backfill.column} must run before the first phase, and no migration comes before it to follow.`,
      );
    files.push({ path: path.join(backfillFolderFor(sourceFile), `${version}_${backfill.slug}.sql`), text: backfill.script, kind: 'backfill' });
  }
  const phaseFiles = laidOut.files.filter((file) => file.kind === 'forward' || file.kind === 'migration');
  const naiveStays = options.replace ? [] : laidOut.sourceFiles;
  files.push({ path: laidOut.planPath, text: planDocument(plan, files, phaseFiles, laidOut.planPath, naiveStays), kind: 'plan' });
  return { files, removed: options.replace ? laidOut.sourceFiles : [], naive: laidOut.sourceFiles };
}

/** Writes the planned files, never over an existing one, and removes what the plan replaces (and the folder it leaves empty). */
export function writePlannedChange(change: PlannedChange): void {
  const taken = change.files.filter((file) => fs.existsSync(file.path) && !change.removed.includes(file.path));
  if (taken.length > 0) throw new PlanProblem(`these files exist already, nothing was written: ${taken.map((file) => file.path).join(', ')}`);
  for (const file of change.removed) {
    fs.rmSync(file);
    const folder = path.dirname(file);
    if (fs.readdirSync(folder).length === 0) fs.rmdirSync(folder);
  }
  for (const file of change.files) {
    fs.mkdirSync(path.dirname(file.path), { recursive: true });
    fs.writeFileSync(file.path, file.text);
  }
}
