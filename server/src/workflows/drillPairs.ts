/**
 * Drills the pairs behind a list of files, for both front ends (`fearless
 * drill`, the editor's "Run rollback drill"): forward, reverse and forward
 * again on PGlite or a scratch database of a real server. The pairs of one
 * folder run in history order on one database, so each history is applied
 * once; a pair that fails leaves its database behind and the next pair
 * starts on a fresh one.
 */

import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { ProjectConfig } from '../config/projectConfig';
import { DatabaseConnectionLost, DatabaseUnavailable, type Database } from '../drill/database';
import { projectFiles, rethrowIfRefused } from '../files/projectFiles';
import { planDrill, type DrillPlan } from '../drill/drillPlan';
import type { PairDrill } from '../drill/drillReport';
import { pgliteExtensionsFor } from '../drill/pgliteDatabase';
import type { PredictedLocks } from '../drill/relationLocks';
import { applyHistory, drillSucceeded, runDrill, type DrillResult } from '../drill/runDrill';
import { strongerLock, type LockMode } from '../locks/lockModes';
import { MigrationHistory } from '../migrations/migrationHistory';
import { withFoldedSchemaCache } from '../migrations/foldedSchemaCache';
import { effectsOf } from '../schema/effects';
import { decodeSqlBytes } from '../sql/decodeSqlBytes';
import type { DrillTarget, OpenedTarget } from '../drill/drillTargets';
import { analyzeMigration } from './analyzeMigration';
import { counted } from '../wording';

export interface DrillRun {
  drills: PairDrill[];
  /** Files given (or found) that could not be drilled, with why. */
  skipped: { file: string; reason: string }[];
}

export function readText(file: string): string | undefined {
  try {
    return decodeSqlBytes(projectFiles.readBytes(file)).text;
  } catch (error) {
    rethrowIfRefused(error);
    return undefined;
  }
}

/** What the analysis of the forward tells the drill: its predicted locks, and the tables whose rows it changes or loses. */
async function forwardFacts(
  plan: DrillPlan,
  config: ProjectConfig,
  history: MigrationHistory,
  foldedSchemas: 'cached' | 'folded',
): Promise<{ locks: PredictedLocks; dataLossExpected: Set<string> }> {
  const text = readText(plan.forward.file) ?? '';
  const analyse = () => analyzeMigration(plan.forward.file, text, { config, history });
  const { facts } =
    foldedSchemas === 'cached'
      ? await withFoldedSchemaCache(history, plan.forward.file, text, { ...(config.convention ? { convention: config.convention } : {}) }, analyse)
      : await analyse();
  const forward = facts.layout.sections.find((section) => section.role === 'forward');
  const always = new Map<string, LockMode>();
  const sometimes = new Map<string, LockMode>();
  const dataLossExpected = new Set<string>();
  for (const statement of facts.statements) {
    if (forward && (statement.statement.start < forward.start || statement.statement.start >= forward.end)) continue;
    for (const lock of statement.locks) {
      const into = lock.onlyWhen ? sometimes : always;
      into.set(lock.relation, into.has(lock.relation) ? strongerLock(into.get(lock.relation)!, lock.mode) : lock.mode);
      // Rows written there, also through a foreign key's ON DELETE CASCADE / SET NULL.
      if (lock.mode === 'ROW EXCLUSIVE') dataLossExpected.add(lock.relation.replace(/^public\./, ''));
    }
    for (const effect of effectsOf(statement.statement)) {
      if (effect.destroysData || effect.kind === 'rows') dataLossExpected.add(effect.table ?? effect.name.split('.')[0]!);
    }
  }
  return { locks: { always, sometimes }, dataLossExpected };
}

/** What identifies a history's resulting state: the tool table, each part's text and how it runs, the extensions. */
function historyKey(plan: DrillPlan, extensions: readonly string[]): string {
  const hash = createHash('sha256')
    .update(plan.toolTableSql ?? '')
    .update(`\u0000${extensions.join(',')}`);
  for (const part of plan.history) hash.update(`\u0000${part.inTransaction ? 't' : 'a'}\u0000${part.text}`);
  return hash.digest('hex').slice(0, 32);
}

/**
 * A database with the pair's history applied: from the target's cache of
 * applied histories when it keeps one, else applied by the drill's history
 * step (which also reports a history that fails).
 */
async function openWithHistory(target: DrillTarget, plan: DrillPlan, extensions: readonly string[]): Promise<OpenedTarget> {
  const prepare = async (database: Database): Promise<void> => {
    if (plan.toolTableSql) await database.exec(plan.toolTableSql);
    await applyHistory(database, plan.history);
  };
  try {
    return await target.open(extensions, plan.history.length > 0 ? { key: historyKey(plan, extensions), prepare } : undefined).then(async (opened) => {
      if (!opened.prepared && plan.toolTableSql) await opened.database.exec(plan.toolTableSql);
      return opened;
    });
  } catch (error) {
    if (error instanceof DatabaseUnavailable || error instanceof DatabaseConnectionLost) throw error;
    // The history itself fails: a plain database, so the drill's history step reports where.
    const opened = await target.open(extensions);
    if (plan.toolTableSql) await opened.database.exec(plan.toolTableSql);
    return opened;
  }
}

function sameParts(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((file, i) => file === b[i]);
}

export async function drillFiles(
  files: readonly string[],
  config: ProjectConfig,
  target: DrillTarget,
  options: {
    fromDirectory: (file: string) => boolean;
    progress?: (message: string) => void;
    oldQueries?: readonly string[];
    newQueries?: readonly string[];
    /** Checked between steps; a cancelled drill stops and its database is closed. */
    cancelled?: () => boolean;
    seed?: { sql?: string; rowsPerTable?: number };
    /** What the user must know beyond the report: a scratch database that could not be dropped. Defaults to progress. */
    warn?: (message: string) => void;
  } = { fromDirectory: () => false },
): Promise<DrillRun> {
  const warn = options.warn ?? options.progress ?? (() => undefined);
  /** Closes a drill database; one that stays behind is said, never swallowed. */
  const closeDatabase = async (database: Database | undefined): Promise<void> => {
    try {
      await database?.close();
    } catch (error) {
      warn((error as Error).message);
    }
  };
  const history = new MigrationHistory(false, config.convention);
  const run: DrillRun = { drills: [], skipped: [] };
  const plans: DrillPlan[] = [];
  for (const file of files) {
    const plan = planDrill(file, history, config.transactionMode, readText);
    if ('problem' in plan) {
      // A directory holds reverse files too: they are drilled with their forward, not reported.
      if (!options.fromDirectory(file)) run.skipped.push({ file, reason: plan.problem });
      continue;
    }
    // A directory lists the forward and its reverse: both lead to the same pair.
    if (!plans.some((planned) => planned.forward.file === plan.forward.file)) plans.push(plan);
  }
  plans.sort((a, b) => a.history.length - b.history.length);
  const { available, missing } = pgliteExtensionsFor(
    plans.flatMap((plan) => [...plan.history, plan.forward, ...(plan.reverse ? [plan.reverse] : [])].map((part) => part.text)),
  );
  const unsupported = target.unsupportedExtensions([...available, ...missing]);
  if (unsupported.length > 0)
    options.progress?.(`extensions the drill database cannot load: ${unsupported.join(', ')} (migrations that create them will fail)`);

  let database: Database | undefined;
  let applied: string[] = [];
  try {
    for (const plan of plans) {
      if (options.cancelled?.()) break;
      const historyFiles = plan.history.map((part) => part.file);
      let reuse = database !== undefined && sameParts(historyFiles, applied);
      // The previous pair's database plus what runs between the pairs (a planned change's backfill): the rows seeded
      // before the earlier pair go through it, as existing rows would.
      if (
        !reuse &&
        database !== undefined &&
        applied.length > 0 &&
        historyFiles.length > applied.length &&
        sameParts(historyFiles.slice(0, applied.length), applied)
      ) {
        try {
          await applyHistory(database, plan.history.slice(applied.length));
          reuse = true;
        } catch {
          reuse = false;
        }
      }
      let historyFrom: 'previous drill' | 'cache' | 'applied and cached' | undefined = reuse ? 'previous drill' : undefined;
      let openMs = 0;
      let facts: Awaited<ReturnType<typeof forwardFacts>>;
      if (!reuse) {
        await closeDatabase(database);
        database = undefined;
        const started = performance.now();
        // PGlite compiles its wasm off the main thread: the analysis of the forward runs meanwhile.
        const opening = openWithHistory(target, plan, available).then((opened) => ({ opened, ms: Math.round(performance.now() - started) }));
        opening.catch(() => undefined);
        // The first pair's history is the longest fold of the run (the others continue from it): kept between runs.
        facts = await forwardFacts(plan, config, history, plan === plans[0] ? 'cached' : 'folded');
        const { opened, ms } = await opening;
        openMs = ms;
        database = opened.database;
        if (opened.prepared) historyFrom = opened.fromCache ? 'cache' : 'applied and cached';
      } else {
        facts = await forwardFacts(plan, config, history, 'folded');
      }
      options.progress?.(`drilling ${path.relative(process.cwd(), plan.forward.file) || plan.forward.file}`);
      const result: DrillResult = await runDrill(historyFrom ? { ...plan, history: [] } : plan, database!, {
        predictedLocks: facts.locks,
        dataLossExpected: facts.dataLossExpected,
        ...(options.seed ? { seed: options.seed } : {}),
        ...(options.cancelled ? { cancelled: options.cancelled } : {}),
        ...(options.oldQueries ? { oldQueries: options.oldQueries } : {}),
        ...(options.newQueries ? { newQueries: options.newQueries } : {}),
      });
      // A drill that changed the server outside its scratch database fails, whatever the schema says.
      const breaches = (await database!.changesBeyondScratch?.()) ?? [];
      if (breaches.length > 0) {
        result.verdict = 'fail';
        result.reasons.unshift(
          `The drill changed the server outside its scratch database (${counted(breaches.length, 'change')}: ${breaches.slice(0, 5).join('; ')}${breaches.length > 5 ? '; ...' : ''}); check the server and undo them.`,
        );
      }
      if (historyFrom) {
        const source = {
          cache: 'restored from the cache of applied histories',
          'applied and cached': 'applied (and kept in the cache of applied histories)',
          'previous drill': 'applied by the previous drill',
        }[historyFrom];
        // The time to open the database in that state (copying a cached state, or applying and keeping it).
        result.steps[0] = { ...result.steps[0]!, ms: openMs, detail: `${counted(plan.history.length, 'earlier migration part')}, ${source}` };
      }
      run.drills.push({ forward: plan.forward.file, reverse: plan.reverse?.file ?? null, pairHash: plan.pairHash, ...result });
      if (drillSucceeded(result.verdict)) applied = [...historyFiles, plan.forward.file];
      else {
        // The database is somewhere between steps: the next pair starts afresh.
        await closeDatabase(database);
        database = undefined;
        applied = [];
      }
    }
  } finally {
    await closeDatabase(database);
  }
  return run;
}
