/**
 * A shadow test of one forward migration, for the CLI and the language
 * server alike: the capture read, the statements to replay chosen, the two
 * databases built, the replay run. Problems the engineer can fix (a capture
 * that is not there, a file that is no forward, a server that cannot be
 * reached) are ShadowProblems with a plain message.
 */

import { projectFiles } from '../files/projectFiles';
import * as path from 'node:path';
import type { ScratchServer } from '../drill/scratchPostgres';
import type { ProjectConfig } from '../config/projectConfig';
import { DatabaseUnavailable } from '../drill/database';
import { planDrill } from '../drill/drillPlan';
import { MigrationHistory } from '../migrations/migrationHistory';
import type { CaptureFormat } from '../shadow/capture/capturedQuery';
import { readCaptureFile } from '../shadow/capture/readCapture';
import { replayQueriesOf, type ReplayQuery } from '../shadow/replayQueries';
import { runShadow } from '../shadow/runShadow';
import { bindSampledParameters } from '../shadow/sampleParameters';
import { openShadowDatabases, type ShadowSeed } from '../shadow/shadowDatabases';
import type { ShadowRun } from '../shadow/shadowReport';
import { readText } from './drillPairs';
import { counted } from '../wording';

export class ShadowProblem extends Error {}

export interface ShadowMigrationOptions {
  capture: string;
  formatIn?: CaptureFormat;
  /** For normalised pg_stat_statements queries: the query text → lists of parameter values. */
  parameters?: ReadonlyMap<string, readonly (string | null)[][]>;
  /** A server to build the two databases on; PGlite when undefined. */
  server?: ScratchServer;
  seed?: ShadowSeed;
  limit?: number;
  sample?: number;
  /** Said along the way: what was read, how far the replay is. */
  progress?: (message: string) => void;
  cancelled?: () => boolean;
}

/** Every k-th query, so a sample spreads over the whole capture and is the same on every run. */
function spreadSample(queries: ReplayQuery[], size: number): ReplayQuery[] {
  if (size >= queries.length) return queries;
  const step = queries.length / size;
  return Array.from({ length: size }, (_, i) => queries[Math.floor(i * step)]!);
}

export async function shadowMigration(forwardFile: string, config: ProjectConfig, options: ShadowMigrationOptions): Promise<ShadowRun> {
  if (!projectFiles.exists(options.capture)) throw new ShadowProblem(`the capture ${options.capture} does not exist.`);
  const forward = path.resolve(forwardFile);
  if (!projectFiles.exists(forward)) throw new ShadowProblem(`${forwardFile} does not exist.`);
  const plan = planDrill(forward, new MigrationHistory(false, config.convention), config.transactionMode, readText);
  if ('problem' in plan) throw new ShadowProblem(plan.problem);

  let read: ReturnType<typeof readCaptureFile>;
  try {
    read = readCaptureFile(options.capture, options.formatIn, options.parameters);
  } catch (error) {
    throw new ShadowProblem(`${options.capture} could not be read as a capture: ${(error as Error).message}`);
  }
  if (read.invalidUtf8) options.progress?.(`${options.capture} is not valid UTF-8; bad bytes were replaced.`);
  const { queries: replayable, skipped } = await replayQueriesOf(read.capture);
  let queries = options.limit !== undefined ? replayable.slice(0, options.limit) : replayable;
  if (options.sample !== undefined) queries = spreadSample(queries, options.sample);
  options.progress?.(
    `${counted(read.capture.queries.length, 'statement')} read from ${options.capture} (${read.format}); replaying ${queries.length} distinct ${queries.length === 1 ? 'one' : 'ones'}`,
  );

  const since = Date.now();
  let databases: Awaited<ReturnType<typeof openShadowDatabases>>;
  try {
    databases = await openShadowDatabases(plan, options.seed ?? {}, options.server);
  } catch (error) {
    throw new ShadowProblem(error instanceof DatabaseUnavailable ? error.message : `the databases to compare could not be built: ${(error as Error).message}`);
  }
  try {
    const bound = await bindSampledParameters(databases.before, queries);
    let lastSaid = Date.now();
    const comparisons = await runShadow(databases.before, databases.after, bound.queries, {
      since,
      ...(options.cancelled ? { cancelled: options.cancelled } : {}),
      progress: (done, total) => {
        if (done === total || Date.now() - lastSaid > 2000) {
          lastSaid = Date.now();
          options.progress?.(`${done} of ${total} replayed`);
        }
      },
    });
    return {
      // A reverse file given stands for its pair: the forward is what the shadow test applies.
      migration: path.relative(process.cwd(), plan.forward.file) || plan.forward.file,
      capture: options.capture,
      format: read.format,
      database: databases.before.label,
      captured: read.capture.queries.length + read.capture.skipped.length,
      comparisons,
      skipped: [...skipped, ...bound.skipped],
      leftOut: replayable.length - queries.length,
    };
  } finally {
    await databases.close();
  }
}
