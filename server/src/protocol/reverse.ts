/**
 * `fearless/reverseDraft` and `fearless/reviewReverseAnswer`: the deterministic reverse of a forward part, and
 * Claude's answer checked against it. The client calls Claude itself, so the key never crosses the connection.
 */

import type { ClaudeRequest } from '../ai/completeReverse';

/** An LSP position: 0-based line, UTF-16 character. */
interface Position {
  line: number;
  character: number;
}

export const REVERSE_DRAFT_REQUEST = 'fearless/reverseDraft';
export const REVIEW_REVERSE_ANSWER_REQUEST = 'fearless/reviewReverseAnswer';

export interface ReverseDraftParams {
  textDocument: { uri: string };
  /** Picks the forward part in files with several (Liquibase changesets); the first one otherwise. */
  position?: Position;
}

export interface ReviewReverseAnswerParams extends ReverseDraftParams {
  /** Claude's whole answer, as text. */
  answer: string;
}

export interface ReverseTargetResult {
  uri: string;
  /** `file`: the reverse is a file of its own; `section`: a part of the forward's file. */
  kind: 'file' | 'section';
  exists: boolean;
  /** The target's text now, and once the reverse is in place: what the review diff shows. */
  before: string;
  after: string;
}

export interface ReverseDraftResult {
  forwardUri: string;
  forwardName: string;
  /** The reverse to review, with its header comments. */
  sql: string;
  /** The forward statements the deterministic draft could not reverse (0-based index in the forward part), with why. */
  unresolved: { statement: number; reason: string }[];
  /** The proven reverse statements. */
  deterministic: string[];
  /** What to send the Messages API (system prompt and user message) to complete the draft. */
  claudeRequest: ClaudeRequest;
  /** Where the reverse goes; null for tools without reverse migrations. */
  target: ReverseTargetResult | null;
}

export interface ReviewReverseAnswerResult {
  sql: string;
  aiStatements: string[];
  checks: string[];
  notes: string;
  target: ReverseTargetResult | null;
}
