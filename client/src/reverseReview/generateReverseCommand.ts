/** The command behind "Generate reverse migration" (palette, context menu, quick fix): arguments in, the flow run with the editor's parts. */

import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { AnthropicKey } from '../anthropicKey';
import { claudeInEditor, isCancellation, isClaudeUnavailable } from './claudeInEditor';
import { generateReverse, type Position, type ReverseDraftResult, type ReviewReverseAnswerResult } from './generateReverse';
import type { ReverseReviewInEditor } from './reverseReviewInEditor';
import { REVERSE_DRAFT_REQUEST, REVIEW_REVERSE_ANSWER_REQUEST } from '../../../server/src/protocol/reverse';

/**
 * "Fearless: Generate reverse migration": for the active editor (palette,
 * context menu) or the document a quick fix names.
 */
export interface GenerateReverseContext {
  client(): LanguageClient | undefined;
  output: vscode.LogOutputChannel;
  review: ReverseReviewInEditor;
  key: AnthropicKey;
}

export async function generateReverseCommand(
  context: GenerateReverseContext,
  askClaude: boolean,
  uriArgument?: unknown,
  positionArgument?: unknown,
): Promise<void> {
  const { output, review, key } = context;
  const editor = vscode.window.activeTextEditor;
  const uri = typeof uriArgument === 'string' ? uriArgument : uriArgument instanceof vscode.Uri ? uriArgument.toString() : editor?.document.uri.toString();
  if (!uri) {
    void vscode.window.showInformationMessage('Fearless: open the forward migration to generate its reverse.');
    return;
  }
  const running = context.client();
  if (!running?.isRunning()) {
    void vscode.window.showErrorMessage('Fearless: the language server is not running; run "Fearless: Restart server".');
    return;
  }
  const position = (positionArgument as Position | undefined) ?? (editor && editor.document.uri.toString() === uri ? editor.selection.active : undefined);
  const wire = position ? { line: position.line, character: position.character } : undefined;
  try {
    const outcome = await generateReverse(
      { uri, ...(wire ? { position: wire } : {}), askClaude },
      {
        server: {
          reverseDraft: (target, at) =>
            running.sendRequest<ReverseDraftResult>(REVERSE_DRAFT_REQUEST, { textDocument: { uri: target }, ...(at ? { position: at } : {}) }),
          reviewAnswer: (target, at, answer) =>
            running.sendRequest<ReviewReverseAnswerResult>(REVIEW_REVERSE_ANSWER_REQUEST, {
              textDocument: { uri: target },
              ...(at ? { position: at } : {}),
              answer,
            }),
        },
        claude: claudeInEditor,
        apiKey: () => key.get(),
        ui: review,
        writer: review,
        isCancellation,
        isClaudeUnavailable,
      },
    );
    output.info(`Generate reverse migration for ${uri}: ${outcome}.`);
  } catch (error) {
    const message = key.redact(error instanceof Error ? error.message : String(error));
    output.error(`Generate reverse migration for ${uri} failed: ${message}`);
    void vscode.window.showErrorMessage(message.startsWith('Fearless:') ? message : `Fearless: generating the reverse failed: ${message}`);
  }
}
