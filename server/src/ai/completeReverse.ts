/**
 * The deterministic reverse completed by Claude, then checked before anyone
 * sees it: the answer's SQL must parse, and the completeness check compares
 * it with the forward. What the checks find, and which statements were
 * proven and which Claude drafted, goes into the draft's header as
 * comments, never hidden. Nothing here writes a file or touches a database.
 *
 * Asking and checking are separate steps so the editor can ask from its own
 * process (the key never crosses the LSP connection, whose traffic may be
 * logged) and let the server check the answer.
 */

import type { SchemaModel } from '../schema/schemaModel';
import { checkReverse, adviceFor } from '../reverse/completeness';
import type { DeterministicReverse } from '../reverse/deterministicReverse';
import { effectsOf } from '../schema/effects';
import { parseSql, type ParsedStatement } from '../sql/parseSql';
import { askClaude, type ClaudeOptions } from './claudeReverseDraft';
import { extractSql } from './extractSql';
import { reverseDraftPrompt, SYSTEM_PROMPT } from './reverseDraftPrompt';

export interface CompletedReverse {
  /** The reverse to review: Claude's SQL when it parses, else the deterministic draft; header comments say which is which. */
  sql: string;
  /** Claude's statements as it returned them (empty when it returned none that parse). */
  aiStatements: string[];
  /** What the checks found, each a sentence. */
  checks: string[];
  notes: string;
}

/** The forward and the proven draft: everything needed to ask for, and to check, a completed reverse. */
export interface ReverseToComplete {
  forwardName: string;
  forward: readonly ParsedStatement[];
  forwardText: string;
  draft: DeterministicReverse;
  draftSql: string;
  schemaBefore: SchemaModel;
}

export interface ClaudeRequest {
  system: string;
  user: string;
}

export function claudeRequestFor(input: ReverseToComplete): ClaudeRequest {
  const touchedTables = [...new Set(input.forward.flatMap((statement) => effectsOf(statement)).map((effect) => effect.table ?? effect.name.split('.')[0]!))];
  return {
    system: SYSTEM_PROMPT,
    user: reverseDraftPrompt({
      forwardName: input.forwardName,
      forwardSql: input.forwardText,
      draft: input.draft,
      draftSql: input.draftSql,
      schemaBefore: input.schemaBefore,
      touchedTables,
    }),
  };
}

export async function completeReverseWithClaude(input: ReverseToComplete, options: ClaudeOptions): Promise<CompletedReverse> {
  const request = claudeRequestFor(input);
  return reviewClaudeAnswer(await askClaude(request.system, request.user, options), input);
}

/** Claude's answer, parsed and checked against the forward; the result is text to review, never run. */
export async function reviewClaudeAnswer(answer: string, input: ReverseToComplete): Promise<CompletedReverse> {
  const { sql, notes } = extractSql(answer);
  if (!sql) {
    const checks = ['Claude answered without a SQL block; only the deterministic draft is shown.'];
    return { sql: withHeader(input.draftSql, headerOf(input, checks, notes)), aiStatements: [], checks, notes };
  }
  const parsed = await parseSql(sql);
  if (parsed.problems.length > 0) {
    const checks = [`Claude's SQL does not parse (${parsed.problems[0]!.message}); only the deterministic draft is shown, Claude's answer is quoted below it.`];
    const quoted = `${input.draftSql.trimEnd()}\n\n-- Claude's answer, which does not parse:\n${commented(sql)}\n`;
    return { sql: withHeader(quoted, headerOf(input, checks, notes)), aiStatements: [], checks, notes };
  }
  const checks: string[] = [];
  for (const gap of checkReverse(
    input.forward.flatMap((statement) => effectsOf(statement)),
    parsed.statements.flatMap((statement) => effectsOf(statement)),
  )) {
    if (gap.kind === 'not-undone' || gap.kind === 'unexpected' || gap.kind === 'irreversible') {
      const advice = adviceFor(gap);
      checks.push(advice ? `${gap.message}. ${advice}` : gap.message);
    }
  }
  // Proven: whatever the deterministic draft already says (its lock_timeout included).
  const proven = new Set((await parseSql(input.draftSql)).statements.map((statement) => normalized(statement.text)));
  const drafted = parsed.statements.filter((statement) => statement.kind !== undefined && !proven.has(normalized(statement.text)));
  const header = headerOf(input, checks.length > 0 ? checks : ['The completeness check found nothing left undone.'], notes, {
    proven: parsed.statements.length - drafted.length,
    drafted: drafted.length,
  });
  return {
    sql: withHeader(markDrafted(sql, drafted), header),
    aiStatements: parsed.statements.map((statement) => statement.text),
    checks,
    notes,
  };
}

const DRAFTED_MARK = '-- ▼ drafted by Claude: review';

/** Puts a marker line above each statement Claude wrote (not proven by fearless). */
function markDrafted(sql: string, drafted: readonly ParsedStatement[]): string {
  let marked = sql;
  for (const statement of [...drafted].sort((a, b) => b.start - a.start)) {
    marked = `${marked.slice(0, statement.start)}${DRAFTED_MARK}\n${marked.slice(statement.start)}`;
  }
  return `${marked.trimEnd()}\n`;
}

function headerOf(input: ReverseToComplete, checks: readonly string[], notes: string, counts?: { proven: number; drafted: number }): string[] {
  const lines = [`-- Reverse of ${input.forwardName}, drafted by fearless and Claude.`];
  if (counts) {
    lines.push(
      `-- ${statements(counts.proven)} proven by fearless from the forward and the history; ` +
        `${counts.drafted} drafted by Claude (marked "${DRAFTED_MARK.slice(3)}").`,
    );
  } else {
    lines.push(`-- All statements below are proven by fearless; Claude's answer was not usable.`);
  }
  lines.push('-- Checks:', ...checks.map((check) => `--   ${check.replace(/\n/g, ' ')}`));
  if (notes)
    lines.push(
      "-- Claude's notes:",
      ...notes
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => `--   ${line}`),
    );
  return lines;
}

function statements(count: number): string {
  return count === 1 ? '1 statement' : `${count} statements`;
}

function withHeader(sql: string, header: readonly string[]): string {
  return `${header.join('\n')}\n\n${sql.trimEnd()}\n`;
}

function commented(text: string): string {
  return text
    .split('\n')
    .map((line) => `--   ${line}`)
    .join('\n');
}

function normalized(sql: string): string {
  return sql.replace(/\s+/g, ' ').replace(/;\s*$/, '').trim().toLowerCase();
}
