/**
 * `fearless/plan`: the phases for the naive migration behind a document, as
 * files for the editor to preview (`fearless plan --format json` without
 * `--write`). Writes nothing: the client shows every file in one review and
 * applies them only on the engineer's accept. Planning reads files only, so
 * it works in an untrusted workspace; `check` (lint and drill in a scratch
 * copy) and a Claude `refinement` (always checked) run migrations on a
 * database and need a trusted one. The result carries the prompt the
 * client asks Claude with (the key stays in the client).
 */

import { pathToFileURL } from 'node:url';
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { planAndCheck } from '../../workflows/planAndCheck';
import { plainFailure, startDatabaseRequest, type DatabaseRequestDependencies } from './databaseRequests';
import { PlanProblem } from '../../plan/planFiles';
import { onDocumentRequest } from '../documentRequest';
import { PLAN_REQUEST, type PlanParams, type PlanRequestResult } from '../../protocol/plan';

function whole(value: unknown, name: string, minimum: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum)
    throw new ResponseError(LSPErrorCodes.RequestFailed, `Fearless: ${name} must be a whole number of at least ${minimum}.`);
  return value;
}

export function registerPlanRequest(connection: Connection, dependencies: DatabaseRequestDependencies): void {
  onDocumentRequest(connection, PLAN_REQUEST, async (params: PlanParams, token: CancellationToken): Promise<PlanRequestResult> => {
    const runsMigrations = params.check === true || params.refinement !== undefined;
    const { file, config, server } = runsMigrations
      ? startDatabaseRequest(connection, dependencies, params.textDocument.uri, 'plan check', 'check its plan')
      : { file: dependencies.filePathOf(params.textDocument.uri), config: dependencies.config(), server: undefined };
    if (!file) throw new ResponseError(LSPErrorCodes.RequestFailed, 'Fearless: save the migration to a file to plan its phases.');
    if (params.refinement !== undefined && typeof params.refinement !== 'string')
      throw new ResponseError(LSPErrorCodes.RequestFailed, "Fearless: the refinement must be Claude's answer as text.");
    const values = Object.entries(params.backfill ?? {});
    if (values.some(([key, value]) => typeof key !== 'string' || typeof value !== 'string' || value.trim() === '')) {
      throw new ResponseError(LSPErrorCodes.RequestFailed, 'Fearless: each backfill value must be an SQL expression.');
    }
    const batchSize = whole(params.batchSize, 'batchSize', 1);
    const pauseMs = whole(params.pauseMs, 'pauseMs', 0);
    try {
      const { plan, change, aiPrompt, check, ai } = await planAndCheck(file, config, {
        backfillValues: new Map(values),
        replace: params.replace === true,
        ...(batchSize !== undefined ? { batchSize } : {}),
        ...(pauseMs !== undefined ? { pauseMs } : {}),
        ...(params.refinement !== undefined ? { refinement: params.refinement } : {}),
        check: params.check === true,
        ...(server ? { server } : {}),
        cancelled: () => token.isCancellationRequested,
      });
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Fearless: planning was cancelled.');
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
        aiPrompt,
        ...(check ? { check } : {}),
        ...(ai ? { ai } : {}),
      };
    } catch (error) {
      if (error instanceof PlanProblem) throw new ResponseError(LSPErrorCodes.RequestFailed, `Fearless: ${error.message}`);
      return plainFailure(error);
    }
  });
}
