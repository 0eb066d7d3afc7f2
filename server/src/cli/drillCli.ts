/** `fearless drill` options → a drill target → output and exit status. */

import { projectFiles } from '../files/projectFiles';
import type { ProjectConfig } from '../config/projectConfig';
import { DatabaseUnavailable } from '../drill/database';
import { drillsMarkdown } from '../drill/drillReport';
import { statementsOf } from '../drill/drillPlan';
import { UsageError } from '../workflows/usageError';
import { filesToCheck } from '../workflows/changedFiles';
import { drillFiles } from '../workflows/drillPairs';
import { drillSucceeded } from '../drill/runDrill';
import { configuredDrillServer, drillTarget } from '../drill/drillTargets';
import type { ScratchServer } from '../drill/scratchPostgres';
import { onDrillServer } from '../drill/postgresBuilds/drillServer';

export interface DrillCliOptions {
  databaseUrl: string | true | undefined;
  databaseUrlEnv: string | true | undefined;
  format: 'md' | 'json';
  oldQueries: string | true | undefined;
  newQueries: string | true | undefined;
  /** Only the pairs whose files changed since this git ref. */
  since: string | true | undefined;
  rows: string | true | undefined;
  seed: string | true | undefined;
  /** --pg-version: drill on a real PostgreSQL of this major (unless a database URL is given: then it only sets the predicted locks' version). */
  pgVersion?: number | undefined;
}

export function seedFrom(options: Pick<DrillCliOptions, 'rows' | 'seed'>): { sql?: string; rowsPerTable?: number } | undefined {
  let rowsPerTable: number | undefined;
  if (options.rows !== undefined) {
    rowsPerTable = Number(options.rows);
    if (!Number.isInteger(rowsPerTable) || rowsPerTable < 1 || rowsPerTable > 100_000)
      throw new UsageError(`--rows must be a whole number from 1 to 100000, not "${String(options.rows)}".`);
  }
  let sql: string | undefined;
  if (options.seed !== undefined) {
    if (options.seed === true) throw new UsageError('--seed needs a SQL file.');
    try {
      sql = projectFiles.readText(options.seed);
    } catch {
      throw new UsageError(`--seed: cannot read ${options.seed}.`);
    }
  }
  return rowsPerTable !== undefined || sql !== undefined
    ? { ...(sql !== undefined ? { sql } : {}), ...(rowsPerTable !== undefined ? { rowsPerTable } : {}) }
    : undefined;
}

function queriesFrom(file: string | true | undefined, flag: string): string[] | undefined {
  if (file === undefined) return undefined;
  if (file === true) throw new UsageError(`${flag} needs a file of SQL queries.`);
  let text: string;
  try {
    text = projectFiles.readText(file);
  } catch {
    throw new UsageError(`${flag}: cannot read ${file}.`);
  }
  return statementsOf(text);
}

/** The drill database: --database-url, --database-url-env, else the config's drillDatabaseUrlEnv, else PGlite (undefined). */
export function drillServer(options: Pick<DrillCliOptions, 'databaseUrl' | 'databaseUrlEnv'>, config: ProjectConfig): ScratchServer | undefined {
  if (options.databaseUrl !== undefined && options.databaseUrlEnv !== undefined) throw new UsageError('Give --database-url or --database-url-env, not both.');
  const allowPrivilegedRole = config.allowPrivilegedRole === true;
  if (typeof options.databaseUrlEnv === 'string') {
    const url = process.env[options.databaseUrlEnv];
    if (!url) throw new UsageError(`--database-url-env ${options.databaseUrlEnv}: that environment variable is not set.`);
    return { url, allowPrivilegedRole };
  }
  if (typeof options.databaseUrl === 'string') return { url: options.databaseUrl, allowPrivilegedRole };
  const configured = configuredDrillServer(config);
  if (configured.problem) process.stderr.write(`fearless: ${configured.problem}\n`);
  return configured.server;
}

/** On a database URL, else a real PostgreSQL of --pg-version (or the config's drillPgVersion), else PGlite. */
export async function runDrillCommand(paths: readonly string[], config: ProjectConfig, options: DrillCliOptions): Promise<{ output: string; status: number }> {
  const say = (message: string): void => void process.stderr.write(`fearless: ${message}\n`);
  const io = { progress: say, fallback: say, privileged: config.allowPrivilegedRole === true };
  return onDrillServer(drillServer(options, config), options.pgVersion ?? config.drillPgVersion, io, (server, major) =>
    drillOn(server, paths, major === undefined ? config : { ...config, pgVersion: major }, options),
  );
}

async function drillOn(
  server: ScratchServer | undefined,
  paths: readonly string[],
  config: ProjectConfig,
  options: DrillCliOptions,
): Promise<{ output: string; status: number }> {
  const directories = new Set(paths.filter((input) => projectFiles.isDirectory(input)));
  const files = filesToCheck(paths, options.since, config.exclude);
  const given = new Set(paths);
  let run: Awaited<ReturnType<typeof drillFiles>>;
  try {
    const seed = seedFrom(options);
    const oldQueries = queriesFrom(options.oldQueries, '--old-queries');
    const newQueries = queriesFrom(options.newQueries, '--new-queries');
    run = await drillFiles(files, config, drillTarget(server), {
      ...(oldQueries ? { oldQueries } : {}),
      ...(seed ? { seed } : {}),
      ...(newQueries ? { newQueries } : {}),
      fromDirectory: (file) => !given.has(file) && directories.size > 0,
      progress: (message) => process.stderr.write(`fearless: ${message}\n`),
      warn: (message) => process.stderr.write(`fearless: warning: ${message}\n`),
    });
  } catch (error) {
    if (error instanceof DatabaseUnavailable) throw new UsageError(error.message);
    throw error;
  }
  for (const skipped of run.skipped) process.stderr.write(`fearless: not drilled: ${skipped.reason}\n`);
  const nothingChanged = typeof options.since === 'string' && files.length === 0;
  if (nothingChanged) process.stderr.write(`fearless: no migration changed since ${options.since}: nothing to drill.\n`);
  else if (run.drills.length === 0 && run.skipped.length === 0) process.stderr.write('fearless: no forward migrations with a reverse were found.\n');
  const passed = run.drills.filter((drill) => drillSucceeded(drill.verdict)).length;
  const accepted = run.drills.filter((drill) => drill.verdict === 'accepted').length;
  const status = nothingChanged || (passed === run.drills.length && run.skipped.length === 0 && run.drills.length > 0) ? 0 : 1;
  const output =
    options.format === 'json'
      ? `${JSON.stringify({ drills: run.drills, skipped: run.skipped, summary: { pairs: run.drills.length, passed, accepted, failed: run.drills.length - passed } })}\n`
      : drillsMarkdown(run.drills, process.cwd());
  return { output, status };
}
