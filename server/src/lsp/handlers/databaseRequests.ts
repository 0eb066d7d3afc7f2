/**
 * What the requests that run a workspace's migrations on a database
 * (`fearless/drill`, `fearless/review`, `fearless/shadow`) share: refused in
 * an untrusted workspace, a saved file behind the document, the project's
 * config and the drill server it names (a misnamed one is said), and a
 * database that cannot be opened said plainly.
 */

import { LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import type { ProjectConfig } from '../../config/projectConfig';
import { DatabaseConnectionLost, DatabaseUnavailable } from '../../drill/database';
import { configuredDrillServer } from '../../drill/drillTargets';
import type { ScratchServer } from '../../drill/scratchPostgres';

export interface DatabaseRequestDependencies {
  filePathOf(uri: string): string | undefined;
  config(): ProjectConfig;
  /** False in an untrusted workspace. */
  trusted(): boolean;
}

/** `what`: the noun (`drill`), `verb`: what the engineer asked (`drill it`). */
export function startDatabaseRequest(
  connection: Connection,
  dependencies: DatabaseRequestDependencies,
  uri: string,
  what: 'drill' | 'review' | 'shadow test' | 'plan check',
  verb: string,
): { file: string; config: ProjectConfig; server: ScratchServer | undefined } {
  if (!dependencies.trusted()) {
    throw new ResponseError(
      LSPErrorCodes.RequestFailed,
      `Fearless: the ${what} runs this workspace's migrations on a database, which is off until you trust the workspace (Restricted Mode).`,
    );
  }
  const file = dependencies.filePathOf(uri);
  if (!file) throw new ResponseError(LSPErrorCodes.RequestFailed, `Fearless: save the migration to a file to ${verb}.`);
  const config = dependencies.config();
  const configured = configuredDrillServer(config);
  if (configured.problem) void connection.window.showWarningMessage(`Fearless: ${configured.problem}`);
  return { file, config, server: configured.server };
}

/** A database that cannot be opened is the engineer's to fix: said plainly, not as an internal error. */
export function plainFailure(error: unknown): never {
  if (error instanceof DatabaseUnavailable || error instanceof DatabaseConnectionLost)
    throw new ResponseError(LSPErrorCodes.RequestFailed, `Fearless: ${error.message}`);
  throw error;
}
