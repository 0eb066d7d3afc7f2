/**
 * "Plan safe phases" for one naive forward migration: its statements read,
 * the risky changes recognised against the schema its history leaves, the
 * phases planned and turned into the files the folder's tool expects.
 * Writes nothing itself (see writePlannedChange).
 */

import { projectFiles } from '../files/projectFiles';
import * as path from 'node:path';
import type { ProjectConfig } from '../config/projectConfig';
import { locateMigration } from '../migrations/conventions/index';
import { loadTableSizes } from './loadTableSizes';
import { MigrationHistory } from '../migrations/migrationHistory';
import { planFiles, PlanProblem, type PlannedChange } from '../plan/planFiles';
import { planPhases } from '../plan/planPhases';
import { recogniseChanges } from '../plan/recogniseChanges';
import type { ChangePlan } from '../plan/changePlan';
import { PLAN_SYSTEM_PROMPT, planRefinementPrompt, readPlanRefinement, refinedPlan } from '../ai/planRefinement';
import { decodeSqlBytes } from '../sql/decodeSqlBytes';
import { parseSql } from '../sql/parseSql';

export interface PlanChangeOptions {
  backfillValues?: ReadonlyMap<string, string>;
  batchSize?: number;
  pauseMs?: number;
  /** The phases take the naive migration's place (it and its reverse are removed when written). */
  replace?: boolean;
  /** Claude's answer to `aiPrompt`: its wording and backfill conditions are applied where they check out. */
  refinement?: string;
}

export interface PlannedChangeWithPrompt {
  plan: ChangePlan;
  change: PlannedChange;
  /** What to ask Claude to refine this plan (the caller asks: the key stays with it). */
  aiPrompt: { system: string; user: string };
  /** With `refinement`: what was not taken from Claude's answer, and its notes. */
  refinement?: { problems: string[]; notes: string };
}

export async function planChange(forwardFile: string, config: ProjectConfig, options: PlanChangeOptions = {}): Promise<PlannedChangeWithPrompt> {
  const file = path.resolve(forwardFile);
  if (!projectFiles.exists(file)) throw new PlanProblem(`${forwardFile} does not exist.`);
  const text = decodeSqlBytes(projectFiles.readBytes(file)).text;
  const history = new MigrationHistory(false, config.convention);
  const located = locateMigration(file, text, history.disk, config.convention);
  const forward = located.layout.sections.find((section) => section.role === 'forward');
  if (!forward) throw new PlanProblem(`${forwardFile} is not a forward migration.`);
  // Tools that keep both parts in one file: only the forward part is planned.
  const naiveSql = text.slice(forward.start, forward.end);
  const parsed = await parseSql(naiveSql);
  const broken = parsed.statements.find((statement) => !statement.kind);
  if (broken) throw new PlanProblem(`${forwardFile} does not parse (at "${broken.text.slice(0, 60)}"): fix it before planning.`);
  const changes = recogniseChanges(parsed.statements);
  if (changes.every((change) => change.kind === 'keep'))
    throw new PlanProblem(`${forwardFile} has nothing to plan: none of its statements is a risky change the planner phases.`);
  const schema = await history.schemaBefore(file, text);
  const planned = planPhases(changes, schema, {
    backfillValues: options.backfillValues ?? new Map(),
    batchSize: options.batchSize ?? 1000,
    pauseMs: options.pauseMs ?? 100,
    pgVersion: config.pgVersion,
    source: file,
    // Sizes only sharpen the plan document's estimates: a statistics database that cannot be read is no reason to fail.
    tableSizes: await loadTableSizes(config, process.env, () => undefined),
  });
  if (planned.phases.length === 0) throw new PlanProblem(`${forwardFile} has nothing to plan: ${planned.openQuestions.join(' ')}`);
  const aiPrompt = { system: PLAN_SYSTEM_PROMPT, user: planRefinementPrompt(planned, naiveSql) };
  const read = options.refinement !== undefined ? await readPlanRefinement(options.refinement, planned) : undefined;
  const plan = read ? refinedPlan(planned, read) : planned;
  return {
    plan,
    change: planFiles(plan, file, located.layout.convention, { replace: options.replace ?? false }),
    aiPrompt,
    ...(read ? { refinement: { problems: read.problems, notes: read.notes } } : {}),
  };
}
