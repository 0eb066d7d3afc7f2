/**
 * The editor half of "Generate reverse migration": progress with Cancel, the
 * proposal to review (a diff against the file as it is, or, for a new file,
 * the draft alone, editable either way), Accept and Discard where they stay
 * visible while the engineer edits (the status bar and the editor's title
 * bar; the first notification says so and its buttons work too, but closing
 * it decides nothing), and the write on accept.
 */

import * as vscode from 'vscode';
import type { Review, ReverseTargetResult, ReverseUi, TargetWriter } from './generateReverse';
import { CURRENT_SCHEME, PROPOSED_SCHEME, type CurrentTexts, type ProposedFiles } from './reviewDocuments';

const REVIEWING_CONTEXT = 'fearless.reviewingReverse';

type Decision = 'accept' | 'discard';

interface PendingReview {
  proposed: vscode.Uri;
  decide(decision: Decision): void;
}

/** The tab shows the proposal: its diff, or the draft of a new file alone. */
function showsProposal(tab: vscode.Tab, proposed: vscode.Uri): boolean {
  if (tab.input instanceof vscode.TabInputTextDiff) return tab.input.modified.toString() === proposed.toString();
  return tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === proposed.toString();
}

function nameOf(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

export class ReverseReviewInEditor implements ReverseUi, TargetWriter, vscode.Disposable {
  private pending: PendingReview | undefined;
  private reviews = 0;
  private readonly tabWatch: vscode.Disposable;
  private readonly acceptItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 1000);
  private readonly discardItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 999);

  constructor(
    private readonly current: CurrentTexts,
    private readonly proposed: ProposedFiles,
    /** The output channel: warnings are logged as well as shown. */
    private readonly log: (message: string) => void,
  ) {
    this.acceptItem.text = '$(check) Accept reverse';
    this.acceptItem.command = 'fearless.acceptReverse';
    this.acceptItem.tooltip = 'Write the reviewed reverse migration (nothing is run)';
    this.discardItem.text = '$(close) Discard';
    this.discardItem.command = 'fearless.discardReverse';
    this.discardItem.tooltip = 'Discard the proposed reverse (nothing is written)';
    // Closing the review's editor is a discard.
    this.tabWatch = vscode.window.tabGroups.onDidChangeTabs((event) => {
      const pending = this.pending;
      if (pending && event.closed.some((tab) => showsProposal(tab, pending.proposed))) pending.decide('discard');
    });
  }

  dispose(): void {
    this.pending?.decide('discard');
    this.tabWatch.dispose();
    this.acceptItem.dispose();
    this.discardItem.dispose();
  }

  private showDecision(visible: boolean): void {
    for (const item of [this.acceptItem, this.discardItem]) {
      if (visible) item.show();
      else item.hide();
    }
  }

  info(message: string): void {
    void vscode.window.showInformationMessage(message);
  }

  warn(message: string): void {
    this.log(message);
    void vscode.window.showWarningMessage(message);
  }

  noKey(message: string): void {
    void vscode.window.showInformationMessage(message, 'Set Anthropic API key').then((choice) => {
      if (choice) void vscode.commands.executeCommand('fearless.setAnthropicApiKey');
    });
  }

  withProgress<T>(title: string, work: (report: (message: string) => void, signal: AbortSignal) => Promise<T>): Promise<T> {
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        return work((message) => progress.report({ message }), controller.signal);
      }),
    );
  }

  /** Title-bar Accept and Discard act on the review in progress. */
  decide(decision: Decision): void {
    this.pending?.decide(decision);
  }

  async review(target: ReverseTargetResult, after: string, title: string): Promise<Review> {
    // One review at a time: a new one replaces the one still open (which writes nothing).
    this.pending?.decide('discard');
    const id = ++this.reviews;
    const name = nameOf(target.uri);
    const left = vscode.Uri.from({ scheme: CURRENT_SCHEME, path: `/${id}/${name}` });
    const right = vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${id}/${name}` });
    this.current.put(left, target.before);
    this.proposed.put(right, after);
    let decide: (decision: Decision) => void = () => undefined;
    const decision = new Promise<Decision>((resolve) => (decide = resolve));
    const mine: PendingReview = { proposed: right, decide };
    this.pending = mine;
    await vscode.commands.executeCommand('setContext', REVIEWING_CONTEXT, true);
    const newFile = target.kind !== 'section' && !target.exists;
    if (newFile) {
      // Nothing to compare with: the draft alone, full width, editable.
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(right), { preview: false });
    } else {
      await vscode.commands.executeCommand('vscode.diff', left, right, `${name} ↔ proposed reverse`, { preview: false });
    }
    this.showDecision(true);
    const where = target.kind === 'section' ? `the reverse section of ${name}` : target.exists ? name : `a new file ${name}`;
    // VS Code folds identical notifications into one: a later review of the same file must not reuse an earlier one's buttons.
    const again = id > 1 ? ` (review ${id})` : '';
    void vscode.window
      .showInformationMessage(
        `Review the proposed reverse${again}: ${title}. Edit it if needed, then Accept (writes ${where}; nothing is run) or Discard, here or in the status bar and the editor's title bar.`,
        'Accept',
        'Discard',
      )
      // A notification closed without a choice decides nothing: the status bar and the title bar still hold the decision.
      .then((choice) => choice && mine.decide(choice === 'Accept' ? 'accept' : 'discard'));
    const chosen = await decision;
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === right.toString());
    const text = document?.getText() ?? new TextDecoder().decode(this.proposed.readFile(right));
    // Saved into memory only, so closing the edited side does not ask to save it anywhere.
    if (document?.isDirty) await document.save();
    await this.closeDiff(right);
    this.current.forget(left);
    this.proposed.forget(right);
    // A newer review may have started meanwhile: its state is not ours to clear.
    if (this.pending === mine) {
      this.pending = undefined;
      this.showDecision(false);
      await vscode.commands.executeCommand('setContext', REVIEWING_CONTEXT, false);
    }
    if (chosen === 'discard') this.info('Fearless: the proposed reverse was discarded; nothing was written.');
    return { accepted: chosen === 'accept', text };
  }

  private async closeDiff(proposed: vscode.Uri): Promise<void> {
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => showsProposal(tab, proposed));
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
  }

  async currentText(target: ReverseTargetResult): Promise<string> {
    const uri = vscode.Uri.parse(target.uri);
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (open) return open.getText();
    try {
      return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return '';
    }
  }

  async write(target: ReverseTargetResult, text: string): Promise<void> {
    const uri = vscode.Uri.parse(target.uri);
    const edit = new vscode.WorkspaceEdit();
    const exists = await vscode.workspace.fs.stat(uri).then(
      () => true,
      () => false,
    );
    if (exists) {
      const document = await vscode.workspace.openTextDocument(uri);
      edit.replace(uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text);
    } else {
      edit.createFile(uri, { ignoreIfExists: false });
      edit.insert(uri, new vscode.Position(0, 0), text);
    }
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code did not apply the edit to ${nameOf(target.uri)}.`);
    const document = await vscode.workspace.openTextDocument(uri);
    await document.save();
    await vscode.window.showTextDocument(document, { preview: false });
    this.info(`Fearless: the reverse is in ${nameOf(target.uri)}. Rehearse the pair (forward, reverse, forward) before it ships.`);
  }
}
