/**
 * "Fearless: Run rollback drill" and "Fearless: Review migration": the
 * server does the work (PGlite in its process) with progress and Cancel
 * here; the report opens rendered beside the migration, and the status
 * bar shows the verdict of the pair the active editor belongs to (hidden
 * when the active file is not one that was drilled).
 */

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DRILL_REQUEST, type DrillRequestResult } from '../../server/src/protocol/drill';
import { REVIEW_REQUEST, type ReviewRequestResult } from '../../server/src/protocol/review';
import { withAiSummary } from '../../server/src/review/reviewReport';
import { claudeSettings, editorAi, isCancellation, isClaudeUnavailable } from './reverseReview/claudeInEditor';
import { requestWithProgress } from './requestWithProgress';
import { CURRENT_SCHEME, type CurrentTexts } from './reverseReview/reviewDocuments';
import { counted } from '../../server/src/wording';

export class ReportsInEditor implements vscode.Disposable {
  private readonly status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 99);
  private reports = 0;
  private lastDrillReport: vscode.Uri | undefined;
  /** By file path (forward and reverse): the verdict of the pair's last drill, and its report. */
  private readonly verdicts = new Map<string, { text: string; tooltip: string; report: vscode.Uri }>();
  // A report or webview taking focus leaves no active text editor: the verdict stays until another file is active.
  private readonly following = vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.showVerdictOfActive());

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly texts: CurrentTexts,
    private readonly log: (message: string) => void,
  ) {}

  dispose(): void {
    this.status.dispose();
    this.following.dispose();
  }

  /** The verdict of the active file's pair, or nothing: a verdict about another file never lingers. */
  private showVerdictOfActive(): void {
    const active = vscode.window.activeTextEditor?.document.uri;
    if (!active) return;
    const verdict = active.scheme === 'file' ? this.verdicts.get(active.fsPath) : undefined;
    if (!verdict) {
      this.status.hide();
      return;
    }
    this.status.text = verdict.text;
    this.status.tooltip = verdict.tooltip;
    this.status.command = { title: 'Show the drill report', command: 'fearless.showDrillReport', arguments: [verdict.report] };
    this.status.show();
  }

  private request<T>(method: string, uriArgument: unknown, title: (name: string) => string): Promise<{ result: T; name: string } | undefined> {
    return requestWithProgress<T>(this.client(), this.log, method, uriArgument, title);
  }

  /** The report rendered beside the migration (VS Code's Markdown preview of a read-only document), not its source. */
  private async openBeside(fileName: string, markdown: string): Promise<vscode.Uri> {
    const report = vscode.Uri.from({ scheme: CURRENT_SCHEME, path: `/report-${++this.reports}/${fileName}` });
    this.texts.put(report, markdown);
    await this.showRendered(report);
    return report;
  }

  private async showRendered(report: vscode.Uri): Promise<void> {
    const document = await vscode.workspace.openTextDocument(report);
    // Without the built-in Markdown extension (disabled, or another editor's build), the source is better than nothing.
    await Promise.resolve(vscode.commands.executeCommand('markdown.showPreviewToSide', report)).catch(() =>
      vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true }),
    );
  }

  async runDrill(uriArgument?: unknown): Promise<void> {
    const answer = await this.request<DrillRequestResult>(
      DRILL_REQUEST,
      uriArgument,
      (name) => `Fearless: rollback drill of ${name} (history, forward, reverse, forward again)`,
    );
    if (!answer) return;
    const { result, name } = answer;
    const verdict = result.drill ? (result.drill.verdict === 'fail' ? 'failed' : 'passed') : 'not run';
    this.log(`Rollback drill of ${name}: ${verdict}.`);
    const text =
      result.drill && result.drill.verdict !== 'fail' ? '$(pass) Drill passed' : result.drill ? '$(error) Drill failed' : '$(circle-slash) Drill not run';
    const tooltip = `Rollback drill of ${name}: ${result.drill?.reasons.join(' ') ?? result.problem ?? ''} Click for the report.`;
    this.lastDrillReport = await this.openBeside(`${name.replace(/\.sql$/i, '')}-drill.md`, result.markdown);
    // Not drilled (no reverse, say): the verdict belongs to the file the drill was asked for.
    const asked = vscode.window.activeTextEditor?.document.uri;
    const files = result.drill
      ? [result.drill.forward, ...(result.drill.reverse ? [result.drill.reverse] : [])]
      : asked?.scheme === 'file'
        ? [asked.fsPath]
        : [];
    for (const file of files) this.verdicts.set(file, { text, tooltip, report: this.lastDrillReport });
    this.showVerdictOfActive();
  }

  /** The report a status bar verdict points at, else the last drill's. */
  async showDrillReport(report?: unknown): Promise<void> {
    const shown = report instanceof vscode.Uri ? report : this.lastDrillReport;
    if (!shown) {
      void vscode.window.showInformationMessage('Fearless: no rollback drill has run in this window yet.');
      return;
    }
    await this.showRendered(shown);
  }

  /** The checklist report; with `apiKey`, Claude's first-pass risk summary is added, marked as AI-written. */
  async review(
    uriArgument: unknown,
    claude?: { apiKey: () => Promise<string | undefined>; redact: (message: string) => string; noKey: () => void },
  ): Promise<void> {
    const answer = await this.request<ReviewRequestResult>(REVIEW_REQUEST, uriArgument, (name) => `Fearless: reviewing ${name} (lint, drill, checklist)`);
    if (!answer) return;
    this.log(`Review of ${answer.name}: ${failingItems(answer.result.reviews.map((review) => review.items.filter((item) => item.status === 'fail').length))}.`);
    let markdown = answer.result.markdown;
    const apiKey = claude ? await claude.apiKey() : undefined;
    if (claude && !apiKey) claude.noKey();
    if (apiKey) {
      try {
        const summary = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: `Fearless: Claude is reading the review of ${answer.name}`, cancellable: true },
          (_progress, token) => {
            const controller = new AbortController();
            token.onCancellationRequested(() => controller.abort());
            const sqlOf = (file: string): string => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');
            return editorAi().riskSummary(answer.result.reviews, sqlOf, { apiKey, signal: controller.signal, ...claudeSettings() });
          },
        );
        if (summary) markdown = withAiSummary(markdown, summary);
      } catch (error) {
        if (!isClaudeUnavailable(error)) throw error;
        const message = isCancellation(error) ? 'cancelled' : claude!.redact(error.message);
        this.log(`Claude's risk summary for ${answer.name}: ${message}`);
        if (!isCancellation(error))
          void vscode.window.showWarningMessage(`Fearless: Claude could not write the risk summary (${message}); the report has none.`);
      }
    }
    await this.openBeside(`${answer.name.replace(/\.sql$/i, '')}-review.md`, markdown);
  }
}

/** `2 failing items`, or per pair when the review covers several: `failing items per pair: 1, 0`. */
function failingItems(perPair: number[]): string {
  return perPair.length === 1 ? counted(perPair[0]!, 'failing item') : `failing items per pair: ${perPair.join(', ')}`;
}
