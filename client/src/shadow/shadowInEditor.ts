/**
 * "Fearless: Shadow-test migration": asks for a capture file (the last one
 * chosen in this workspace is offered first), runs `fearless/shadow` with
 * progress and Cancel, and shows the report in a webview beside the
 * migration (one panel, reused).
 */

import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { SHADOW_REQUEST, type ShadowRequestResult } from '../../../server/src/protocol/shadow';
import { requestWithProgress } from '../requestWithProgress';
import { shadowHtml, type ShadowReportData } from './shadowHtml';

const LAST_CAPTURE = 'fearless.shadow.lastCapture';

export class ShadowInEditor implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly state: vscode.Memento,
    private readonly log: (message: string) => void,
  ) {}

  dispose(): void {
    this.panel?.dispose();
  }

  private async pickCapture(): Promise<string | undefined> {
    const last = this.state.get<string>(LAST_CAPTURE);
    const picked = await vscode.window.showOpenDialog({
      title: 'Fearless: the captured traffic to replay',
      openLabel: 'Replay this capture',
      canSelectMany: false,
      filters: { 'Captured SQL, server logs, pg_stat_statements exports': ['sql', 'log', 'csv', 'json', 'txt'], 'All files': ['*'] },
      ...(last
        ? { defaultUri: vscode.Uri.file(last) }
        : vscode.workspace.workspaceFolders?.[0]
          ? { defaultUri: vscode.workspace.workspaceFolders[0].uri }
          : {}),
    });
    const capture = picked?.[0]?.fsPath;
    if (capture) await this.state.update(LAST_CAPTURE, capture);
    return capture;
  }

  async run(uriArgument?: unknown, captureArgument?: unknown): Promise<void> {
    const capture = typeof captureArgument === 'string' ? captureArgument : await this.pickCapture();
    if (!capture) return;
    const rowsPerTable = vscode.workspace.getConfiguration('fearless.shadow').get<number>('rowsPerTable', 10);
    const answer = await requestWithProgress<ShadowRequestResult>(
      this.client(),
      this.log,
      SHADOW_REQUEST,
      uriArgument,
      (name) => `Fearless: replaying ${path.basename(capture)} before and after ${name}`,
      { capture, ...(rowsPerTable > 0 ? { rowsPerTable } : {}) },
    );
    if (!answer) return;
    const report = answer.result.report as unknown as ShadowReportData;
    const summary = report.summary;
    this.log(
      `Shadow test of ${answer.name}: ${summary['replayed']} replayed, ${summary['failsAfter']} fail after, ${summary['different']} different, ${summary['slower']} slower.`,
    );
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel(
        'fearless.shadowReport',
        'Shadow test',
        { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
        { enableScripts: false },
      );
      this.panel.onDidDispose(() => (this.panel = undefined));
    }
    this.panel.title = `Shadow test: ${answer.name}`;
    this.panel.webview.html = shadowHtml(report, this.panel.webview.cspSource);
    this.panel.reveal(vscode.ViewColumn.Beside, true);
  }
}
