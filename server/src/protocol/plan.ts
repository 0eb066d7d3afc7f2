/** `fearless/plan`: the safe phases of a naive forward migration, written nowhere; the client applies them. */

import type { Phase } from '../plan/changePlan';
import type { PlanCheck } from '../workflows/checkPlan';

export const PLAN_REQUEST = 'fearless/plan';

export interface PlanParams {
  textDocument: { uri: string };
  /** The phases take the naive migration's place (its files are deleted when the edit is applied). */
  replace?: boolean;
  /** `table.column` → the SQL expression its backfill sets. */
  backfill?: Record<string, string>;
  batchSize?: number;
  pauseMs?: number;
  /** Lint and drill the phases in a scratch copy of the project. */
  check?: boolean;
  /** Claude's answer to `aiPrompt`: applied where it parses and the refined plan checks out. */
  refinement?: string;
}

export interface PlanRequestResult {
  files: { uri: string; kind: string; text: string }[];
  /** URIs of the files the plan replaces (only with `replace`). */
  removed: string[];
  phases: Pick<Phase, 'slug' | 'summary' | 'release' | 'pointOfNoReturn' | 'outsideTransaction'>[];
  openQuestions: string[];
  missingValues: { table: string; column: string }[];
  aiPrompt: { system: string; user: string };
  check?: PlanCheck;
  ai?: { refined: string[]; problems: string[]; notes: string };
}
