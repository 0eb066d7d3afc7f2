/**
 * The shadow test's report: what broke first (queries that fail after the
 * migration), then different results with a few differing rows side by
 * side, then queries that got slower, then what was not replayed. JSON
 * holds every replayed query with its timing on both sides.
 */

import type { SkippedCapture } from './capture/capturedQuery';
import type { Difference } from './compareOutcomes';
import { SLOWER_RATIO, type QueryComparison } from './runShadow';
import { counted } from '../wording';

export interface ShadowRun {
  migration: string;
  capture: string;
  format: string;
  database: string;
  /** Statements in the capture (before deduplication), and those replayed. */
  captured: number;
  comparisons: QueryComparison[];
  skipped: SkippedCapture[];
  /** Replayable queries left out by --limit or --sample. */
  leftOut: number;
}

export interface ShadowSummary {
  captured: number;
  replayed: number;
  reads: number;
  writes: number;
  skipped: number;
  leftOut: number;
  identical: number;
  failsAfter: number;
  different: number;
  slower: number;
  bothFailed: number;
  beforeMs: number;
  afterMs: number;
}

export function summarize(run: ShadowRun): ShadowSummary {
  const count = (test: (comparison: QueryComparison) => boolean): number => run.comparisons.filter(test).length;
  const has = (comparison: QueryComparison, kind: Difference['kind']): boolean => comparison.differences.some((difference) => difference.kind === kind);
  return {
    captured: run.captured,
    replayed: run.comparisons.length,
    reads: count((comparison) => comparison.query.kind === 'read'),
    writes: count((comparison) => comparison.query.kind === 'write'),
    skipped: run.skipped.length,
    leftOut: run.leftOut,
    identical: count((comparison) => comparison.differences.length === 0 && !comparison.slower && !comparison.bothFailed),
    failsAfter: count((comparison) => has(comparison, 'fails-after')),
    different: count((comparison) => comparison.differences.length > 0 && !has(comparison, 'fails-after')),
    slower: count((comparison) => comparison.slower === true),
    bothFailed: count((comparison) => comparison.bothFailed !== undefined),
    beforeMs: Math.round(run.comparisons.reduce((sum, comparison) => sum + comparison.beforeMs, 0)),
    afterMs: Math.round(run.comparisons.reduce((sum, comparison) => sum + comparison.afterMs, 0)),
  };
}

/** Differences or slower: the run fails (exit 1). */
export function hasFindings(summary: ShadowSummary): boolean {
  return summary.failsAfter + summary.different + summary.slower > 0;
}

/** The report as data: what `fearless shadow --format json` prints and `fearless/shadow` answers. */
export function shadowReportData(run: ShadowRun): Record<string, unknown> {
  return {
    migration: run.migration,
    capture: run.capture,
    format: run.format,
    database: run.database,
    summary: summarize(run),
    queries: run.comparisons.map((comparison) => ({
      sql: comparison.query.sql,
      ...(comparison.query.parameters ? { parameters: comparison.query.parameters } : {}),
      ...(comparison.query.sampled ? { sampled: true } : {}),
      kind: comparison.query.kind,
      file: comparison.query.file,
      line: comparison.query.line,
      occurrences: comparison.query.occurrences,
      beforeMs: Number(comparison.beforeMs.toFixed(3)),
      afterMs: Number(comparison.afterMs.toFixed(3)),
      differences: comparison.differences,
      ...(comparison.slower ? { slower: true } : {}),
      ...(comparison.bothFailed ? { bothFailed: comparison.bothFailed } : {}),
    })),
    skipped: run.skipped,
  };
}

export function shadowJson(run: ShadowRun): string {
  return `${JSON.stringify(shadowReportData(run))}\n`;
}

const oneLine = (sql: string, limit = 120): string => {
  const flat = sql.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
};

const cell = (value: string | null): string => (value === null ? '*NULL*' : value.replace(/\|/g, '\\|').replace(/\n/g, ' '));

function where(comparison: QueryComparison): string {
  const { query } = comparison;
  const parameters = query.parameters
    ? ` with ${query.sampled ? 'sampled ' : ''}${query.parameters.map((value) => (value === null ? 'NULL' : `'${value}'`)).join(', ')}`
    : '';
  return `${query.file}:${query.line}${query.occurrences > 1 ? `, ${query.occurrences}× in the capture` : ''}${parameters}`;
}

function differenceMarkdown(difference: Difference): string[] {
  switch (difference.kind) {
    case 'fails-after':
      return [`Fails after the migration: ${difference.error}`];
    case 'fails-before':
      return [`Fails before the migration, works after it: ${difference.error}`];
    case 'columns':
      return [`Columns differ: before \`${difference.before.join(', ')}\`, after \`${difference.after.join(', ')}\`.`];
    case 'affected':
      return [`Rows affected: ${difference.before} before, ${difference.after} after.`];
    case 'rows': {
      const lines = [
        `Rows differ (${difference.beforeCount} before, ${difference.afterCount} after${difference.ordered ? ', compared in ORDER BY order' : ''}). ${
          difference.ordered ? 'From the first differing row:' : 'Rows found on one side only:'
        }`,
        '',
        '| before | after |',
        '| --- | --- |',
      ];
      const height = Math.max(difference.onlyBefore.length, difference.onlyAfter.length);
      for (let i = 0; i < height; i++) {
        const side = (row: (string | null)[] | undefined): string => (row ? `(${row.map(cell).join(', ')})` : '');
        lines.push(`| ${side(difference.onlyBefore[i])} | ${side(difference.onlyAfter[i])} |`);
      }
      return lines;
    }
  }
}

export function shadowMarkdown(run: ShadowRun): string {
  const summary = summarize(run);
  const lines: string[] = [`# Shadow test: ${run.migration}`, ''];
  lines.push(
    `Replayed ${counted(summary.replayed, 'distinct statement')} (${counted(summary.reads, 'read')}, ${counted(summary.writes, 'write')} in rolled-back transactions) of the ${summary.captured} in \`${run.capture}\` (${run.format}) on ${run.database}, before and after the migration.`,
    '',
  );
  const verdict = hasFindings(summary)
    ? `**${summary.failsAfter} fail after the migration, ${summary.different} give different results, ${summary.slower} got ${SLOWER_RATIO}× slower or more.**`
    : '**No differences: every replayed statement gives the same result before and after the migration.**';
  lines.push(verdict, '');
  lines.push(
    `| replayed | identical | fail after | different | slower | failed on both sides | skipped | left out (--limit/--sample) |`,
    `| --- | --- | --- | --- | --- | --- | --- | --- |`,
    `| ${summary.replayed} | ${summary.identical} | ${summary.failsAfter} | ${summary.different} | ${summary.slower} | ${summary.bothFailed} | ${summary.skipped} | ${summary.leftOut} |`,
    '',
  );
  const failing = run.comparisons.filter((comparison) => comparison.differences.some((difference) => difference.kind === 'fails-after'));
  const different = run.comparisons.filter((comparison) => comparison.differences.length > 0 && !failing.includes(comparison));
  if (failing.length > 0) {
    lines.push('## Fails after the migration (the old code breaks on the new schema)', '');
    for (const comparison of failing)
      lines.push(`- \`${oneLine(comparison.query.sql)}\` (${where(comparison)}): ${(comparison.differences[0] as { error: string }).error}`);
    lines.push('');
  }
  if (different.length > 0) {
    lines.push('## Different results', '');
    for (const comparison of different) {
      lines.push(`### \`${oneLine(comparison.query.sql)}\``, '', `${comparison.query.kind === 'write' ? 'Write' : 'Read'} at ${where(comparison)}.`, '');
      for (const difference of comparison.differences) lines.push(...differenceMarkdown(difference), '');
    }
  }
  const slower = run.comparisons.filter((comparison) => comparison.slower);
  if (slower.length > 0) {
    lines.push(`## ${SLOWER_RATIO}× slower or more after the migration`, '', '| query | before | after | ratio |', '| --- | --- | --- | --- |');
    for (const comparison of slower) {
      lines.push(
        `| \`${cell(oneLine(comparison.query.sql, 80))}\` | ${comparison.beforeMs.toFixed(2)} ms | ${comparison.afterMs.toFixed(2)} ms | ${(comparison.afterMs / Math.max(comparison.beforeMs, 0.001)).toFixed(1)}× |`,
      );
    }
    lines.push('');
  }
  const bothFailed = run.comparisons.filter((comparison) => comparison.bothFailed);
  if (bothFailed.length > 0) {
    lines.push('## Failed on both sides (not a difference; the seed or the schema never served them)', '');
    for (const comparison of bothFailed.slice(0, 20)) lines.push(`- \`${oneLine(comparison.query.sql)}\`: ${comparison.bothFailed!.after}`);
    if (bothFailed.length > 20) lines.push(`- … and ${bothFailed.length - 20} more (see --format json)`);
    lines.push('');
  }
  lines.push('## Timing', '', `Total: ${summary.beforeMs} ms before, ${summary.afterMs} ms after.`, '');
  const slowest = [...run.comparisons].sort((a, b) => b.afterMs - a.afterMs).slice(0, 5);
  if (slowest.length > 0) {
    lines.push('| slowest after the migration | before | after |', '| --- | --- | --- |');
    for (const comparison of slowest)
      lines.push(`| \`${cell(oneLine(comparison.query.sql, 80))}\` | ${comparison.beforeMs.toFixed(2)} ms | ${comparison.afterMs.toFixed(2)} ms |`);
    lines.push('');
  }
  if (run.skipped.length > 0) {
    lines.push('## Not replayed', '');
    const reasons = new Map<string, number>();
    for (const skipped of run.skipped) reasons.set(skipped.reason, (reasons.get(skipped.reason) ?? 0) + 1);
    for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1])) lines.push(`- ${count} × ${reason}`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
