/**
 * The Anthropic API key: kept in VS Code's SecretStorage (the OS keychain),
 * never in settings, never logged, never sent to the language server.
 * `ANTHROPIC_API_KEY` in the editor's environment is the fallback.
 */

import * as vscode from 'vscode';
import { redactSecrets } from '../../server/src/secrets';

const SECRET_NAME = 'fearless.anthropicApiKey';

export class AnthropicKey {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  /** Every key this session handed out, so a message can be cleaned of them whichever was in use. */
  private readonly handedOut = new Set<string>();

  async get(): Promise<string | undefined> {
    const stored = await this.secrets.get(SECRET_NAME);
    const key = stored || process.env['ANTHROPIC_API_KEY']?.trim() || undefined;
    if (key) this.handedOut.add(key);
    return key;
  }

  /** A message about to be shown or logged, with every key this session used replaced. */
  redact(message: string): string {
    return redactSecrets(message, [...this.handedOut]);
  }

  /** "Fearless: Set Anthropic API key": asks with a password box and stores it. */
  async promptAndStore(): Promise<void> {
    const key = await vscode.window.showInputBox({
      title: 'Fearless: Anthropic API key',
      prompt: 'Stored in VS Code SecretStorage (the OS keychain on the desktop). Used only to ask Claude to complete reverse migrations.',
      placeHolder: 'sk-ant-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) =>
        value.trim() === '' ? 'Paste a key, or press Escape to keep the current one.' : /\s/.test(value.trim()) ? 'A key has no spaces.' : undefined,
    });
    if (key === undefined) return;
    await this.secrets.store(SECRET_NAME, key.trim());
    void vscode.window.showInformationMessage('Fearless: the Anthropic API key is stored in SecretStorage.');
  }

  async remove(): Promise<void> {
    await this.secrets.delete(SECRET_NAME);
    const fallback = process.env['ANTHROPIC_API_KEY'] ? ' ANTHROPIC_API_KEY from the environment is still used.' : '';
    void vscode.window.showInformationMessage(`Fearless: the stored Anthropic API key is removed.${fallback}`);
  }
}
