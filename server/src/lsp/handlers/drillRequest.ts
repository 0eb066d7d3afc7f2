/**
 * `fearless/drill`: the rollback drill of the pair behind a document, on
 * PGlite in the server's process, cancellable. The server keeps the last
 * result per forward migration: failing statements become diagnostics
 * (until their file changes) and the pair's code lens shows the verdict.
 */

import * as path from 'node:path';
import { LSPErrorCodes, ResponseError, type CancellationToken, type Connection } from 'vscode-languageserver/node';
import { drillFiles } from '../../workflows/drillPairs';
import { drillTarget } from '../../drill/drillTargets';
import { onDrillServer } from '../../drill/postgresBuilds/drillServer';
import { drillMarkdown, type PairDrill } from '../../drill/drillReport';
import { plainFailure, startDatabaseRequest, type DatabaseRequestDependencies } from './databaseRequests';
import { onDocumentRequest } from '../documentRequest';
import { DRILL_REQUEST, type DrillParams, type DrillRequestResult } from '../../protocol/drill';

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
  dependencies: DatabaseRequestDependencies & {
    results: DrillResults;
    /** Files whose diagnostics or lenses changed. */
    changed(files: readonly string[]): void;
  },
): void {
  onDocumentRequest(connection, DRILL_REQUEST, async (params: DrillParams, token: CancellationToken): Promise<DrillRequestResult> => {
    const { file, config, server } = startDatabaseRequest(connection, dependencies, params.textDocument.uri, 'drill', 'drill it');
    const progress = config.drillPgVersion !== undefined && !server ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin(`Fearless: PostgreSQL ${config.drillPgVersion} for the drill`);
    const io = {
      progress: (message: string) => {
        progress?.report(message);
        connection.console.log(message);
      },
      fallback: (message: string) => void connection.window.showWarningMessage(`Fearless: ${message}`),
      cancelled: () => token.isCancellationRequested,
      privileged: config.allowPrivilegedRole === true,
    };
    const run = await onDrillServer(server, config.drillPgVersion, io, (chosen, major) =>
      drillFiles([file], major === undefined ? config : { ...config, pgVersion: major }, drillTarget(chosen), {
        fromDirectory: () => false,
        cancelled: () => token.isCancellationRequested,
        warn: (message) => void connection.window.showWarningMessage(`Fearless: ${message}`),
      }),
    )
      .catch(plainFailure)
      .finally(() => progress?.done());
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
