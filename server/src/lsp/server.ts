/**
 * The language server: wires each LSP method to its handler in handlers/
 * (one module per method, as squawk's server keeps them). It decides
 * nothing about risk itself: the session schedules analyses and keeps the
 * latest one per document; the handlers present findings and facts.
 */

import type { Connection } from 'vscode-languageserver/node';
import { analyzeMigration } from '../workflows/analyzeMigration';
import { registerCodeActions } from './handlers/codeActions';
import { registerCodeLens } from './handlers/codeLens';
import { registerConfiguration } from './handlers/configuration';
import { registerDiagnostics } from './handlers/diagnostics';
import { registerDocumentSync } from './handlers/documentSync';
import { registerDrillRequest } from './handlers/drillRequest';
import { registerHover } from './handlers/hover';
import { registerInitialize } from './handlers/initialize';
import { registerInlayHints } from './handlers/inlayHints';
import { registerPlanRequest } from './handlers/planRequest';
import { registerReverseRequests } from './handlers/reverseRequests';
import { registerReviewRequest } from './handlers/reviewRequest';
import { registerShadowRequest } from './handlers/shadowRequest';
import { Session } from './session';
import { filePathOf, fileUri } from './uris';

export function startLanguageServer(connection: Connection, version: string): void {
  const session = new Session(connection);
  registerDiagnostics(session);
  registerInitialize(session, version);
  registerConfiguration(session);
  registerDocumentSync(session);
  registerHover(session);
  registerCodeLens(session);
  registerInlayHints(session);
  registerCodeActions(session);

  const databaseRequests = { filePathOf, config: () => session.config, trusted: () => session.workspaceTrusted };
  registerDrillRequest(connection, {
    ...databaseRequests,
    results: session.drillResults,
    changed: (files) => {
      for (const document of session.documents.all()) {
        const documentPath = filePathOf(document.uri);
        if (documentPath && files.includes(documentPath)) session.scheduler.request(document.uri);
      }
      if (session.canRefreshCodeLenses) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    },
  });
  registerReviewRequest(connection, databaseRequests);
  registerShadowRequest(connection, databaseRequests);
  registerPlanRequest(connection, databaseRequests);
  registerReverseRequests(connection, {
    analyze: async (uri) => {
      const filePath = filePathOf(uri);
      const text = filePath === undefined ? undefined : session.readText(filePath);
      if (filePath === undefined || text === undefined) return undefined;
      return {
        filePath,
        analysis: await analyzeMigration(filePath, text, {
          config: session.config,
          history: session.history,
          tableSizes: session.tableSizes,
          readText: session.readText,
        }),
      };
    },
    readText: session.readText,
    fileUri,
  });

  session.documents.listen(connection);
  connection.listen();
}
