/**
 * "Generate reverse migration", without the editor: ask the server for the
 * deterministic draft; when something is unresolved (or the engineer asked),
 * have Claude complete it and the server check the answer; show the target
 * before and after for review; write it only on accept, and only if the
 * target has not changed meanwhile. Nothing here runs SQL anywhere.
 *
 * The editor parts (diff, progress, SecretStorage, files) come in as ports,
 * so the flow is tested in Node against the real server and a fake
 * Messages API.
 */

import type { ReverseDraftResult, ReverseTargetResult, ReviewReverseAnswerResult } from '../../../server/src/protocol/reverse';

export type { ReverseDraftResult, ReverseTargetResult, ReviewReverseAnswerResult };

export interface Position {
  line: number;
  character: number;
}

/** The two server requests. */
export interface ReverseServer {
  reverseDraft(uri: string, position: Position | undefined): Promise<ReverseDraftResult>;
  reviewAnswer(uri: string, position: Position | undefined, answer: string): Promise<ReviewReverseAnswerResult>;
}

/** Claude, from the editor's process: the key stays there. */
export interface ClaudePort {
  /** Resolves with the whole answer; rejects with `ClaudeUnavailable` (message `cancelled` when `signal` aborted). */
  ask(system: string, user: string, options: { apiKey: string; signal: AbortSignal; onText: (delta: string) => void }): Promise<string>;
}

export interface Review {
  accepted: boolean;
  /** The proposed text as the engineer left it (they may edit it in the diff before accepting). */
  text: string;
}

export interface ReverseUi {
  info(message: string): void;
  warn(message: string): void;
  /** Shown when a Claude completion was wanted but no key is set; the editor offers to set one. */
  noKey(message: string): void;
  /** Runs `work` with a cancellable progress notification; `report` shows how far the answer has streamed. */
  withProgress<T>(title: string, work: (report: (message: string) => void, signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Shows `before` against `after` and waits for accept or discard. */
  review(target: ReverseTargetResult, after: string, title: string): Promise<Review>;
}

export interface TargetWriter {
  /** The target's current text ('' when it does not exist). */
  currentText(target: ReverseTargetResult): Promise<string>;
  write(target: ReverseTargetResult, text: string): Promise<void>;
}

export interface GenerateReverseDependencies {
  server: ReverseServer;
  claude: ClaudePort;
  apiKey(): Promise<string | undefined>;
  ui: ReverseUi;
  writer: TargetWriter;
  isCancellation(error: unknown): boolean;
  isClaudeUnavailable(error: unknown): error is Error;
}

export type GenerateReverseOutcome = 'written' | 'discarded' | 'cancelled' | 'nothing-to-do' | 'target-changed';

export interface GenerateReverseRequest {
  uri: string;
  position?: Position;
  /**
   * "... with Claude": Claude completes (or reviews) the draft. Without it Claude is never called, whatever is left
   * to write by hand: the plain command is deterministic and needs no key.
   */
  askClaude?: boolean;
}

export async function generateReverse(request: GenerateReverseRequest, dependencies: GenerateReverseDependencies): Promise<GenerateReverseOutcome> {
  const { server, ui } = dependencies;
  const draft = await server.reverseDraft(request.uri, request.position);
  if (!draft.target) {
    ui.info(`Fearless: ${draft.forwardName} belongs to a migration tool without reverse migrations; there is nothing to generate.`);
    return 'nothing-to-do';
  }
  let proposal: { sql: string; target: ReverseTargetResult } = { sql: draft.sql, target: draft.target };
  const left = draft.unresolved.length === 1 ? '1 statement' : `${draft.unresolved.length} statements`;
  let source = draft.unresolved.length > 0 ? `deterministic draft, ${left} left to write by hand` : 'deterministic draft, complete';
  if (request.askClaude) {
    const completed = await completeWithClaude(request, draft, dependencies);
    if (completed === 'cancelled') {
      ui.info('Fearless: cancelled; nothing was changed.');
      return 'cancelled';
    }
    if (completed) {
      proposal = completed;
      const failed = completed.checks.length === 1 ? '1 check failed' : `${completed.checks.length} checks failed`;
      source = completed.checks.length > 0 ? `completed by Claude, ${failed}` : 'completed by Claude, checks passed';
    }
  }
  const name = decodeURIComponent(proposal.target.uri.slice(proposal.target.uri.lastIndexOf('/') + 1));
  const review = await ui.review(proposal.target, proposal.target.after, `${name}, the reverse of ${draft.forwardName} (${source})`);
  if (!review.accepted) return 'discarded';
  // Accept writes what was reviewed: if the target moved on meanwhile, the diff no longer says what changes.
  if ((await dependencies.writer.currentText(proposal.target)) !== proposal.target.before) {
    ui.warn(`Fearless: ${name} changed while the reverse was in review; nothing was written. Run "Generate reverse migration" again.`);
    return 'target-changed';
  }
  await dependencies.writer.write(proposal.target, review.text);
  return 'written';
}

/** Claude's completion, checked by the server; undefined when it could not be had (said to the user), or 'cancelled'. */
async function completeWithClaude(
  request: GenerateReverseRequest,
  draft: ReverseDraftResult,
  dependencies: GenerateReverseDependencies,
): Promise<(ReviewReverseAnswerResult & { target: ReverseTargetResult }) | 'cancelled' | undefined> {
  const { ui } = dependencies;
  const apiKey = await dependencies.apiKey();
  if (!apiKey) {
    ui.noKey(
      'Fearless: no Anthropic API key is set (run "Fearless: Set Anthropic API key", or set ANTHROPIC_API_KEY), so this is the deterministic draft only.',
    );
    return undefined;
  }
  let answer: string;
  try {
    answer = await ui.withProgress(`Fearless: Claude is completing the reverse of ${draft.forwardName}`, (report, signal) => {
      let received = 0;
      return dependencies.claude.ask(draft.claudeRequest.system, draft.claudeRequest.user, {
        apiKey,
        signal,
        onText: (delta) => {
          received += delta.length;
          report(`${received} characters received`);
        },
      });
    });
  } catch (error) {
    if (dependencies.isCancellation(error)) return 'cancelled';
    if (!dependencies.isClaudeUnavailable(error)) throw error;
    ui.warn(`Fearless: Claude could not complete the draft (${error.message}); showing the deterministic draft.`);
    return undefined;
  }
  const reviewed = await dependencies.server.reviewAnswer(request.uri, request.position, answer);
  return reviewed.target ? { ...reviewed, target: reviewed.target } : undefined;
}
