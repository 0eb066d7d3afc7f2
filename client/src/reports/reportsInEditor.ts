/**
 * "Fearless: Run rollback drill" and "Fearless: Review migration": the
 * server does the work (PGlite in its process) with progress and Cancel
 * here; the report opens rendered beside the migration with the next
 * actions (re-run, open the failing statement, open the pair), and the
 * status bar shows the verdict of the pair the active editor belongs to
 * (hidden when the active file is not one that was drilled).
 */

import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DRILL_REQUEST, type DrillRequestResult } from '../../../server/src/protocol/drill';
import { REVIEW_REQUEST, type ReviewRequestResult } from '../../../server/src/protocol/review';
import { withAiSummary } from '../../../server/src/review/reviewReport';
import { claudeSettings, editorAi, isCancellation, isClaudeUnavailable } from '../reverseReview/claudeInEditor';
import { requestWithProgress } from '../requestWithProgress';
import { counted } from '../../../server/src/wording';
import { RUN_DRILL_COMMAND } from '../../../server/src/protocol/editorCommands';
import { ReportPanels } from './reportPanel';
import { drillActions, pairActions, type PlannedAction, type Report, type ReportAction } from './reportHtml';

export class ReportsInEditor implements vscode.Disposable {
  private readonly status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 99);
  private readonly panels = new ReportPanels();
  private lastDrillReport: Report | undefined;
  /** By file path (forward and reverse): the verdict of the pair's last drill, and its report. */
  private readonly verdicts = new Map<string, { text: string; tooltip: string; report: Report }>();
  // A report or webview taking focus leaves no active text editor: the verdict stays until another file is active.
  private readonly following = vscode.window.onDidChangeActiveTextEditor((editor) => editor && this.showVerdictOfActive());

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly log: (message: string) => void,
  ) {}

  dispose(): void {
    this.status.dispose();
    this.panels.dispose();
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
    this.lastDrillReport = {
      title: `Drill: ${name}`,
      markdown: result.markdown,
      actions: drillActions(result.drill, uriOfArgument(uriArgument), (file) => vscode.Uri.file(file).toString()).map(bound),
    };
    await this.panels.show('drill', this.lastDrillReport);
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
    const shown = isReport(report) ? report : this.lastDrillReport;
    if (!shown) {
      void vscode.window.showInformationMessage('Fearless: no rollback drill has run in this window yet.');
      return;
    }
    await this.panels.show('drill', shown);
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
    const again: ReportAction = { label: 'Review again', run: () => this.review(uriOfArgument(uriArgument), claude) };
    const first = answer.result.reviews[0];
    await this.panels.show('review', {
      title: `Review: ${answer.name}`,
      markdown,
      actions: [again, ...(first ? pairActions(first.forward, first.reverse).map(bound) : [])],
    });
  }
}

function isReport(value: unknown): value is Report {
  return typeof value === 'object' && value !== null && typeof (value as Report).markdown === 'string' && Array.isArray((value as Report).actions);
}

/** The document a command was asked for, fixed when the report is made: a re-run drills the same pair whatever is active then. */
function uriOfArgument(argument: unknown): string | undefined {
  if (typeof argument === 'string') return argument;
  if (argument instanceof vscode.Uri) return argument.toString();
  return vscode.window.activeTextEditor?.document.uri.toString();
}

async function openAt(file: string, offset?: number): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  const position = offset === undefined ? undefined : document.positionAt(offset);
  await vscode.window.showTextDocument(document, {
    viewColumn: vscode.ViewColumn.One,
    ...(position ? { selection: new vscode.Range(position, position) } : {}),
  });
}

/** Binds a planned action to the editor. */
function bound(action: PlannedAction): ReportAction {
  const { target } = action;
  return {
    label: action.label,
    run: () => (target.kind === 'open' ? openAt(target.file, target.offset) : vscode.commands.executeCommand(RUN_DRILL_COMMAND, target.uri)),
  };
}

/** `2 failing items`, or per pair when the review covers several: `failing items per pair: 1, 0`. */
function failingItems(perPair: number[]): string {
  return perPair.length === 1 ? counted(perPair[0]!, 'failing item') : `failing items per pair: ${perPair.join(', ')}`;
}
