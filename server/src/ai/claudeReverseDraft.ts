/**
 * Asks Claude to complete a reverse migration, streaming. The key is passed
 * in (the editor's SecretStorage or ANTHROPIC_API_KEY); it is never logged.
 * Overload and rate-limit answers (529, 429) are retried by the SDK with
 * backoff; the caller can cancel through an AbortSignal.
 */

import Anthropic from '@anthropic-ai/sdk';
import { redactSecrets } from '../secrets';

/** A current Claude model (from the SDK's Model type); configurable. */
export const DEFAULT_MODEL = 'claude-sonnet-5-5';

export interface ClaudeOptions {
  apiKey: string;
  model?: string;
  /** For tests and proxies: the Messages API root (the SDK also reads ANTHROPIC_BASE_URL). */
  baseURL?: string;
  timeoutMs?: number;
  maxRetries?: number;
  signal?: AbortSignal;
  /** Called with each piece of text as it streams in (progress). */
  onText?: (delta: string) => void;
}

export class ClaudeUnavailable extends Error {
  override name = 'ClaudeUnavailable';
}

/** The caller aborted (the engineer pressed Cancel). */
export class ClaudeCancelled extends ClaudeUnavailable {
  override name = 'ClaudeCancelled';
  constructor() {
    super('cancelled');
  }
}

/** Where the request went, for an error message: the host only (no path, no credentials in the URL). */
function messagesApiHost(baseURL: string | undefined): string {
  const url = baseURL ?? process.env['ANTHROPIC_BASE_URL'] ?? 'https://api.anthropic.com';
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'the configured Messages API URL';
  }
}

export async function askClaude(system: string, prompt: string, options: ClaudeOptions): Promise<string> {
  const client = new Anthropic({
    apiKey: options.apiKey,
    ...(options.baseURL ? { baseURL: options.baseURL } : {}),
    timeout: options.timeoutMs ?? 120_000,
    maxRetries: options.maxRetries ?? 3,
  });
  try {
    const stream = client.messages.stream(
      { model: options.model ?? DEFAULT_MODEL, max_tokens: 4096, system, messages: [{ role: 'user', content: prompt }] },
      options.signal ? { signal: options.signal } : {},
    );
    if (options.onText) stream.on('text', options.onText);
    const message = await stream.finalMessage();
    return message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
  } catch (error) {
    if (options.signal?.aborted) throw new ClaudeCancelled();
    const status = (error as { status?: number }).status;
    const detail = error instanceof Error ? error.message : String(error);
    const message = status ? `the Messages API answered ${status}: ${detail}` : `${detail.replace(/\.$/, '')} (${messagesApiHost(options.baseURL)})`;
    // The API (or a proxy) may echo the key in its error, more than once.
    throw new ClaudeUnavailable(redactSecrets(message, [options.apiKey]));
  }
}
