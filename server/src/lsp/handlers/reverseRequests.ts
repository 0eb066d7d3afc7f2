/**
 * Two requests behind "Generate reverse migration", for any LSP client:
 *
 * - `fearless/reverseDraft`: the deterministic reverse of the forward part
 *   at a position (from a reverse file or section, of its forward), where
 *   it goes, and the request to send Claude to complete it;
 * - `fearless/reviewReverseAnswer`: Claude's answer parsed and checked
 *   against the forward, placed the same way.
 *
 * The client calls Claude itself, so the API key never crosses this
 * connection (whose traffic an editor may log). Neither request writes a
 * file or touches a database.
 */

import * as path from 'node:path';
import { LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { reviewClaudeAnswer, claudeRequestFor } from '../../ai/completeReverse';
import type { MigrationAnalysis } from '../../rules/lintFile';
import { reverseToComplete } from '../../workflows/reverseToComplete';
import { draftReverse, placeReverse, type ReverseDraft } from '../../reverse/reverseDraft';
import { onDocumentRequest } from '../documentRequest';
import {
  REVERSE_DRAFT_REQUEST,
  REVIEW_REVERSE_ANSWER_REQUEST,
  type ReverseDraftParams,
  type ReverseDraftResult,
  type ReverseTargetResult,
  type ReviewReverseAnswerParams,
  type ReviewReverseAnswerResult,
} from '../../protocol/reverse';

export interface ReverseRequestDependencies {
  /** A fresh analysis of the file at `uri` (the open buffer, else the disk), or undefined when it cannot be read. */
  analyze(uri: string): Promise<{ analysis: MigrationAnalysis; filePath: string } | undefined>;
  readText(filePath: string): string | undefined;
  fileUri(filePath: string): string;
}

interface Located {
  analysis: MigrationAnalysis;
  filePath: string;
  draft: ReverseDraft;
}

function failure(message: string): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestFailed, message);
}

export function registerReverseRequests(connection: Connection, dependencies: ReverseRequestDependencies): void {
  const locate = async (params: ReverseDraftParams): Promise<Located> => {
    const opened = await dependencies.analyze(params.textDocument.uri);
    if (!opened) throw failure('Fearless: this document is not a file on disk, or it cannot be read; save it first.');
    const offset = params.position ? opened.analysis.parsed.lines.offsetAt(params.position) : 0;
    const draft = draftReverse(opened.analysis.facts, offset);
    if (draft) return { ...opened, draft };
    // A reverse part: draft the forward it belongs to.
    const reversePart = opened.analysis.facts.pairs?.sections.find((pair) => pair.section.role === 'reverse' && pair.counterpart?.exists);
    const forward = reversePart?.counterpart;
    if (!forward) throw failure(`Fearless: ${path.basename(opened.filePath)} has no forward migration to reverse.`);
    const forwardOpened = forward.file === opened.filePath ? opened : await dependencies.analyze(dependencies.fileUri(forward.file));
    const forwardDraft = forwardOpened && draftReverse(forwardOpened.analysis.facts, forward.section?.start ?? 0);
    if (!forwardOpened || !forwardDraft) throw failure(`Fearless: cannot read the forward migration ${path.basename(forward.file)}.`);
    return { ...forwardOpened, draft: forwardDraft };
  };

  const targetOf = (located: Located, sql: string): ReverseTargetResult | null => {
    const placement = placeReverse(sql, located.draft.pair, located.analysis.facts, located.analysis.parsed.text, dependencies.readText);
    if (!placement) return null;
    return { uri: dependencies.fileUri(placement.file), kind: placement.kind, exists: placement.exists, before: placement.before, after: placement.after };
  };

  onDocumentRequest(connection, REVERSE_DRAFT_REQUEST, async (params: ReverseDraftParams): Promise<ReverseDraftResult> => {
    const located = await locate(params);
    const { draft, analysis } = located;
    return {
      forwardUri: dependencies.fileUri(located.filePath),
      forwardName: draft.forwardName,
      sql: draft.sql,
      unresolved: draft.reverse.unresolved,
      deterministic: draft.reverse.statements.map((statement) => statement.sql),
      claudeRequest: claudeRequestFor(reverseToComplete(draft, analysis.parsed.text, analysis.facts.schemaBefore)),
      target: targetOf(located, draft.sql),
    };
  });

  onDocumentRequest(connection, REVIEW_REVERSE_ANSWER_REQUEST, async (params: ReviewReverseAnswerParams): Promise<ReviewReverseAnswerResult> => {
    if (typeof params.answer !== 'string') throw new ResponseError(LSPErrorCodes.RequestFailed, 'Fearless: the answer to review must be text.');
    const located = await locate(params);
    const reviewed = await reviewClaudeAnswer(
      params.answer,
      reverseToComplete(located.draft, located.analysis.parsed.text, located.analysis.facts.schemaBefore),
    );
    return { ...reviewed, target: targetOf(located, reviewed.sql) };
  });
}
