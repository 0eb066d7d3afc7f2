/** `fearless shadow`: options checked, the shadow test run, the report and the exit status. */

import { projectFiles } from '../files/projectFiles';
import type { ProjectConfig } from '../config/projectConfig';
import { ShadowProblem, shadowMigration } from '../workflows/shadowMigration';
import type { CaptureFormat } from '../shadow/capture/capturedQuery';
import { hasFindings, shadowJson, shadowMarkdown, summarize } from '../shadow/shadowReport';
import { UsageError } from '../workflows/usageError';
import { drillServer, seedFrom } from './drillCli';

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
    parsed = JSON.parse(projectFiles.readText(file));
  } catch (error) {
    throw new UsageError(`--parameters: cannot read ${file} as JSON (${(error as Error).message}).`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new UsageError('--parameters: expected an object from query text to lists of parameter lists.');
  const map = new Map<string, (string | null)[][]>();
  for (const [query, lists] of Object.entries(parsed)) {
    if (!Array.isArray(lists) || !lists.every((values) => Array.isArray(values)))
      throw new UsageError(`--parameters: the value for "${query.slice(0, 60)}" must be a list of parameter lists.`);
    map.set(
      query.trim(),
      (lists as unknown[][]).map((values) => values.map((value) => (value === null ? null : String(value)))),
    );
  }
  return map;
}

export async function runShadowCommand(
  paths: readonly string[],
  config: ProjectConfig,
  options: ShadowCliOptions,
): Promise<{ output: string; status: number }> {
  if (paths.length !== 1) throw new UsageError('"fearless shadow" takes one forward migration.');
  if (typeof options.capture !== 'string') throw new UsageError('"fearless shadow" needs --capture FILE: the captured statements to replay.');
  if (!projectFiles.exists(options.capture)) throw new UsageError(`--capture: ${options.capture} does not exist.`);
  if (options.formatIn !== undefined && !FORMATS.includes(options.formatIn as CaptureFormat))
    throw new UsageError(`--format-in must be one of ${FORMATS.join(', ')}, not "${String(options.formatIn)}".`);
  const limit = count(options.limit, '--limit');
  const sample = count(options.sample, '--sample');
  const server = drillServer(options, config);
  const seed = seedFrom(options);
  const parameters = parametersFrom(options.parameters);
  try {
    const run = await shadowMigration(paths[0]!, config, {
      capture: options.capture,
      ...(options.formatIn ? { formatIn: options.formatIn as CaptureFormat } : {}),
      ...(parameters ? { parameters } : {}),
      ...(server ? { server } : {}),
      ...(seed ? { seed } : {}),
      ...(limit !== undefined ? { limit } : {}),
      ...(sample !== undefined ? { sample } : {}),
      progress: (message) => process.stderr.write(`fearless: ${message}\n`),
    });
    return { output: options.format === 'json' ? shadowJson(run) : shadowMarkdown(run), status: hasFindings(summarize(run)) ? 1 : 0 };
  } catch (error) {
    if (error instanceof ShadowProblem) throw new UsageError(error.message);
    throw error;
  }
}
