/**
 * "Plan safe phases", without the editor: ask how the phases relate to the
 * naive migration (after it, or in its place), ask the server for the plan
 * (checked with lint and a drill when the workspace is trusted), ask for
 * the backfill values it needs, optionally have Claude refine it (the
 * server checks the answer), then show every file in one review. Nothing is
 * written unless the engineer applies the review.
 *
 * The editor parts come in as ports, so the flow is tested in Node against
 * the real server and a fake Messages API.
 */

import type { PlanParams, PlanRequestResult } from '../../../server/src/protocol/plan';
import type { ClaudePort } from '../reverseReview/generateReverse';
import { counted } from '../../../server/src/wording';

export type { PlanRequestResult };

export type PlanMode = 'append' | 'replace';

/** One file of the review, as the editor's preview lists it. */
export interface PlanReviewEntry {
  uri: string;
  text: string;
  /** `Phase 2 of 4: index_events_tenant_id_idx_concurrently (forward)`. */
  label: string;
}

export interface PlanReview {
  files: PlanReviewEntry[];
  /** The naive migration's files, deleted when the review is applied (replace only). */
  deleted: string[];
  /** One line for the preview's title: the check's verdict and Claude's part. */
  summary: string;
}

export interface PlanPhasesPorts {
  plan(params: Omit<PlanParams, 'textDocument'>, title: string): Promise<PlanRequestResult>;
  chooseMode(name: string): Promise<PlanMode | undefined>;
  /** The SQL expression existing rows get; undefined to leave it as an open question. */
  askValue(table: string, column: string): Promise<string | undefined>;
  /** Shows every file; resolves true when the engineer applied the review (the editor wrote the files). */
  review(review: PlanReview): Promise<boolean>;
  info(message: string): void;
  warn(message: string): void;
  noKey(message: string): void;
  open(uri: string): Promise<void>;
  /** The workspace is trusted: the plan may be checked on a database. */
  trusted: boolean;
  claude?: {
    port: ClaudePort;
    apiKey(): Promise<string | undefined>;
    withProgress<T>(title: string, work: (signal: AbortSignal) => Promise<T>): Promise<T>;
    isUnavailable(error: unknown): error is Error;
  };
}

export type PlanPhasesOutcome = 'written' | 'discarded' | 'cancelled';

function phaseLabels(result: PlanRequestResult): PlanReviewEntry[] {
  let phase = 0;
  const total = result.phases.length;
  return result.files.map((file) => {
    const name = decodeURIComponent(file.uri.slice(file.uri.lastIndexOf('/') + 1));
    if (file.kind === 'forward' || file.kind === 'migration') phase += 1;
    const label =
      file.kind === 'forward' || file.kind === 'migration' || file.kind === 'reverse' || file.kind === 'settings'
        ? `Phase ${phase} of ${total}: ${result.phases[phase - 1]?.slug ?? name} (${file.kind === 'migration' ? 'forward and reverse' : file.kind})`
        : file.kind === 'backfill'
          ? `Backfill script: ${name} (run with psql, outside the migrations)`
          : `Plan document: ${name}`;
    return { uri: file.uri, text: file.text, label };
  });
}

function summaryOf(result: PlanRequestResult, trusted: boolean): string {
  const parts = [counted(result.phases.length, 'phase')];
  if (result.check) {
    const green = result.check.drills.filter((drill) => drill.verdict !== 'fail').length;
    parts.push(
      result.check.passed
        ? `checked: lint clean, ${green} of ${result.check.drills.length} drill green on generated rows`
        : `CHECK FAILED: ${counted(result.check.lint.length, 'lint finding')}, ${green} of ${result.check.drills.length} drill green`,
    );
  } else {
    parts.push(trusted ? 'not checked' : 'not checked (Restricted Mode: drills are off)');
  }
  if (result.ai) parts.push(result.ai.refined.length > 0 ? 'refined by Claude (AI-written: review it)' : 'Claude changed nothing that checked out');
  if (result.openQuestions.length > 0) parts.push(`${counted(result.openQuestions.length, 'open question')} in the plan document`);
  return parts.join('; ');
}

export async function planPhases(name: string, ports: PlanPhasesPorts): Promise<PlanPhasesOutcome> {
  const mode = await ports.chooseMode(name);
  if (!mode) return 'cancelled';
  const base = { replace: mode === 'replace', check: ports.trusted };
  let result = await ports.plan(base, `Fearless: planning ${name} in phases`);
  const backfill: Record<string, string> = {};
  for (const { table, column } of result.missingValues) {
    const value = await ports.askValue(table, column);
    if (value?.trim()) backfill[`${table}.${column}`] = value.trim();
  }
  if (Object.keys(backfill).length > 0) result = await ports.plan({ ...base, backfill }, `Fearless: planning ${name} with the backfill values`);

  const claude = ports.claude;
  if (claude) {
    const apiKey = await claude.apiKey();
    if (!apiKey) {
      ports.noKey('Fearless: no Anthropic API key is set, so this is the planner\'s plan without Claude. Run "Fearless: Set Anthropic API key" to use Claude.');
    } else {
      try {
        const answer = await claude.withProgress('Fearless: Claude is refining the plan', (signal) =>
          claude.port.ask(result.aiPrompt.system, result.aiPrompt.user, { apiKey, signal, onText: () => undefined }),
        );
        result = await ports.plan({ ...base, backfill, refinement: answer, check: true }, `Fearless: checking Claude's refinement of ${name}`);
        for (const problem of result.ai?.problems ?? []) ports.warn(`Fearless: from Claude's answer, not taken: ${problem}`);
      } catch (error) {
        if (!claude.isUnavailable(error)) throw error;
        if (error.message === 'cancelled') return 'cancelled';
        ports.warn(`Fearless: Claude could not refine the plan (${error.message}); this is the planner's plan.`);
      }
    }
  }

  if (result.check && !result.check.passed) {
    const failed = [
      ...result.check.lint,
      ...result.check.drills.filter((drill) => drill.verdict === 'fail').map((drill) => `${drill.forward}: ${drill.reasons.join(' ')}`),
    ];
    ports.warn(`Fearless: the planned phases fail the check: ${failed.slice(0, 3).join(' | ')}`);
  }
  const applied = await ports.review({ files: phaseLabels(result), deleted: result.removed, summary: summaryOf(result, ports.trusted) });
  if (!applied) {
    ports.info('Fearless: the plan was discarded; nothing was written.');
    return 'discarded';
  }
  const document = result.files.find((file) => file.kind === 'plan');
  ports.info(
    `Fearless: wrote ${counted(result.files.length, 'file')}${result.removed.length > 0 ? ` and removed ${result.removed.length}` : ''}. Ship the phases in the order the plan document gives.`,
  );
  if (document) await ports.open(document.uri);
  return 'written';
}
