/**
 * `fearless/shadow`: the shadow test of the migration behind a document
 * against a capture file, on PGlite (or the configured drill server), as
 * `fearless shadow --format json` gives it, with the Markdown report.
 * Cancellable; refused in an untrusted workspace (it runs the migrations).
 */

import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { ShadowProblem, shadowMigration } from '../../workflows/shadowMigration';
import { shadowMarkdown, shadowReportData } from '../../shadow/shadowReport';
import { startDatabaseRequest, type DatabaseRequestDependencies } from './databaseRequests';
import { onDocumentRequest } from '../documentRequest';
import { SHADOW_REQUEST, type ShadowParams, type ShadowRequestResult } from '../../protocol/shadow';

const FORMATS = new Set(['sql', 'pglog', 'csvlog', 'pgss']);

function positive(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new ResponseError(LSPErrorCodes.RequestFailed, `Fearless: ${name} must be a whole number of at least 1.`);
  return value;
}

export function registerShadowRequest(connection: Connection, dependencies: DatabaseRequestDependencies): void {
  onDocumentRequest(connection, SHADOW_REQUEST, async (params: ShadowParams, token: CancellationToken): Promise<ShadowRequestResult> => {
    const { file, config, server } = startDatabaseRequest(connection, dependencies, params.textDocument.uri, 'shadow test', 'shadow-test it');
    if (typeof params.capture !== 'string' || params.capture === '')
      throw new ResponseError(LSPErrorCodes.RequestFailed, 'Fearless: choose a capture file to replay.');
    if (params.formatIn !== undefined && !FORMATS.has(params.formatIn))
      throw new ResponseError(LSPErrorCodes.RequestFailed, `Fearless: unknown capture format ${String(params.formatIn)}.`);
    const capture = params.capture.startsWith('file:') ? fileURLToPath(params.capture) : params.capture;
    const rowsPerTable = positive(params.rowsPerTable, 'rowsPerTable');
    const limit = positive(params.limit, 'limit');
    const sample = positive(params.sample, 'sample');
    try {
      const run = await shadowMigration(file, config, {
        capture,
        ...(params.formatIn ? { formatIn: params.formatIn } : {}),
        ...(server ? { server } : {}),
        ...(rowsPerTable ? { seed: { rowsPerTable } } : {}),
        ...(limit ? { limit } : {}),
        ...(sample ? { sample } : {}),
        cancelled: () => token.isCancellationRequested,
      });
      if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Fearless: the shadow test was cancelled.');
      // Paths in the report relative to the migrations' project, not to wherever the server started.
      const root = path.dirname(path.dirname(file));
      const relative = (target: string): string => path.relative(root, target) || target;
      const labelled = {
        ...run,
        migration: relative(file),
        capture: relative(capture),
        comparisons: run.comparisons.map((comparison) => ({ ...comparison, query: { ...comparison.query, file: relative(comparison.query.file) } })),
        skipped: run.skipped.map((skipped) => ({ ...skipped, file: relative(skipped.file) })),
      };
      return { report: shadowReportData(labelled), markdown: shadowMarkdown(labelled) };
    } catch (error) {
      if (error instanceof ShadowProblem) throw new ResponseError(LSPErrorCodes.RequestFailed, `Fearless: ${error.message}`);
      throw error;
    }
  });
}
