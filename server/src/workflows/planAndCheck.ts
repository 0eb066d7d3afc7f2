/**
 * A plan as the CLI and the editor present it: planned, refined with
 * Claude's answer when there is one, and checked (lint and drill in a
 * scratch copy) when asked or when Claude touched it. Claude's changes are
 * kept only while the plan still checks out: if the refined plan fails and
 * the planner's own passes, the planner's own is returned, with why.
 */

import type { ScratchServer } from '../drill/scratchPostgres';
import type { ProjectConfig } from '../config/projectConfig';
import type { ChangePlan } from '../plan/changePlan';
import type { PlannedChange } from '../plan/planFiles';
import { checkPlannedChange, type PlanCheck } from './checkPlan';
import { planChange, type PlanChangeOptions } from './planChange';

export interface CheckedPlan {
  plan: ChangePlan;
  change: PlannedChange;
  aiPrompt: { system: string; user: string };
  check?: PlanCheck;
  /** With a refinement: what Claude changed that was kept, what was not taken and why, its notes. */
  ai?: { refined: string[]; problems: string[]; notes: string };
}

export function failedCheckSummary(check: PlanCheck): string {
  return [
    ...check.lint,
    ...check.drills.filter((drill) => drill.verdict === 'fail').map((drill) => `${drill.forward}: ${drill.reasons.join(' ')}`),
    ...check.skipped,
  ].join(' ');
}

export async function planAndCheck(
  file: string,
  config: ProjectConfig,
  options: PlanChangeOptions & { check: boolean; server?: ScratchServer; cancelled?: () => boolean },
): Promise<CheckedPlan> {
  const { refinement, check: wanted, server, cancelled, ...planOptions } = options;
  const own = await planChange(file, config, planOptions);
  let result: CheckedPlan = { plan: own.plan, change: own.change, aiPrompt: own.aiPrompt };
  if (refinement !== undefined) {
    const refined = await planChange(file, config, { ...planOptions, refinement });
    result = { ...result, plan: refined.plan, change: refined.change, ai: { refined: refined.plan.refinedByAi ?? [], ...refined.refinement! } };
  }
  if (!wanted && !result.ai) return result;
  const checkOptions = { ...(server ? { server } : {}), ...(cancelled ? { cancelled } : {}) };
  result.check = await checkPlannedChange(file, result.change, config, checkOptions);
  if (result.ai && result.ai.refined.length > 0 && !result.check.passed) {
    const ownCheck = await checkPlannedChange(file, own.change, config, checkOptions);
    if (ownCheck.passed) {
      result = {
        ...result,
        plan: own.plan,
        change: own.change,
        check: ownCheck,
        ai: {
          ...result.ai,
          refined: [],
          problems: [...result.ai.problems, `the refined plan failed the check (${failedCheckSummary(result.check)}), so the planner's own plan is shown.`],
        },
      };
    }
  }
  return result;
}
