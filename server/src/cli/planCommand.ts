/**
 * `fearless plan`: a naive migration → its phases, printed for review, or
 * written with --write. --check lints and drills them in a scratch copy of
 * the project first (with --write, nothing is written when it fails); --ai
 * has Claude refine the wording and the backfills' WHERE, and the refined
 * plan is checked the same way (falling back to the planner's own when it
 * fails).
 */

import * as path from 'node:path';
import type { ProjectConfig } from '../config/projectConfig';
import { planChange } from '../workflows/planChange';
import { PlanProblem, writePlannedChange } from '../plan/planFiles';
import type { PlanCheck } from '../workflows/checkPlan';
import { planAndCheck } from '../workflows/planAndCheck';
import { configuredDrillServer } from '../drill/drillTargets';
import { UsageError } from '../workflows/usageError';
import { counted } from '../wording';

export interface PlanCliOptions {
  backfill: string | true | undefined;
  batchSize: string | true | undefined;
  pauseMs: string | true | undefined;
  replace: boolean;
  write: boolean;
  check: boolean;
  /** --ai: the key (undefined: none set, said), and the model. */
  ai?: { apiKey: string | undefined; model?: string; warn(message: string): void };
  format: 'md' | 'json';
}

function checkLines(check: PlanCheck): string[] {
  const lines = [
    `fearless: check ${check.passed ? 'passed' : 'FAILED'}: ${check.drills.filter((drill) => drill.verdict !== 'fail').length} of ${counted(check.drills.length, 'phase')} drill green, ${counted(check.lint.length, 'lint finding')} at warning level or above.`,
  ];
  for (const finding of check.lint) lines.push(`  lint: ${finding}`);
  for (const drill of check.drills.filter((entry) => entry.verdict === 'fail')) lines.push(`  drill: ${drill.forward}: ${drill.reasons.join(' ')}`);
  for (const skipped of check.skipped) lines.push(`  not drilled: ${skipped}`);
  return lines;
}

/** `--backfill "events.tenant_id=1; events.region='eu'"` → table.column → expression. */
function backfillValues(value: string | true | undefined): Map<string, string> {
  const values = new Map<string, string>();
  if (value === undefined) return values;
  if (value === true) throw new UsageError('--backfill needs COLUMN=EXPRESSION (TABLE.COLUMN=EXPRESSION; several separated by ";").');
  for (const entry of value
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const at = entry.indexOf('=');
    if (at <= 0 || at === entry.length - 1) throw new UsageError(`--backfill: "${entry}" is not COLUMN=EXPRESSION.`);
    values.set(entry.slice(0, at).trim(), entry.slice(at + 1).trim());
  }
  return values;
}

function whole(value: string | true | undefined, flag: string, minimum: number): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum) throw new UsageError(`${flag} must be a whole number of at least ${minimum}, not "${String(value)}".`);
  return parsed;
}

export async function runPlanCommand(paths: readonly string[], config: ProjectConfig, options: PlanCliOptions): Promise<{ output: string; status: number }> {
  if (paths.length !== 1) throw new UsageError('"fearless plan" takes one forward migration.');
  const batchSize = whole(options.batchSize, '--batch-size', 1);
  const pauseMs = whole(options.pauseMs, '--pause-ms', 0);
  try {
    const planOptions = {
      backfillValues: backfillValues(options.backfill),
      ...(batchSize !== undefined ? { batchSize } : {}),
      ...(pauseMs !== undefined ? { pauseMs } : {}),
      replace: options.replace,
    };
    const source = paths[0]!;
    let refinement: string | undefined;
    if (options.ai && !options.ai.apiKey) options.ai.warn("no ANTHROPIC_API_KEY is set, so this is the planner's plan without Claude.");
    if (options.ai?.apiKey) {
      const { askClaude, ClaudeUnavailable } = require('../ai/claudeBundle') as typeof import('../ai/claudeBundle');
      const { aiPrompt } = await planChange(source, config, planOptions);
      try {
        refinement = await askClaude(aiPrompt.system, aiPrompt.user, { apiKey: options.ai.apiKey, ...(options.ai.model ? { model: options.ai.model } : {}) });
      } catch (error) {
        if (!(error instanceof ClaudeUnavailable)) throw error;
        options.ai.warn(`Claude could not refine the plan (${error.message}); this is the planner's plan.`);
      }
    }
    const server = configuredDrillServer(config).server;
    const { plan, change, check, ai } = await planAndCheck(source, config, {
      ...planOptions,
      ...(refinement !== undefined ? { refinement } : {}),
      check: options.check,
      ...(server ? { server } : {}),
    });
    const checkFailed = check !== undefined && !check.passed;
    if (options.write && !checkFailed) writePlannedChange(change);
    const written = options.write && !checkFailed;
    const shown = (file: string): string => path.relative(process.cwd(), file) || file;
    if (options.format === 'json') {
      return {
        output: `${JSON.stringify({
          source: shown(plan.source),
          written,
          files: change.files.map((file) => ({ path: shown(file.path), kind: file.kind, text: file.text })),
          removed: change.removed.map(shown),
          openQuestions: plan.openQuestions,
          ...(check ? { check } : {}),
          ...(ai ? { ai } : {}),
        })}\n`,
        status: checkFailed ? 1 : 0,
      };
    }
    const lines: string[] = [];
    for (const file of change.files) lines.push(`===== ${shown(file.path)} (${file.kind}) =====`, file.text);
    if (change.removed.length > 0) lines.push(`===== removed: ${change.removed.map(shown).join(', ')} =====`, '');
    if (ai) {
      lines.push(
        ai.refined.length > 0
          ? `fearless: Claude refined ${ai.refined.join('; ')} (AI-written: review it).`
          : 'fearless: Claude changed nothing that checked out.',
      );
      for (const problem of ai.problems) lines.push(`  not taken: ${problem}`);
    }
    if (check) lines.push(...checkLines(check));
    lines.push(
      written
        ? `fearless: wrote ${counted(change.files.length, 'file')}.`
        : options.write
          ? 'fearless: nothing written: the check failed.'
          : 'fearless: nothing written (preview); add --write to write these files.',
    );
    return { output: `${lines.join('\n')}\n`, status: checkFailed ? 1 : 0 };
  } catch (error) {
    if (error instanceof PlanProblem) throw new UsageError(error.message);
    throw error;
  }
}
