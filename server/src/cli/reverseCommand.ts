/**
 * `fearless reverse FILE`: the deterministic reverse of a forward migration,
 * drafted from the forward and its history. Prints it; writes nothing.
 *
 * JSON: {"sql": S, "unresolved": [{"statement": I, "reason": S}],
 *        "source": {"deterministic": [S...], "ai": []}}
 * `statement` is the 0-based index of the forward statement in the file.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProjectConfig } from '../config/projectConfig';
import { locateMigration } from '../migrations/conventions';
import { MigrationHistory } from '../migrations/migrationHistory';
import { deterministicReverse, reverseSqlText } from '../reverse/deterministicReverse';
import { decodeSqlBytes } from '../sql/decodeSqlBytes';
import { parseSql } from '../sql/parseSql';
import { UsageError } from './args';

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
    bytes = fs.readFileSync(filePath);
  } catch (error) {
    throw new UsageError(`Cannot read ${filePath} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  const absolute = path.resolve(filePath);
  const { text } = decodeSqlBytes(bytes);
  const history = new MigrationHistory(false, config.convention);
  const { layout } = locateMigration(absolute, text, history.disk, config.convention);
  const forward = layout.sections.find((section) => section.role === 'forward');
  if (!forward) throw new UsageError(`${filePath} is a ${layout.sections[0]?.role ?? 'reverse'} migration; pass the forward migration it belongs to.`);
  const parsed = await parseSql(text);
  const statements = parsed.statements.filter((statement) => statement.start >= forward.start && statement.start < forward.end);
  const schemaBefore = await history.schemaBefore(absolute, text);
  const reverse = deterministicReverse(statements, schemaBefore, absolute);
  const draftSql = reverseSqlText(reverse, path.basename(filePath), statements);
  const result: ReverseJson = {
    sql: draftSql,
    unresolved: reverse.unresolved,
    source: { deterministic: reverse.statements.map((statement) => statement.sql), ai: [] },
  };
  if (!ai) return result;
  if (!ai.apiKey) {
    ai.warn('no ANTHROPIC_API_KEY is set, so this is the deterministic draft only.');
    return result;
  }
  const { completeReverseWithClaude, ClaudeUnavailable } = require('./aiCommand') as typeof import('./aiCommand');
  const forwardText = text.slice(forward.start, forward.end);
  try {
    const completed = await completeReverseWithClaude(path.basename(filePath), statements, forwardText, reverse, draftSql, schemaBefore, {
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
