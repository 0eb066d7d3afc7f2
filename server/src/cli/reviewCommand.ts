/**
 * `fearless review PATH...` (the reviewer's checklist report) and
 * `fearless check PATH...` (the same as a CI gate: exit 1 when an item
 * fails). The drill runs first over the same files, unless --no-drill.
 */

import * as fs from 'node:fs';
import { projectFiles } from '../files/projectFiles';
import type { ProjectConfig } from '../config/projectConfig';
import { DatabaseUnavailable } from '../drill/database';
import { reviewMigrations } from '../workflows/reviewMigrations';
import type { MigrationReview } from '../review/checklist';
import { reviewFails, reviewsGithub, reviewsJson, reviewsMarkdown, reviewsSarif } from '../review/reviewReport';
import { FEARLESS_VERSION } from '../version';
import { UsageError } from '../workflows/usageError';
import { filesToCheck } from '../workflows/changedFiles';
import { drillServer, seedFrom } from './drillCli';
import { drillTarget } from '../drill/drillTargets';

export interface ReviewCliOptions {
  command: 'review' | 'check';
  format: string;
  drill: boolean;
  since: string | true | undefined;
  databaseUrl: string | true | undefined;
  databaseUrlEnv: string | true | undefined;
  /** `--ai`: Claude's first-pass risk summary (key from ANTHROPIC_API_KEY), `--model` to pick the model. */
  ai: boolean;
  model: string | true | undefined;
  /** `--rows N` / `--seed FILE`: rows the drills seed, as for `fearless drill`. */
  rows: string | true | undefined;
  seed: string | true | undefined;
}

/** Claude's summary, or undefined with a warning on stderr (no key, API error): the report goes on without it. */
async function aiSummaryOf(reviews: readonly MigrationReview[], model: string | undefined): Promise<string | undefined> {
  const apiKey = process.env['ANTHROPIC_API_KEY'] || undefined;
  if (!apiKey) {
    process.stderr.write('fearless: no ANTHROPIC_API_KEY is set, so the report has no AI-written risk summary.\n');
    return undefined;
  }
  const { riskSummary, ClaudeUnavailable } = require('../ai/claudeBundle') as typeof import('../ai/claudeBundle');
  try {
    const summary = await riskSummary(reviews, (file) => (projectFiles.exists(file) ? projectFiles.readText(file) : ''), {
      apiKey,
      ...(model ? { model } : {}),
    });
    return summary || undefined;
  } catch (error) {
    if (!(error instanceof ClaudeUnavailable)) throw error;
    process.stderr.write(`fearless: Claude could not write the risk summary (${error.message}); the report has none.\n`);
    return undefined;
  }
}

const FORMATS = { review: ['md', 'json', 'sarif'], check: ['md', 'json', 'sarif', 'github'] };

export async function runReviewCommand(
  paths: readonly string[],
  config: ProjectConfig,
  options: ReviewCliOptions,
): Promise<{ output: string; status: number }> {
  if (!FORMATS[options.command].includes(options.format))
    throw new UsageError(`--format must be ${FORMATS[options.command].join(', ')}, not "${options.format}".`);
  if (!options.drill && (options.rows !== undefined || options.seed !== undefined))
    throw new UsageError('--rows and --seed seed the drills: they do not apply with --no-drill.');
  const seed = seedFrom(options);
  const files = filesToCheck(paths, options.since, config.exclude);
  const given = new Set(paths);
  let reviews: MigrationReview[];
  try {
    reviews = await reviewMigrations(files, config, {
      drillTarget: options.drill ? drillTarget(drillServer(options, config)) : undefined,
      ...(seed ? { seed } : {}),
      fromDirectory: (file) => !given.has(file) || typeof options.since === 'string',
      progress: (message) => process.stderr.write(`fearless: ${message}\n`),
    });
  } catch (error) {
    if (error instanceof DatabaseUnavailable) throw new UsageError(error.message);
    throw error;
  }
  const nothingChanged = typeof options.since === 'string' && files.length === 0;
  if (nothingChanged) process.stderr.write(`fearless: no migration changed since ${options.since}: nothing to review.\n`);
  else if (reviews.length === 0) process.stderr.write('fearless: no forward migrations to review were found.\n');
  const relativeTo = process.cwd();
  const aiSummary = options.ai && reviews.length > 0 ? await aiSummaryOf(reviews, typeof options.model === 'string' ? options.model : undefined) : undefined;
  const markdown = reviewsMarkdown(reviews, relativeTo, aiSummary);
  let output: string;
  switch (options.format) {
    case 'json':
      output = reviewsJson(reviews, aiSummary);
      break;
    case 'sarif':
      output = reviewsSarif(reviews, relativeTo, FEARLESS_VERSION);
      break;
    case 'github': {
      output = reviewsGithub(reviews, relativeTo);
      // The full report goes to the job's summary page when GitHub gives one.
      const summary = process.env['GITHUB_STEP_SUMMARY'];
      if (summary) fs.appendFileSync(summary, markdown);
      break;
    }
    default:
      output = markdown;
  }
  const failing = reviews.some(reviewFails) || (reviews.length === 0 && !nothingChanged);
  return { output, status: options.command === 'check' && failing ? 1 : 0 };
}
