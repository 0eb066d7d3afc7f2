/** `fearless lsp --stdio`: the same server the VS Code extension runs, for any LSP client. */

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startLanguageServer } from '../lsp/server';
import { FEARLESS_VERSION } from '../version';

export function startStdioServer(): void {
  startLanguageServer(createConnection(ProposedFeatures.all, process.stdin, process.stdout), FEARLESS_VERSION);
}
