/**
 * The shadow test's report as the page of a webview: the summary counts,
 * queries that fail after the migration, each different result with its
 * differing rows side by side, slower queries, and what was not replayed.
 * No scripts; every text from the report is escaped; colours come from the
 * editor's theme.
 */

import { counted } from '../../../server/src/wording';

type Row = (string | null)[];

interface Difference {
  kind: string;
  error?: string;
  before?: unknown;
  after?: unknown;
  beforeCount?: number;
  afterCount?: number;
  onlyBefore?: Row[];
  onlyAfter?: Row[];
  ordered?: boolean;
}

interface ReportQuery {
  sql: string;
  parameters?: (string | null)[];
  kind: string;
  file: string;
  line: number;
  occurrences: number;
  beforeMs: number;
  afterMs: number;
  differences: Difference[];
  slower?: boolean;
}

export interface ShadowReportData {
  migration: string;
  capture: string;
  format: string;
  database: string;
  summary: Record<string, number>;
  queries: ReportQuery[];
  skipped: { sql: string; reason: string }[];
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const value = (cell: string | null): string => (cell === null ? '<span class="null">NULL</span>' : escapeHtml(cell));
const row = (cells: Row | undefined): string => (cells ? `(${cells.map(value).join(', ')})` : '');

function where(query: ReportQuery): string {
  const parameters = query.parameters
    ? ` · parameters ${query.parameters.map((parameter) => (parameter === null ? 'NULL' : `'${parameter}'`)).join(', ')}`
    : '';
  return escapeHtml(`${query.kind} · ${query.file}:${query.line}${query.occurrences > 1 ? ` · ${query.occurrences}× in the capture` : ''}${parameters}`);
}

function differenceHtml(difference: Difference): string {
  switch (difference.kind) {
    case 'fails-after':
      return `<p class="bad">Fails after the migration: ${escapeHtml(difference.error ?? '')}</p>`;
    case 'fails-before':
      return `<p>Fails before the migration, works after it: ${escapeHtml(difference.error ?? '')}</p>`;
    case 'columns':
      return `<p>Columns differ:</p><table><tr><th>before</th><th>after</th></tr><tr><td>${escapeHtml(String((difference.before as string[]).join(', ')))}</td><td>${escapeHtml(String((difference.after as string[]).join(', ')))}</td></tr></table>`;
    case 'affected':
      return `<p>Rows affected: ${Number(difference.before)} before, ${Number(difference.after)} after.</p>`;
    case 'rows': {
      const height = Math.max(difference.onlyBefore?.length ?? 0, difference.onlyAfter?.length ?? 0);
      const rows = Array.from(
        { length: height },
        (_, i) => `<tr><td>${row(difference.onlyBefore?.[i])}</td><td>${row(difference.onlyAfter?.[i])}</td></tr>`,
      ).join('');
      const how = difference.ordered ? 'in ORDER BY order, from the first differing row' : 'rows on one side only';
      return `<p>Rows differ: ${Number(difference.beforeCount)} before, ${Number(difference.afterCount)} after (${how}).</p><table><tr><th>before</th><th>after</th></tr>${rows}</table>`;
    }
    default:
      return `<p>${escapeHtml(difference.kind)}</p>`;
  }
}

export function shadowHtml(report: ShadowReportData, cspSource: string): string {
  const summary = report.summary;
  const failing = report.queries.filter((query) => query.differences.some((difference) => difference.kind === 'fails-after'));
  const different = report.queries.filter((query) => query.differences.length > 0 && !failing.includes(query));
  const slower = report.queries.filter((query) => query.slower);
  const reasons = new Map<string, number>();
  for (const skipped of report.skipped) reasons.set(skipped.reason, (reasons.get(skipped.reason) ?? 0) + 1);
  const section = (title: string, body: string): string => `<section><h2>${escapeHtml(title)}</h2>${body}</section>`;
  const queryBlock = (query: ReportQuery): string =>
    `<div class="query"><pre>${escapeHtml(query.sql)}</pre><p class="where">${where(query)}</p>${query.differences.map(differenceHtml).join('')}</div>`;
  const clean = (summary['failsAfter'] ?? 0) + (summary['different'] ?? 0) + (summary['slower'] ?? 0) === 0;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'unsafe-inline';">
<title>Shadow test</title>
<style>
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); padding: 0 1.5em 2em; }
table { border-collapse: collapse; margin: 0.5em 0; }
th, td { border: 1px solid var(--vscode-panel-border); padding: 0.2em 0.6em; text-align: left; font-family: var(--vscode-editor-font-family); }
pre { background: var(--vscode-textCodeBlock-background); padding: 0.5em; white-space: pre-wrap; }
.bad { color: var(--vscode-errorForeground); }
.good { color: var(--vscode-testing-iconPassed); }
.null { opacity: 0.6; font-style: italic; }
.where { opacity: 0.8; }
.query { border-left: 3px solid var(--vscode-editorWarning-foreground); padding-left: 0.8em; margin: 1em 0; }
</style></head><body>
<h1>Shadow test: ${escapeHtml(report.migration)}</h1>
<p>${escapeHtml(`${counted(Number(summary['replayed'] ?? 0), 'distinct statement')} of ${report.capture} (${report.format}) replayed on ${report.database}, before and after the migration.`)}</p>
<p class="${clean ? 'good' : 'bad'}"><strong>${
    clean
      ? 'No differences: every replayed statement gives the same result before and after the migration.'
      : escapeHtml(
          `${summary['failsAfter'] ?? 0} fail after the migration, ${summary['different'] ?? 0} give different results, ${summary['slower'] ?? 0} got 10× slower or more.`,
        )
  }</strong></p>
<table><tr>${['replayed', 'identical', 'fail after', 'different', 'slower', 'failed on both sides', 'skipped', 'left out'].map((name) => `<th>${name}</th>`).join('')}</tr>
<tr>${['replayed', 'identical', 'failsAfter', 'different', 'slower', 'bothFailed', 'skipped', 'leftOut'].map((key) => `<td>${Number(summary[key] ?? 0)}</td>`).join('')}</tr></table>
${failing.length > 0 ? section('Fails after the migration (the old code breaks on the new schema)', failing.map(queryBlock).join('')) : ''}
${different.length > 0 ? section('Different results', different.map(queryBlock).join('')) : ''}
${
  slower.length > 0
    ? section(
        '10× slower or more after the migration',
        `<table><tr><th>query</th><th>before</th><th>after</th></tr>${slower.map((query) => `<tr><td>${escapeHtml(query.sql)}</td><td>${query.beforeMs.toFixed(2)} ms</td><td>${query.afterMs.toFixed(2)} ms</td></tr>`).join('')}</table>`,
      )
    : ''
}
${section('Timing', `<p>${Number(summary['beforeMs'] ?? 0)} ms before, ${Number(summary['afterMs'] ?? 0)} ms after.</p>`)}
${reasons.size > 0 ? section('Not replayed', `<ul>${[...reasons].map(([reason, count]) => `<li>${count} × ${escapeHtml(reason)}</li>`).join('')}</ul>`) : ''}
</body></html>`;
}
