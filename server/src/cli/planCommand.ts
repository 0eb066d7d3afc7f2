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
import { planChange } from '../analysis/planChange';
import { PlanProblem, writePlannedChange } from '../plan/planFiles';
import { checkPlannedChange, type PlanCheck } from '../analysis/checkPlan';
import { configuredDrillUrl } from '../drill/drillTargets';
import { UsageError } from './args';

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
  const lines = [`fearless: check ${check.passed ? 'passed' : 'FAILED'}: ${check.drills.filter((drill) => drill.verdict === 'pass').length} of ${check.drills.length} phase(s) drill green, ${check.lint.length} lint finding(s) at warning level or above.`];
  for (const finding of check.lint) lines.push(`  lint: ${finding}`);
  for (const drill of check.drills.filter((entry) => entry.verdict !== 'pass')) lines.push(`  drill: ${drill.forward}: ${drill.reasons.join(' ')}`);
  for (const skipped of check.skipped) lines.push(`  not drilled: ${skipped}`);
  return lines;
}

/** `--backfill "events.tenant_id=1; events.region='eu'"` → table.column → expression. */
function backfillValues(value: string | true | undefined): Map<string, string> {
  const values = new Map<string, string>();
  if (value === undefined) return values;
  if (value === true) throw new UsageError('--backfill needs COLUMN=EXPRESSION (TABLE.COLUMN=EXPRESSION; several separated by ";").');
  for (const entry of value.split(';').map((part) => part.trim()).filter(Boolean)) {
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
    const planned = await planChange(source, config, planOptions);
    let { plan, change } = planned;
    let ai: { refined: string[]; problems: string[]; notes: string } | undefined;
    if (options.ai && !options.ai.apiKey) options.ai.warn('no ANTHROPIC_API_KEY is set, so this is the planner\'s plan without Claude.');
    if (options.ai?.apiKey) {
      const { askClaude, ClaudeUnavailable } = require('./aiCommand') as typeof import('./aiCommand');
      try {
        const answer = await askClaude(planned.aiPrompt.system, planned.aiPrompt.user, { apiKey: options.ai.apiKey, ...(options.ai.model ? { model: options.ai.model } : {}) });
        const refined = await planChange(source, config, { ...planOptions, refinement: answer });
        ai = { refined: refined.plan.refinedByAi ?? [], ...refined.refinement! };
        ({ plan, change } = refined);
      } catch (error) {
        if (!(error instanceof ClaudeUnavailable)) throw error;
        options.ai.warn(`Claude could not refine the plan (${error.message}); this is the planner's plan.`);
      }
    }
    let check: PlanCheck | undefined;
    if (options.check || ai) {
      const url = configuredDrillUrl(config).url;
      check = await checkPlannedChange(source, change, config, url ? { url } : {});
      if (ai && ai.refined.length > 0 && !check.passed) {
        // Claude's changes are kept only when the plan still checks out.
        const own = await checkPlannedChange(source, planned.change, config, url ? { url } : {});
        if (own.passed) {
          ai.problems.push(`the refined plan failed the check (${checkLines(check).slice(1).join(' ').trim() || 'see above'}), so the planner's own plan is shown.`);
          ai.refined = [];
          ({ plan, change } = planned);
          check = own;
        }
      }
    }
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
      lines.push(ai.refined.length > 0 ? `fearless: Claude refined ${ai.refined.join('; ')} (AI-written: review it).` : 'fearless: Claude changed nothing that checked out.');
      for (const problem of ai.problems) lines.push(`  not taken: ${problem}`);
    }
    if (check) lines.push(...checkLines(check));
    lines.push(
      written ? `fearless: wrote ${change.files.length} file(s).` : options.write ? 'fearless: nothing written: the check failed.' : 'fearless: nothing written (preview); add --write to write these files.',
    );
    return { output: `${lines.join('\n')}\n`, status: checkFailed ? 1 : 0 };
  } catch (error) {
    if (error instanceof PlanProblem) throw new UsageError(error.message);
    throw error;
  }
}
