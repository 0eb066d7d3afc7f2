/**
 * Claude from the editor's process, with the `fearless.ai.*` settings. The
 * SDK is loaded on first use (its own bundle), not at activation.
 */

import * as vscode from 'vscode';
import type { ClaudePort } from './generateReverse';

export const claudeInEditor: ClaudePort = {
  async ask(system, user, options) {
    const { askClaude, DEFAULT_MODEL } = require('../../../server/src/ai/claudeReverseDraft') as typeof import('../../../server/src/ai/claudeReverseDraft');
    const settings = vscode.workspace.getConfiguration('fearless.ai');
    const model = settings.get<string>('model')?.trim() || DEFAULT_MODEL;
    const baseURL = settings.get<string | null>('baseUrl')?.trim();
    return askClaude(system, user, {
      ...options,
      model,
      timeoutMs: Math.max(1, settings.get<number>('timeoutSeconds', 120)) * 1000,
      maxRetries: Math.max(0, Math.floor(settings.get<number>('maxRetries', 3))),
      ...(baseURL ? { baseURL } : {}),
    });
  },
};

export function isClaudeUnavailable(error: unknown): error is Error {
  return error instanceof Error && (error.name === 'ClaudeUnavailable' || error.name === 'ClaudeCancelled');
}

export function isCancellation(error: unknown): boolean {
  return error instanceof Error && error.name === 'ClaudeCancelled';
}
