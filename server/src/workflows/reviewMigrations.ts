/**
 * The reviewer's checklist for the migrations behind a list of files, for
 * both front ends (`fearless review`/`check`, the editor's "Review
 * migration"): the pairs are drilled first when a target is given, then
 * each forward is analysed and answered item by item. A reverse file
 * stands for its pair.
 */

import * as path from 'node:path';
import { analyzeFile } from './analyzeFile';
import type { ProjectConfig } from '../config/projectConfig';
import type { PairDrill } from '../drill/drillReport';
import { MigrationHistory } from '../migrations/migrationHistory';
import { reviewMigration, type MigrationReview } from '../review/checklist';
import type { DrillTarget } from '../drill/drillTargets';
import { drillFiles } from './drillPairs';

export interface ReviewOptions {
  /** Where to drill the pairs; undefined: not drilled (the checklist says so). */
  drillTarget: DrillTarget | undefined;
  fromDirectory: (file: string) => boolean;
  /** Rows the drills seed before the forward (generated, or a SQL file's). */
  seed?: { sql?: string; rowsPerTable?: number };
  progress?: (message: string) => void;
  cancelled?: () => boolean;
}

export async function reviewMigrations(files: readonly string[], config: ProjectConfig, options: ReviewOptions): Promise<MigrationReview[]> {
  const drills = new Map<string, PairDrill>();
  if (options.drillTarget) {
    const run = await drillFiles(files, config, options.drillTarget, {
      fromDirectory: options.fromDirectory,
      ...(options.seed ? { seed: options.seed } : {}),
      ...(options.progress ? { progress: options.progress } : {}),
      ...(options.cancelled ? { cancelled: options.cancelled } : {}),
    });
    for (const drill of run.drills) drills.set(drill.forward, drill);
  }
  const history = new MigrationHistory(false, config.convention);
  const reviews: MigrationReview[] = [];
  const reviewed = new Set<string>();
  for (const given of files) {
    let file = given;
    let analysis = await analyzeFile(file, config, history);
    if (analysis.facts && !analysis.facts.layout.sections.some((section) => section.role === 'forward')) {
      const forward = analysis.facts.pairs?.sections.find((pair) => pair.section.role === 'reverse' && pair.counterpart?.exists)?.counterpart?.file;
      if (!forward || forward === path.resolve(file)) continue;
      file = forward;
      analysis = await analyzeFile(file, config, history);
    }
    const absolute = path.resolve(file);
    if (!analysis.facts || reviewed.has(absolute) || !analysis.facts.layout.sections.some((section) => section.role === 'forward')) continue;
    reviewed.add(absolute);
    reviews.push(
      reviewMigration({
        file: absolute,
        analysis: { parsed: analysis.parsed, facts: analysis.facts, findings: analysis.findings },
        drill: drills.get(absolute),
      }),
    );
  }
  return reviews;
}
