/**
 * `fearless reverse FILE`: the deterministic reverse of a forward migration,
 * drafted from the forward and its history. Prints it; writes nothing.
 *
 * JSON: {"sql": S, "unresolved": [{"statement": I, "reason": S}],
 *        "source": {"deterministic": [S...], "ai": []}}
 * `statement` is the 0-based index of the forward statement in the file.
 */

import { projectFiles } from '../files/projectFiles';
import * as path from 'node:path';
import type { ProjectConfig } from '../config/projectConfig';
import { analyzeMigration } from './analyzeMigration';
import { reverseToComplete } from './reverseToComplete';
import { MigrationHistory } from '../migrations/migrationHistory';
import { draftReverse } from '../reverse/reverseDraft';
import { decodeSqlBytes } from '../sql/decodeSqlBytes';
import { UsageError } from './usageError';

export interface ReverseJson {
  sql: string;
  unresolved: { statement: number; reason: string }[];
  source: { deterministic: string[]; ai: string[] };
  /** With --ai: what the parse and completeness checks found in Claude's draft. */
  checks?: string[];
}

export interface AiRequest {
  apiKey: string | undefined;
  model?: string;
  /** Told to the user when the AI part could not run (no key, API error). */
  warn: (message: string) => void;
}

export async function reverseOf(filePath: string, config: ProjectConfig, ai?: AiRequest): Promise<ReverseJson> {
  let bytes: Buffer;
  try {
    bytes = projectFiles.readBytes(filePath);
  } catch (error) {
    throw new UsageError(`Cannot read ${filePath} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  const { text } = decodeSqlBytes(bytes);
  const { facts } = await analyzeMigration(path.resolve(filePath), text, { config, history: new MigrationHistory(false, config.convention) });
  const draft = draftReverse(facts);
  if (!draft) throw new UsageError(`${filePath} is a ${facts.layout.sections[0]?.role ?? 'reverse'} migration; pass the forward migration it belongs to.`);
  const result: ReverseJson = {
    sql: draft.sql,
    unresolved: draft.reverse.unresolved,
    source: { deterministic: draft.reverse.statements.map((statement) => statement.sql), ai: [] },
  };
  if (!ai) return result;
  if (!ai.apiKey) {
    ai.warn('no ANTHROPIC_API_KEY is set, so this is the deterministic draft only.');
    return result;
  }
  const { completeReverseWithClaude, ClaudeUnavailable } = require('../ai/claudeBundle') as typeof import('../ai/claudeBundle');
  try {
    const completed = await completeReverseWithClaude(reverseToComplete(draft, text, facts.schemaBefore), {
      apiKey: ai.apiKey,
      ...(ai.model ? { model: ai.model } : {}),
    });
    return { ...result, sql: completed.sql, source: { ...result.source, ai: completed.aiStatements }, checks: completed.checks };
  } catch (error) {
    if (!(error instanceof ClaudeUnavailable)) throw error;
    ai.warn(`Claude could not complete the draft (${error.message}); this is the deterministic draft only.`);
    return result;
  }
}
