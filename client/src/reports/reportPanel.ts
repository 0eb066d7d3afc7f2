/**
 * A report (drill, review) rendered beside the migration, with the buttons a
 * reader needs next above it: re-run, open the failing statement, open the
 * pair. VS Code's Markdown preview cannot run commands from a page, so the
 * report is a webview of its own: the Markdown rendered by the built-in
 * Markdown extension (`markdown.api.render`), escaped source when that is
 * missing. One panel per kind of report, reused.
 */

import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { escapeHtml } from '../shadow/shadowHtml';
import { reportHtml, type Report } from './reportHtml';

export type { Report, ReportAction } from './reportHtml';

async function renderedMarkdown(markdown: string): Promise<string> {
  try {
    const html = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
    if (typeof html === 'string') return html;
  } catch {
    // The built-in Markdown extension is disabled, or this editor has none.
  }
  return `<pre>${escapeHtml(markdown)}</pre>`;
}

export class ReportPanels implements vscode.Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; report: Report }>();

  dispose(): void {
    for (const { panel } of this.panels.values()) panel.dispose();
  }

  /** Shows `report` in the panel of its kind, beside the editor, keeping the focus where it is. */
  async show(kind: string, report: Report): Promise<void> {
    let entry = this.panels.get(kind);
    if (!entry) {
      const panel = vscode.window.createWebviewPanel(
        `fearless.${kind}Report`,
        report.title,
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: true, localResourceRoots: [] },
      );
      const created = { panel, report };
      entry = created;
      this.panels.set(kind, created);
      panel.onDidDispose(() => this.panels.delete(kind));
      // The page says which button; the action is looked up in the report shown now, never taken from the page.
      panel.webview.onDidReceiveMessage((message: { action?: unknown }) => {
        const action = typeof message?.action === 'number' ? created.report.actions[message.action] : undefined;
        void Promise.resolve(action?.run()).catch((error: Error) => vscode.window.showErrorMessage(`Fearless: ${error.message}`));
      });
    }
    entry.report = report;
    entry.panel.title = report.title;
    entry.panel.webview.html = reportHtml(report, await renderedMarkdown(report.markdown), randomBytes(16).toString('base64'));
    entry.panel.reveal(vscode.ViewColumn.Beside, true);
  }
}
