/**
 * `fearless/drill`: the rollback drill of the pair behind a document, on
 * PGlite in the server's process, cancellable. The server keeps the last
 * result per forward migration: failing statements become diagnostics
 * (until their file changes) and the pair's code lens shows the verdict.
 */

import * as path from 'node:path';
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import type { ProjectConfig } from '../config/projectConfig';
import { drillFiles } from '../analysis/drillPairs';
import { DatabaseUnavailable } from '../drill/database';
import { configuredDrillUrl, drillTarget } from '../drill/drillTargets';
import { drillMarkdown, type PairDrill } from '../drill/drillReport';

export const DRILL_REQUEST = 'fearless/drill';

export interface DrillParams {
  textDocument: { uri: string };
}

export interface DrillRequestResult {
  /** The drill of the pair, or null when nothing could be drilled (then `problem` says why). */
  drill: PairDrill | null;
  problem?: string;
  /** The report as Markdown, to show beside the migration. */
  markdown: string;
}

export interface DrillFailureMark {
  offset: number;
  message: string;
}

/** Last drills, by forward file, and the failures they place in files. */
export class DrillResults {
  private readonly byForward = new Map<string, { drill: PairDrill; at: Date }>();
  private readonly failures = new Map<string, DrillFailureMark[]>();

  record(drill: PairDrill): string[] {
    const previous = this.byForward.get(drill.forward)?.drill;
    this.byForward.set(drill.forward, { drill, at: new Date() });
    const touched = new Set<string>([drill.forward, ...(drill.reverse ? [drill.reverse] : [])]);
    for (const file of touched) this.failures.delete(file);
    for (const step of drill.steps) {
      if (step.ok || !step.failedAt) continue;
      touched.add(step.failedAt.file);
      const marks = this.failures.get(step.failedAt.file) ?? [];
      marks.push({ offset: step.failedAt.offset, message: `The rollback drill's ${step.name} step failed here: ${step.detail}` });
      this.failures.set(step.failedAt.file, marks);
    }
    if (previous) for (const step of previous.steps) if (step.failedAt) touched.add(step.failedAt.file);
    return [...touched];
  }

  /** A file changed: where the last drill failed in it no longer says anything. */
  forgetFailuresIn(file: string): boolean {
    return this.failures.delete(file);
  }

  failuresIn(file: string): readonly DrillFailureMark[] {
    return this.failures.get(file) ?? [];
  }

  last(forward: string): { drill: PairDrill; at: Date } | undefined {
    return this.byForward.get(forward);
  }
}

export function registerDrillRequest(
  connection: Connection,
  dependencies: {
    filePathOf(uri: string): string | undefined;
    config(): ProjectConfig;
    /** False in an untrusted workspace: the drill would run its migrations. */
    trusted(): boolean;
    results: DrillResults;
    /** Files whose diagnostics or lenses changed. */
    changed(files: readonly string[]): void;
  },
): void {
  connection.onRequest(DRILL_REQUEST, async (params: DrillParams, token: CancellationToken): Promise<DrillRequestResult> => {
    if (!dependencies.trusted()) throw untrusted('drill');
    const file = dependencies.filePathOf(params.textDocument.uri);
    if (!file) throw new ResponseError(LSPErrorCodes.RequestFailed, 'Fearless: save the migration to a file to drill it.');
    const config = dependencies.config();
    const configured = configuredDrillUrl(config);
    if (configured.problem) void connection.window.showWarningMessage(`Fearless: ${configured.problem}`);
    const run = await drillFiles([file], config, drillTarget(configured.url), {
      fromDirectory: () => false,
      cancelled: () => token.isCancellationRequested,
    }).catch(plainFailure);
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'Fearless: the drill was cancelled.');
    const drill = run.drills[0];
    if (!drill) {
      const problem = run.skipped[0]?.reason ?? 'nothing to drill';
      return { drill: null, problem, markdown: `# Rollback drill\n\nNot drilled: ${problem}.\n` };
    }
    dependencies.changed(dependencies.results.record(drill));
    return { drill, markdown: drillMarkdown(drill, path.dirname(path.dirname(file))) };
  });
}

/** Drills and reviews run the workspace's migrations: not in a workspace the engineer has not trusted. */
export function untrusted(what: 'drill' | 'review' | 'shadow test'): ResponseError<void> {
  return new ResponseError(
    LSPErrorCodes.RequestFailed,
    `Fearless: the ${what} runs this workspace's migrations on a database, which is off until you trust the workspace (Restricted Mode).`,
  );
}

/** A database that cannot be opened is the engineer's to fix: said plainly, not as an internal error. */
export function plainFailure(error: unknown): never {
  if (error instanceof DatabaseUnavailable) throw new ResponseError(LSPErrorCodes.RequestFailed, `Fearless: ${error.message}`);
  throw error;
}
