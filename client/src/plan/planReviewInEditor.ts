/**
 * The review of a plan in the editor: every planned file (and every file a
 * replacing plan deletes) in one multi-file diff against nothing, read-only,
 * each openable; then "Write all" or "Discard" (the status bar and the
 * editor's title bar while the review is open, which stay while the
 * engineer reads; the first notification's buttons too). Only
 * "Write all" touches the workspace: one edit that creates the files (never
 * over an existing one) and deletes the replaced ones.
 */

import * as vscode from 'vscode';
import type { PlanReview } from './planPhases';
import { counted } from '../../../server/src/wording';

export const PLAN_SCHEME = 'fearless-plan';
const REVIEWING_CONTEXT = 'fearless.reviewingPlan';

type Decision = 'write' | 'discard';

export class PlanReviewInEditor implements vscode.TextDocumentContentProvider, vscode.Disposable {
  /** Proposed texts by the path of the file they would become ('' for the empty side). */
  private readonly texts = new Map<string, string>();
  private pending: ((decision: Decision) => void) | undefined;
  /** The review on screen (a new one replaces it): only it may clear the review state and close its tab. */
  private reviewing = 0;
  private readonly registration: vscode.Disposable;
  private readonly tabWatch: vscode.Disposable;
  private readonly writeItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 1000);
  private readonly discardItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 999);

  constructor() {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PLAN_SCHEME, this);
    this.writeItem.text = '$(check-all) Write planned phases';
    this.writeItem.command = 'fearless.writePlannedPhases';
    this.discardItem.text = '$(close) Discard plan';
    this.discardItem.command = 'fearless.discardPlannedPhases';
    // Closing the review is a discard: no Write button stays for a review nobody sees.
    this.tabWatch = vscode.window.tabGroups.onDidChangeTabs((event) => {
      if (this.pending && event.closed.some((tab) => tab.label.startsWith(this.labelOf(this.reviewing)))) this.decide('discard');
    });
  }

  /** The review's tab title. VS Code may add to it (a count of files), so tabs are matched by prefix: no title is a prefix of another. */
  private labelOf(review: number): string {
    return review > 1 ? `Review ${review}: planned phases` : 'Planned phases';
  }

  dispose(): void {
    this.decide('discard');
    this.registration.dispose();
    this.writeItem.dispose();
    this.discardItem.dispose();
    this.tabWatch.dispose();
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return uri.query === 'empty' ? '' : (this.texts.get(uri.path) ?? '');
  }

  decide(decision: Decision): void {
    const pending = this.pending;
    this.pending = undefined;
    this.writeItem.hide();
    this.discardItem.hide();
    pending?.(decision);
  }

  async review(plan: PlanReview): Promise<boolean> {
    this.decide('discard');
    this.texts.clear();
    const proposed = (target: vscode.Uri): vscode.Uri => vscode.Uri.from({ scheme: PLAN_SCHEME, path: target.path });
    const empty = (target: vscode.Uri): vscode.Uri => vscode.Uri.from({ scheme: PLAN_SCHEME, path: target.path, query: 'empty' });
    const resources: [vscode.Uri, vscode.Uri, vscode.Uri][] = [];
    for (const file of plan.files) {
      const target = vscode.Uri.parse(file.uri);
      this.texts.set(target.path, file.text);
      resources.push([target, empty(target), proposed(target)]);
    }
    for (const deleted of plan.deleted) {
      const target = vscode.Uri.parse(deleted);
      resources.push([target, target, empty(target)]);
    }
    const decision = new Promise<Decision>((resolve) => (this.pending = resolve));
    const mine = ++this.reviewing;
    await vscode.commands.executeCommand('setContext', REVIEWING_CONTEXT, true);
    await vscode.commands.executeCommand('vscode.changes', this.labelOf(mine), resources);
    this.writeItem.show();
    this.discardItem.show();
    const count = `${counted(plan.files.length, 'file')}${plan.deleted.length > 0 ? `, deleting ${plan.deleted.length}` : ''}`;
    void vscode.window
      .showInformationMessage(
        `Fearless: review the planned phases (${plan.summary}). Nothing is written until you choose Write all or Discard, here or in the status bar and the editor's title bar.`,
        'Write all',
        'Discard',
      )
      .then((choice) => {
        if (choice) this.decide(choice === 'Write all' ? 'write' : 'discard');
      });
    const chosen = await decision;
    await this.closeReview(mine);
    // A newer review may be on screen by now: its buttons stay.
    if (this.reviewing === mine) await vscode.commands.executeCommand('setContext', REVIEWING_CONTEXT, false);
    if (chosen !== 'write') return false;
    const edit = new vscode.WorkspaceEdit();
    const encoder = new TextEncoder();
    for (const deleted of plan.deleted) edit.deleteFile(vscode.Uri.parse(deleted), { ignoreIfNotExists: true });
    for (const file of plan.files) edit.createFile(vscode.Uri.parse(file.uri), { contents: encoder.encode(file.text), overwrite: false });
    const applied = await vscode.workspace.applyEdit(edit);
    if (!applied) void vscode.window.showErrorMessage(`Fearless: the ${count} could not all be written (does one exist already?); nothing was changed.`);
    return applied;
  }

  /** The multi-file diff has no tab input type in this API version: found by its label. */
  private async closeReview(review: number): Promise<void> {
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.label.startsWith(this.labelOf(review)));
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
  }
}
