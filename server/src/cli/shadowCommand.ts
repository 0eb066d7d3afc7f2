/** `fearless shadow`: options → the two databases → the captured traffic replayed on both → the report and exit status. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProjectConfig } from '../config/projectConfig';
import { readText } from '../analysis/drillPairs';
import { DatabaseUnavailable } from '../drill/database';
import { planDrill } from '../drill/drillPlan';
import { MigrationHistory } from '../migrations/migrationHistory';
import type { CaptureFormat } from '../shadow/capture/capturedQuery';
import { readCaptureFile } from '../shadow/capture/readCapture';
import { replayQueriesOf, type ReplayQuery } from '../shadow/replayQueries';
import { runShadow } from '../shadow/runShadow';
import { openShadowDatabases } from '../shadow/shadowDatabases';
import { hasFindings, shadowJson, shadowMarkdown, summarize } from '../shadow/shadowReport';
import { UsageError } from './args';
import { databaseUrl, seedFrom } from './drillCli';

export interface ShadowCliOptions {
  capture: string | true | undefined;
  formatIn: string | true | undefined;
  parameters: string | true | undefined;
  databaseUrl: string | true | undefined;
  databaseUrlEnv: string | true | undefined;
  rows: string | true | undefined;
  seed: string | true | undefined;
  limit: string | true | undefined;
  sample: string | true | undefined;
  format: 'md' | 'json';
}

const FORMATS: readonly CaptureFormat[] = ['sql', 'pglog', 'csvlog', 'pgss'];

function count(value: string | true | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError(`${flag} must be a whole number of at least 1, not "${String(value)}".`);
  return parsed;
}

/** --parameters FILE: a JSON object from a normalised query's text to lists of parameter values. */
function parametersFrom(file: string | true | undefined): Map<string, (string | null)[][]> | undefined {
  if (file === undefined) return undefined;
  if (file === true) throw new UsageError('--parameters needs a JSON file.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--parameters: cannot read ${file} as JSON (${(error as Error).message}).`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError('--parameters: expected an object from query text to lists of parameter lists.');
  const map = new Map<string, (string | null)[][]>();
  for (const [query, lists] of Object.entries(parsed)) {
    if (!Array.isArray(lists) || !lists.every((values) => Array.isArray(values))) throw new UsageError(`--parameters: the value for "${query.slice(0, 60)}" must be a list of parameter lists.`);
    map.set(query.trim(), (lists as unknown[][]).map((values) => values.map((value) => (value === null ? null : String(value)))));
  }
  return map;
}

/** Every k-th query, so a sample spreads over the whole capture and is the same on every run. */
function sampled(queries: ReplayQuery[], size: number): ReplayQuery[] {
  if (size >= queries.length) return queries;
  const step = queries.length / size;
  return Array.from({ length: size }, (_, i) => queries[Math.floor(i * step)]!);
}

export async function runShadowCommand(paths: readonly string[], config: ProjectConfig, options: ShadowCliOptions): Promise<{ output: string; status: number }> {
  if (paths.length !== 1) throw new UsageError('"fearless shadow" takes one forward migration.');
  if (typeof options.capture !== 'string') throw new UsageError('"fearless shadow" needs --capture FILE: the captured statements to replay.');
  if (!fs.existsSync(options.capture)) throw new UsageError(`--capture: ${options.capture} does not exist.`);
  if (options.formatIn !== undefined && !FORMATS.includes(options.formatIn as CaptureFormat)) throw new UsageError(`--format-in must be one of ${FORMATS.join(', ')}, not "${String(options.formatIn)}".`);
  const limit = count(options.limit, '--limit');
  const sample = count(options.sample, '--sample');
  const url = databaseUrl(options, config);
  const seed = seedFrom(options) ?? {};
  const parameters = parametersFrom(options.parameters);

  const forward = path.resolve(paths[0]!);
  if (!fs.existsSync(forward)) throw new UsageError(`${paths[0]} does not exist.`);
  const plan = planDrill(forward, new MigrationHistory(false, config.convention), config.transactionMode, readText);
  if ('problem' in plan) throw new UsageError(plan.problem);

  const read = readCaptureFile(options.capture, options.formatIn as CaptureFormat | undefined, parameters);
  if (read.invalidUtf8) process.stderr.write(`fearless: ${options.capture} is not valid UTF-8; bad bytes were replaced.\n`);
  const { queries: replayable, skipped } = await replayQueriesOf(read.capture);
  let queries = limit !== undefined ? replayable.slice(0, limit) : replayable;
  if (sample !== undefined) queries = sampled(queries, sample);
  process.stderr.write(`fearless: ${read.capture.queries.length} statement(s) read from ${options.capture} (${read.format}); replaying ${queries.length} distinct one(s)\n`);

  const since = Date.now();
  let databases: Awaited<ReturnType<typeof openShadowDatabases>>;
  try {
    databases = await openShadowDatabases(plan, seed, url);
  } catch (error) {
    if (error instanceof DatabaseUnavailable) throw new UsageError(error.message);
    throw new UsageError(`the databases to compare could not be built: ${(error as Error).message}`);
  }
  try {
    let lastReport = Date.now();
    const comparisons = await runShadow(databases.before, databases.after, queries, {
      since,
      progress: (done, total) => {
        if (done === total || Date.now() - lastReport > 2000) {
          lastReport = Date.now();
          process.stderr.write(`fearless: ${done} of ${total} replayed\n`);
        }
      },
    });
    const run = {
      // A reverse file given stands for its pair: the forward is what the shadow test applies.
      migration: path.relative(process.cwd(), plan.forward.file) || plan.forward.file,
      capture: options.capture,
      format: read.format,
      database: databases.before.label,
      captured: read.capture.queries.length + read.capture.skipped.length,
      comparisons,
      skipped,
      leftOut: replayable.length - queries.length,
    };
    return { output: options.format === 'json' ? shadowJson(run) : shadowMarkdown(run), status: hasFindings(summarize(run)) ? 1 : 0 };
  } finally {
    await databases.close();
  }
}
