/**
 * `fearless locks`: the lock facts of every statement, in file order, even
 * statements that take no lock.
 *
 * JSON: {"files":[{"path":P,"statements":[{"index":I,"range":R,"sql":S,
 * "locks":[{"relation":NAME,"mode":M,"rewrite":B,"scan":B}]}]}]}
 */

import type { ProjectConfig } from '../config/projectConfig';
import type { LockMode } from '../locks/lockModes';
import { MigrationHistory } from '../migrations/migrationHistory';
import type { TableSizes } from '../migrations/tableSizes';
import type { FileFacts } from '../migrations/fileFacts';
import type { ParsedSql } from '../sql/parseSql';
import type { Range } from '../sql/textLines';
import { analyzeFile } from './analyzeFile';

export interface LockJson {
  relation: string;
  mode: LockMode;
  rewrite: boolean;
  scan: boolean;
  reason: string;
  /** Present when the relation is not a table: `index` or `sequence`. */
  relationKind?: 'index' | 'sequence';
  /** Present when PostgreSQL takes this lock only in some cases (e.g. a partition not pruned away). */
  onlyWhen?: string;
  /** A version or situation note (e.g. "no rewrite when the session TimeZone is UTC"). */
  note?: string;
}

export interface StatementLocksJson {
  index: number;
  range: Range;
  sql: string;
  locks: LockJson[];
  /** Present when the statement does not parse; its locks are then unknown and listed as []. */
  syntaxError?: string;
}

export interface LocksFileJson {
  path: string;
  statements: StatementLocksJson[];
}

export async function lockReport(files: readonly string[], config: ProjectConfig, tableSizes?: TableSizes): Promise<{ files: LocksFileJson[] }> {
  const history = new MigrationHistory(false, config.convention);
  const report: { files: LocksFileJson[] } = { files: [] };
  for (const file of files) {
    const analysis = await analyzeFile(file, config, history, tableSizes);
    report.files.push({ path: file, statements: statementLocksOf(analysis) });
  }
  return report;
}

/** One analysed file's statements with their locks, as `fearless locks --format json` lists them (also `fearless mcp`'s locks tool). */
export function statementLocksOf(analysis: { parsed: ParsedSql; facts: FileFacts | undefined }): StatementLocksJson[] {
  return (analysis.facts?.statements ?? []).map(({ statement, locks }): StatementLocksJson => {
    const entry: StatementLocksJson = {
      index: statement.index,
      range: analysis.parsed.lines.rangeOf(statement.start, statement.end),
      sql: statement.text,
      locks: locks.map((lock) => ({
        relation: lock.relation,
        mode: lock.mode,
        rewrite: lock.rewrite,
        scan: lock.scan,
        reason: lock.reason,
        ...(lock.relationKind ? { relationKind: lock.relationKind } : {}),
        ...(lock.onlyWhen ? { onlyWhen: lock.onlyWhen } : {}),
        ...(lock.note ? { note: lock.note } : {}),
      })),
    };
    if (statement.kind === undefined) {
      const problem = analysis.parsed.problems.find((p) => p.start >= statement.start && p.start < statement.end);
      entry.syntaxError = problem?.message ?? 'The statement does not parse.';
    }
    return entry;
  });
}

export function formatLocksText(report: { files: LocksFileJson[] }): string {
  const lines: string[] = [];
  for (const file of report.files) {
    lines.push(file.path);
    for (const statement of file.statements) {
      const firstLine = statement.sql.split('\n', 1)[0] ?? '';
      const excerpt = firstLine.length > 70 ? `${firstLine.slice(0, 69)}…` : firstLine;
      lines.push(`  ${String(statement.range.start.line + 1).padStart(5)}  ${excerpt}`);
      if (statement.syntaxError) lines.push(`         ! does not parse: ${statement.syntaxError}`);
      for (const lock of statement.locks) {
        const effects = [lock.rewrite ? 'rewrites' : '', lock.scan ? 'scans' : ''].filter(Boolean).join(', ');
        const kind = lock.relationKind ? `${lock.relationKind} ` : '';
        lines.push(
          `         ${lock.mode} on ${kind}${lock.relation}${effects ? ` (${effects})` : ''}: ${lock.reason}${lock.onlyWhen ? ` [only when ${lock.onlyWhen}]` : ''}`,
        );
        if (lock.note) lines.push(`           note: ${lock.note}`);
      }
    }
    lines.push('');
  }
  return lines.join('\n');
}
