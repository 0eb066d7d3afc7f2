/**
 * A request about the migration at a URI (saved first: the server reads
 * files) with a cancellable progress notification. Failures become a
 * warning with the server's plain message and undefined.
 */

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export function uriOf(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument;
  if (argument instanceof vscode.Uri) return argument.toString();
  return vscode.window.activeTextEditor?.document.uri.toString();
}

export async function requestWithProgress<T>(
  running: LanguageClient | undefined,
  log: (message: string) => void,
  method: string,
  uriArgument: unknown,
  title: (name: string) => string,
  extra: Record<string, unknown> = {},
): Promise<{ result: T; name: string } | undefined> {
  const uri = uriOf(uriArgument);
  if (!uri) {
    void vscode.window.showInformationMessage('Fearless: open a migration first.');
    return undefined;
  }
  if (!running?.isRunning()) {
    void vscode.window.showErrorMessage('Fearless: the language server is not running; run "Fearless: Restart server".');
    return undefined;
  }
  const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri);
  if (document?.isDirty) await document.save();
  const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: title(name), cancellable: true },
      (_progress, token) => running.sendRequest<T>(method, { textDocument: { uri }, ...extra }, token),
    );
    return { result, name };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`${method} for ${uri}: ${message}`);
    void vscode.window.showWarningMessage(message.startsWith('Fearless:') ? message : `Fearless: ${method} did not finish: ${message}`);
    return undefined;
  }
}
