/**
 * "Fearless: Run rollback drill": asks the server to drill the pair behind
 * the active migration (PGlite, in the server's process), with progress and
 * Cancel; the report opens beside the migration and the verdict stays in
 * the status bar. Failing statements get diagnostics from the server.
 */

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { DrillRequestResult } from '../../server/src/lsp/drillRequest';
import type { CurrentTexts } from './reverseReview/reviewDocuments';
import { CURRENT_SCHEME } from './reverseReview/reviewDocuments';

export class DrillInEditor implements vscode.Disposable {
  private readonly status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 99);
  private reports = 0;
  private lastReport: vscode.Uri | undefined;

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly texts: CurrentTexts,
    private readonly log: (message: string) => void,
  ) {
    this.status.command = 'fearless.showDrillReport';
  }

  dispose(): void {
    this.status.dispose();
  }

  async run(uriArgument?: unknown): Promise<void> {
    const uri = typeof uriArgument === 'string' ? uriArgument : uriArgument instanceof vscode.Uri ? uriArgument.toString() : vscode.window.activeTextEditor?.document.uri.toString();
    const running = this.client();
    if (!uri) {
      void vscode.window.showInformationMessage('Fearless: open a forward or reverse migration to drill its pair.');
      return;
    }
    if (!running?.isRunning()) {
      void vscode.window.showErrorMessage('Fearless: the language server is not running; run "Fearless: Restart server".');
      return;
    }
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri);
    // The drill reads the files from disk: unsaved edits would not be what is drilled.
    if (document?.isDirty) await document.save();
    const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
    let result: DrillRequestResult;
    try {
      result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Fearless: rollback drill of ${name} (history, forward, reverse, forward again)`, cancellable: true },
        (_progress, token) => running.sendRequest<DrillRequestResult>('fearless/drill', { textDocument: { uri } }, token),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.log(`Rollback drill of ${uri}: ${message}`);
      void vscode.window.showWarningMessage(message.startsWith('Fearless:') ? message : `Fearless: the rollback drill did not finish: ${message}`);
      return;
    }
    const verdict = result.drill ? (result.drill.verdict === 'pass' ? 'passed' : 'failed') : 'not run';
    this.log(`Rollback drill of ${uri}: ${verdict}.`);
    this.status.text = result.drill?.verdict === 'pass' ? '$(pass) Drill passed' : result.drill ? '$(error) Drill failed' : '$(circle-slash) Drill not run';
    this.status.tooltip = `Rollback drill of ${name}: ${result.drill?.reasons.join(' ') ?? result.problem ?? ''} Click for the report.`;
    this.status.show();
    const report = vscode.Uri.from({ scheme: CURRENT_SCHEME, path: `/drill-${++this.reports}/${name.replace(/\.sql$/i, '')}-drill.md` });
    this.texts.put(report, result.markdown);
    this.lastReport = report;
    await this.showReport();
  }

  async showReport(): Promise<void> {
    if (!this.lastReport) {
      void vscode.window.showInformationMessage('Fearless: no rollback drill has run in this window yet.');
      return;
    }
    const document = await vscode.workspace.openTextDocument(this.lastReport);
    await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }
}
