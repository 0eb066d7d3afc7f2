/**
 * Claude from the editor's process, with the `fearless.ai.*` settings. The
 * SDK is loaded on first use (its own bundle), not at activation.
 */

import * as vscode from 'vscode';
import type { ClaudePort } from './generateReverse';

export const claudeInEditor: ClaudePort = {
  async ask(system, user, options) {
    const { askClaude } = editorAi();
    return askClaude(system, user, { ...options, ...claudeSettings() });
  },
};

/** The SDK and the prompts, loaded on first use from their own bundle. */
export function editorAi(): typeof import('../../../server/src/ai/editorAi') {
  return require('../../../server/src/ai/editorAi') as typeof import('../../../server/src/ai/editorAi');
}

/** The `fearless.ai.*` settings as the Claude client takes them. */
export function claudeSettings(): { model: string; timeoutMs: number; maxRetries: number; baseURL?: string } {
  const settings = vscode.workspace.getConfiguration('fearless.ai');
  const baseURL = settings.get<string | null>('baseUrl')?.trim();
  return {
    model: settings.get<string>('model')?.trim() || editorAi().DEFAULT_MODEL,
    timeoutMs: Math.max(1, settings.get<number>('timeoutSeconds', 120)) * 1000,
    maxRetries: Math.max(0, Math.floor(settings.get<number>('maxRetries', 3))),
    ...(baseURL ? { baseURL } : {}),
  };
}

export function isClaudeUnavailable(error: unknown): error is Error {
  return error instanceof Error && (error.name === 'ClaudeUnavailable' || error.name === 'ClaudeCancelled');
}

export function isCancellation(error: unknown): boolean {
  return error instanceof Error && error.name === 'ClaudeCancelled';
}
