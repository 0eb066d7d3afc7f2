/**
 * The command behind "Fearless: Plan safe phases" (and "... with Claude"):
 * the flow run with the editor's parts (the review: PlanReviewInEditor).
 */

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { AnthropicKey } from '../anthropicKey';
import { uriOf } from '../requestWithProgress';
import { claudeInEditor, isClaudeUnavailable } from '../reverseReview/claudeInEditor';
import { planPhases, type PlanMode, type PlanRequestResult } from './planPhases';
import type { PlanReviewInEditor } from './planReviewInEditor';
import { PLAN_REQUEST } from '../../../server/src/protocol/plan';

export interface PlanPhasesContext {
  client(): LanguageClient | undefined;
  output: vscode.LogOutputChannel;
  key: AnthropicKey;
  review: PlanReviewInEditor;
}

async function chooseMode(name: string): Promise<PlanMode | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Add the phases after the last migration', description: `${name} stays as it is`, mode: 'append' as const },
      { label: `Replace ${name} with the phases`, description: 'it and its reverse are deleted when you apply the review', mode: 'replace' as const },
    ],
    { title: `Fearless: plan ${name} in safe phases`, placeHolder: 'Where do the phases go? Nothing is written before you review them.' },
  );
  return picked?.mode;
}

export async function planPhasesCommand(context: PlanPhasesContext, withClaude: boolean, uriArgument?: unknown): Promise<void> {
  const uri = uriOf(uriArgument);
  if (!uri) {
    void vscode.window.showInformationMessage('Fearless: open the naive forward migration to plan it in phases.');
    return;
  }
  const running = context.client();
  if (!running?.isRunning()) {
    void vscode.window.showErrorMessage('Fearless: the language server is not running; run "Fearless: Restart server".');
    return;
  }
  const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri);
  if (document?.isDirty) await document.save();
  const name = decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
  try {
    const outcome = await planPhases(name, {
      plan: async (params, title) =>
        vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) =>
          running.sendRequest<PlanRequestResult>(PLAN_REQUEST, { textDocument: { uri }, ...params }, token),
        ),
      chooseMode,
      askValue: async (table, column) =>
        vscode.window.showInputBox({
          title: `Fearless: backfill of ${table}.${column}`,
          prompt: `What should existing rows of ${table} get in ${column}? An SQL expression over the row (e.g. 0, 'eu', or a subquery). Leave empty to decide later.`,
          ignoreFocusOut: true,
        }),
      review: (plan) => context.review.review(plan),
      info: (message) => void vscode.window.showInformationMessage(message),
      warn: (message) => void vscode.window.showWarningMessage(message),
      noKey: (message) =>
        void vscode.window.showWarningMessage(message, 'Set API key').then((choice) => {
          if (choice) void vscode.commands.executeCommand('fearless.setAnthropicApiKey');
        }),
      open: async (target) => {
        await vscode.window.showTextDocument(vscode.Uri.parse(target), { preview: false });
      },
      trusted: vscode.workspace.isTrusted,
      ...(withClaude
        ? {
            claude: {
              port: claudeInEditor,
              apiKey: () => context.key.get(),
              withProgress: async (title, work) =>
                vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
                  const controller = new AbortController();
                  token.onCancellationRequested(() => controller.abort());
                  return work(controller.signal);
                }),
              isUnavailable: isClaudeUnavailable,
            },
          }
        : {}),
    });
    context.output.info(`Plan safe phases for ${name}: ${outcome}.`);
  } catch (error) {
    const message = context.key.redact(error instanceof Error ? error.message : String(error));
    context.output.error(`Plan safe phases for ${name} failed: ${message}`);
    void vscode.window.showErrorMessage(message.startsWith('Fearless:') ? message : `Fearless: planning failed: ${message}`);
  }
}
