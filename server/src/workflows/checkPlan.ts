/**
 * `fearless check` for a plan before anything is written: the project's
 * migrations folder (and its backfills) copied to a scratch folder, the
 * naive migration taken out and the planned files written there, the phases linted (errors and warnings count)
 * and drilled on PGlite with generated rows (or the configured drill
 * server). The engineer's folder is never touched; the scratch folder is
 * removed afterwards.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProjectConfig } from '../config/projectConfig';
import { drillTarget } from '../drill/drillTargets';
import type { ScratchServer } from '../drill/scratchPostgres';
import { allowScratchFolder, projectFiles } from '../files/projectFiles';
import { backfillFolderFor, migrationsFolderOf } from '../migrations/backfillFiles';
import { MigrationHistory } from '../migrations/migrationHistory';
import { writePlannedChange, type PlannedChange } from '../plan/planFiles';
import { analyzeFile } from './analyzeFile';
import { drillFiles } from './drillPairs';

export interface PlanCheck {
  /** Error and warning findings on the phase files: `file: rule: message`. */
  lint: string[];
  /** Each phase's drill: `pass` or `fail` with the reasons. */
  drills: { forward: string; verdict: string; reasons: string[] }[];
  /** Phases that could not be drilled, with why. */
  skipped: string[];
  passed: boolean;
}

/**
 * A copy of a project folder made of the bytes read through the project's
 * file access: a link is copied as the file it points to, and one that
 * leads out of a confined root is refused, not copied as a link to follow later.
 */
function copyProjectFolder(from: string, to: string): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of projectFiles.list(from)) {
    const source = path.join(from, entry.name);
    if (!projectFiles.exists(source)) continue; // A dangling link holds nothing to copy.
    if (projectFiles.isDirectory(source)) copyProjectFolder(source, path.join(to, entry.name));
    else fs.writeFileSync(path.join(to, entry.name), projectFiles.readBytes(source));
  }
}

export async function checkPlannedChange(
  sourceFile: string,
  change: PlannedChange,
  config: ProjectConfig,
  options: { rowsPerTable?: number; server?: ScratchServer; cancelled?: () => boolean } = {},
): Promise<PlanCheck> {
  const migrations = migrationsFolderOf(sourceFile);
  const project = path.dirname(migrations);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fearless-plan-check-'));
  const releaseScratch = allowScratchFolder(scratch);
  // Phase files are named relative to the project; the report names them the same way.
  const inScratch = (file: string): string => path.join(scratch, path.relative(project, file));
  const shown = (file: string): string => path.relative(scratch, file);
  try {
    copyProjectFolder(migrations, inScratch(migrations));
    if (projectFiles.exists(backfillFolderFor(sourceFile))) copyProjectFolder(backfillFolderFor(sourceFile), inScratch(backfillFolderFor(sourceFile)));
    // The phases are checked instead of the naive migration, whether or not they will replace it on disk.
    writePlannedChange({ files: change.files.map((file) => ({ ...file, path: inScratch(file.path) })), removed: change.naive.map(inScratch), naive: [] });

    const phaseFiles = change.files
      .filter((file) => file.kind === 'forward' || file.kind === 'reverse' || file.kind === 'migration')
      .map((file) => inScratch(file.path));
    const history = new MigrationHistory(false, config.convention);
    const lint: string[] = [];
    for (const file of phaseFiles) {
      const analysis = await analyzeFile(file, config, history);
      for (const finding of analysis.findings) {
        if (finding.severity === 'error' || finding.severity === 'warning')
          lint.push(`${shown(file)}: ${finding.ruleId}: ${finding.message}${finding.advice ? `. ${finding.advice}` : ''}`);
      }
    }
    const forwards = change.files.filter((file) => file.kind === 'forward' || file.kind === 'migration').map((file) => inScratch(file.path));
    const run = await drillFiles(forwards, config, drillTarget(options.server), {
      fromDirectory: () => false,
      seed: { rowsPerTable: options.rowsPerTable ?? 5 },
      ...(options.cancelled ? { cancelled: options.cancelled } : {}),
    });
    const drills = run.drills.map((drill) => ({ forward: shown(drill.forward), verdict: drill.verdict, reasons: drill.reasons }));
    const skipped = run.skipped.map((entry) => `${shown(entry.file)}: ${entry.reason}`);
    return {
      lint,
      drills,
      skipped,
      passed: lint.length === 0 && skipped.length === 0 && drills.length > 0 && drills.every((drill) => drill.verdict !== 'fail'),
    };
  } finally {
    releaseScratch();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
