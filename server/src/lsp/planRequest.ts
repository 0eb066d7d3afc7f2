/**
 * `fearless/plan`: the phases for the naive migration behind a document, as
 * files for the editor to preview (`fearless plan --format json` without
 * `--write`). Writes nothing: the client shows every file in one review and
 * applies them only on the engineer's accept. Reads files only, so it works
 * in an untrusted workspace too.
 */

import { pathToFileURL } from 'node:url';
import { LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import type { ProjectConfig } from '../config/projectConfig';
import { planChange } from '../analysis/planChange';
import { PlanProblem } from '../plan/planFiles';
import type { Phase } from '../plan/changePlan';

export const PLAN_REQUEST = 'fearless/plan';

export interface PlanParams {
  textDocument: { uri: string };
  /** The phases take the naive migration's place (its files are deleted when the edit is applied). */
  replace?: boolean;
  /** `table.column` → the SQL expression its backfill sets. */
  backfill?: Record<string, string>;
  batchSize?: number;
  pauseMs?: number;
}

export interface PlanRequestResult {
  files: { uri: string; kind: string; text: string }[];
  /** URIs of the files the plan replaces (only with `replace`). */
  removed: string[];
  phases: Pick<Phase, 'slug' | 'summary' | 'release' | 'pointOfNoReturn' | 'outsideTransaction'>[];
  openQuestions: string[];
  missingValues: { table: string; column: string }[];
}

function whole(value: unknown, name: string, minimum: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) throw new ResponseError(LSPErrorCodes.RequestFailed, `Fearless: ${name} must be a whole number of at least ${minimum}.`);
  return value;
}

export function registerPlanRequest(connection: Connection, dependencies: { filePathOf(uri: string): string | undefined; config(): ProjectConfig }): void {
  connection.onRequest(PLAN_REQUEST, async (params: PlanParams): Promise<PlanRequestResult> => {
    const file = dependencies.filePathOf(params.textDocument.uri);
    if (!file) throw new ResponseError(LSPErrorCodes.RequestFailed, 'Fearless: save the migration to a file to plan its phases.');
    const values = Object.entries(params.backfill ?? {});
    if (values.some(([key, value]) => typeof key !== 'string' || typeof value !== 'string' || value.trim() === '')) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, 'Fearless: each backfill value must be an SQL expression.');
    }
    const batchSize = whole(params.batchSize, 'batchSize', 1);
    const pauseMs = whole(params.pauseMs, 'pauseMs', 0);
    try {
      const { plan, change } = await planChange(file, dependencies.config(), {
        backfillValues: new Map(values),
        replace: params.replace === true,
        ...(batchSize !== undefined ? { batchSize } : {}),
        ...(pauseMs !== undefined ? { pauseMs } : {}),
      });
      return {
        files: change.files.map((planned) => ({ uri: pathToFileURL(planned.path).toString(), kind: planned.kind, text: planned.text })),
        removed: change.removed.map((removed) => pathToFileURL(removed).toString()),
        phases: plan.phases.map(({ slug, summary, release, pointOfNoReturn, outsideTransaction }) => ({
          slug,
          summary,
          release,
          ...(pointOfNoReturn ? { pointOfNoReturn } : {}),
          ...(outsideTransaction ? { outsideTransaction } : {}),
        })),
        openQuestions: plan.openQuestions,
        missingValues: plan.missingValues,
      };
    } catch (error) {
      if (error instanceof PlanProblem) throw new ResponseError(LSPErrorCodes.RequestFailed, `Fearless: ${error.message}`);
      throw error;
    }
  });
}
