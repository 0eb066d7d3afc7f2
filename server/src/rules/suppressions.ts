/**
 * `-- fearless-ignore rule-a, rule-b` on the line(s) right before a
 * statement silences those rules for that statement;
 * `-- fearless-ignore-file rule-a` anywhere silences them for the file.
 * Every rule finding also gets a quick fix that writes the first form.
 */

import type { ParsedSql, ParsedStatement } from '../sql/parseSql';
import type { Finding, Fix } from './rule';

const STATEMENT_DIRECTIVE = /^\s*--\s*fearless-ignore\s+([\w\s,-]+?)\s*$/;
const FILE_DIRECTIVE = /^\s*--\s*fearless-ignore-file\s+([\w\s,-]+?)\s*$/gm;

export interface Suppressions {
  /** Rule ids silenced for the whole file. */
  file: ReadonlySet<string>;
  /** Per statement index, the rule ids silenced for it. */
  byStatement: ReadonlyMap<number, ReadonlySet<string>>;
  /** Every id named in a directive, with where it was named (to report unknown ids). */
  named: { ruleId: string; start: number; end: number }[];
}

function ids(list: string): string[] {
  return list
    .split(/[\s,]+/)
    .map((id) => id.trim())
    .filter(Boolean);
}

export function readSuppressions(parsed: ParsedSql): Suppressions {
  const { text } = parsed;
  const named: Suppressions['named'] = [];
  const file = new Set<string>();
  if (text.includes('fearless-ignore-file')) {
    for (const match of text.matchAll(FILE_DIRECTIVE)) {
      for (const id of ids(match[1]!)) {
        file.add(id);
        const at = match.index! + match[0].indexOf(id);
        named.push({ ruleId: id, start: at, end: at + id.length });
      }
    }
  }
  const byStatement = new Map<number, Set<string>>();
  if (text.includes('fearless-ignore')) {
    let previousEnd = 0;
    for (const statement of parsed.statements) {
      // Only the comment lines directly above the statement, up to the previous statement.
      const gap = text.slice(previousEnd, statement.start);
      const lines = gap.split('\n');
      let offset = statement.start - gap.length;
      for (const line of lines) {
        const match = STATEMENT_DIRECTIVE.exec(line);
        if (match) {
          const silenced = byStatement.get(statement.index) ?? new Set<string>();
          for (const id of ids(match[1]!)) {
            silenced.add(id);
            const at = offset + line.indexOf(id, line.indexOf('fearless-ignore') + 'fearless-ignore'.length);
            named.push({ ruleId: id, start: at, end: at + id.length });
          }
          byStatement.set(statement.index, silenced);
        }
        offset += line.length + 1;
      }
      previousEnd = statement.end;
    }
  }
  return { file, byStatement, named };
}

/** The statement whose span contains `offset` (statements are in document order). */
export function statementContaining(statements: readonly ParsedStatement[], offset: number): ParsedStatement | undefined {
  let low = 0;
  let high = statements.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const statement = statements[middle]!;
    if (offset < statement.start) high = middle - 1;
    else if (offset >= statement.end) low = middle + 1;
    else return statement;
  }
  return undefined;
}

export function isSuppressed(finding: Finding, statement: ParsedStatement | undefined, suppressions: Suppressions): boolean {
  if (suppressions.file.has(finding.ruleId)) return true;
  return statement !== undefined && (suppressions.byStatement.get(statement.index)?.has(finding.ruleId) ?? false);
}

/** The "ignore this rule here" fix: a directive line above the statement, indented like it (or one for the whole file). */
export function suppressionFix(text: string, statement: ParsedStatement | undefined, ruleId: string, fileLevel = false): Fix | undefined {
  if (fileLevel) {
    // Liquibase reads its header only on the first line: the directive goes under it.
    const header = /^--\s*liquibase formatted sql[^\n]*\n/i.exec(text)?.[0].length ?? 0;
    return {
      title: `Ignore ${ruleId} in this file`,
      suppression: true,
      edits: [{ start: header, end: header, newText: `-- fearless-ignore-file ${ruleId}\n` }],
    };
  }
  if (!statement) return undefined;
  const lineStart = text.lastIndexOf('\n', statement.start - 1) + 1;
  const indentation = /^[ \t]*/.exec(text.slice(lineStart, statement.start))?.[0] ?? '';
  return {
    title: `Ignore ${ruleId} for this statement`,
    suppression: true,
    edits: [{ start: lineStart, end: lineStart, newText: `${indentation}-- fearless-ignore ${ruleId}\n` }],
  };
}
