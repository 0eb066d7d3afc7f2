/** initialize, initialized: what the client can do and sent, what the server offers, the first status. */

import { CodeActionKind, DidChangeConfigurationNotification, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver/node';
import type { InitializationOptions, ReceivedSettings } from '../../protocol/settings';
import { STATUS_NOTIFICATION } from '../../protocol/status';
import { SERVER_NAME, type Session } from '../session';
import { filePathOf } from '../uris';

export function registerInitialize(session: Session, version: string): void {
  const { connection } = session;
  connection.onInitialize((params): InitializeResult => {
    const rootUri = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    session.workspaceRoot = rootUri ? filePathOf(rootUri) : (params.rootPath ?? undefined);
    // Any LSP client may send anything here: every field is checked before use.
    const options = params.initializationOptions as ({ [K in keyof InitializationOptions]?: unknown } & ReceivedSettings) | undefined;
    session.settings = options ?? {};
    const offered = options?.editorCommands;
    session.editorCommands = new Set(Array.isArray(offered) ? offered.filter((command): command is string => typeof command === 'string') : []);
    session.workspaceTrusted = options?.workspaceTrusted !== false;
    session.canPullConfiguration = params.capabilities.workspace?.configuration === true;
    session.canRefreshCodeLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    session.reloadConfig();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: SERVER_NAME, version },
    };
  });
  connection.onInitialized(() => {
    session.initialized = true;
    if (session.status) void connection.sendNotification(STATUS_NOTIFICATION, session.status);
    if (session.canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
  });
}
