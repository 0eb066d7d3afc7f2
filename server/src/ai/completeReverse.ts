/**
 * The deterministic reverse completed by Claude, then checked before anyone
 * sees it: the answer's SQL must parse, and the completeness check compares
 * it with the forward. What the checks find goes into the draft as comments,
 * never hidden. Nothing here writes a file or touches a database.
 */

import type { SchemaModel } from '../migrations/schemaModel';
import { checkReverse } from '../reverse/completeness';
import type { DeterministicReverse } from '../reverse/deterministicReverse';
import { effectsOf } from '../reverse/effects';
import { parseSql, type ParsedStatement } from '../sql/parseSql';
import { askClaude, type ClaudeOptions } from './claudeReverseDraft';
import { extractSql } from './extractSql';
import { reverseDraftPrompt, SYSTEM_PROMPT } from './reverseDraftPrompt';

export interface CompletedReverse {
  /** The reverse to review: Claude's SQL when it parses, else the deterministic draft; checks as comments. */
  sql: string;
  /** Claude's statements as it returned them (empty when it returned none that parse). */
  aiStatements: string[];
  /** What the checks found, each a sentence. */
  checks: string[];
  notes: string;
}

export async function completeReverseWithClaude(
  forwardName: string,
  forward: readonly ParsedStatement[],
  forwardText: string,
  draft: DeterministicReverse,
  draftSql: string,
  schemaBefore: SchemaModel,
  options: ClaudeOptions,
): Promise<CompletedReverse> {
  const touchedTables = [...new Set(forward.flatMap(effectsOf).map((effect) => effect.table ?? effect.name.split('.')[0]!))];
  const prompt = reverseDraftPrompt({ forwardName, forwardSql: forwardText, draft, draftSql, schemaBefore, touchedTables });
  const answer = await askClaude(SYSTEM_PROMPT, prompt, options);
  const { sql, notes } = extractSql(answer);
  const checks: string[] = [];
  if (!sql) {
    checks.push('Claude answered without a SQL block; only the deterministic draft is shown.');
    return { sql: withComments(draftSql, checks, notes), aiStatements: [], checks, notes };
  }
  const parsed = await parseSql(sql);
  if (parsed.problems.length > 0) {
    checks.push(`Claude's SQL does not parse (${parsed.problems[0]!.message}); only the deterministic draft is shown, Claude's answer follows as comments.`);
    return { sql: withComments(draftSql, checks, `${notes}\n${sql}`.trim()), aiStatements: [], checks, notes };
  }
  for (const gap of checkReverse(forward.flatMap(effectsOf), parsed.statements.flatMap(effectsOf))) {
    if (gap.kind === 'not-undone' || gap.kind === 'unexpected' || gap.kind === 'irreversible') checks.push(gap.message);
  }
  const header = `-- Reverse of ${forwardName}: deterministic statements completed by Claude. Review before accepting.`;
  return {
    sql: withComments(`${header}\n${sql}\n`, checks.length > 0 ? checks : ['The completeness check found nothing left undone.'], notes),
    aiStatements: parsed.statements.map((statement) => statement.text),
    checks,
    notes,
  };
}

function withComments(sql: string, checks: readonly string[], notes: string): string {
  const lines = [sql.trimEnd(), '', '-- Checks:', ...checks.map((check) => `--   ${check}`)];
  if (notes) lines.push('-- Notes from Claude:', ...notes.split('\n').map((line) => `--   ${line}`));
  return `${lines.join('\n')}\n`;
}
