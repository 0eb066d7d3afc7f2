/**
 * `fearless review PATH...` (the reviewer's checklist report) and
 * `fearless check PATH...` (the same as a CI gate: exit 1 when an item
 * fails). The drill runs first over the same files, unless --no-drill.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProjectConfig } from '../config/projectConfig';
import { DatabaseUnavailable } from '../drill/database';
import type { PairDrill } from '../drill/drillReport';
import { MigrationHistory } from '../migrations/migrationHistory';
import { reviewMigration, type MigrationReview } from '../review/checklist';
import { reviewFails, reviewsGithub, reviewsJson, reviewsMarkdown, reviewsSarif } from '../review/reviewReport';
import { FEARLESS_VERSION } from '../version';
import { analyzeFile } from './analyzeFile';
import { UsageError } from './args';
import { filesToCheck } from './changedFiles';
import { drillFiles } from '../analysis/drillPairs';
import { databaseUrl } from './drillCli';
import { drillTarget } from '../drill/drillTargets';

export interface ReviewCliOptions {
  command: 'review' | 'check';
  format: string;
  drill: boolean;
  since: string | true | undefined;
  databaseUrl: string | true | undefined;
  databaseUrlEnv: string | true | undefined;
}

const FORMATS = { review: ['md', 'json', 'sarif'], check: ['md', 'json', 'sarif', 'github'] };

export async function runReviewCommand(paths: readonly string[], config: ProjectConfig, options: ReviewCliOptions): Promise<{ output: string; status: number }> {
  if (!FORMATS[options.command].includes(options.format)) throw new UsageError(`--format must be ${FORMATS[options.command].join(', ')}, not "${options.format}".`);
  const files = filesToCheck(paths, options.since);
  const given = new Set(paths);
  const drills = new Map<string, PairDrill>();
  if (options.drill) {
    try {
      const run = await drillFiles(files, config, drillTarget(databaseUrl(options)), {
        fromDirectory: (file) => !given.has(file) || typeof options.since === 'string',
        progress: (message) => process.stderr.write(`fearless: ${message}\n`),
      });
      for (const drill of run.drills) drills.set(drill.forward, drill);
    } catch (error) {
      if (error instanceof DatabaseUnavailable) throw new UsageError(error.message);
      throw error;
    }
  }
  const history = new MigrationHistory(false, config.convention);
  const reviews: MigrationReview[] = [];
  const reviewed = new Set<string>();
  for (const given of files) {
    let file = given;
    let analysis = await analyzeFile(file, config, history);
    if (analysis.facts && !analysis.facts.layout.sections.some((section) => section.role === 'forward')) {
      // A reverse: its pair is reviewed from the forward.
      const forward = analysis.facts.pairs?.sections.find((pair) => pair.section.role === 'reverse' && pair.counterpart?.exists)?.counterpart?.file;
      if (!forward || forward === path.resolve(file)) continue;
      file = forward;
      analysis = await analyzeFile(file, config, history);
    }
    const absolute = path.resolve(file);
    if (!analysis.facts || reviewed.has(absolute) || !analysis.facts.layout.sections.some((section) => section.role === 'forward')) continue;
    reviewed.add(absolute);
    reviews.push(reviewMigration({ file: absolute, analysis: { parsed: analysis.parsed, facts: analysis.facts, findings: analysis.findings }, drill: drills.get(absolute) }));
  }
  const nothingChanged = typeof options.since === 'string' && files.length === 0;
  if (nothingChanged) process.stderr.write(`fearless: no migration changed since ${options.since}: nothing to review.\n`);
  else if (reviews.length === 0) process.stderr.write('fearless: no forward migrations to review were found.\n');
  const relativeTo = process.cwd();
  const markdown = reviewsMarkdown(reviews, relativeTo);
  let output: string;
  switch (options.format) {
    case 'json':
      output = reviewsJson(reviews);
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
