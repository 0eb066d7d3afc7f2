/**
 * `fearless lint`: findings per file. Exit 1 when any finding has error
 * severity, so CI fails the build.
 *
 * JSON: {"files":[{"path":P,"diagnostics":[{"rule":ID,"severity":S,"message":M,"advice"?:A,
 * "range":{"start":{"line":L,"character":C},"end":{...}},"related"?:[...]}]}]} (0-based, UTF-16).
 */

import type { ProjectConfig } from '../config/projectConfig';
import type { MigrationHistory } from '../migrations/migrationHistory';
import type { TableSizes } from '../migrations/tableSizes';
import type { Finding } from '../rules/index';
import type { ParsedSql } from '../sql/parseSql';
import type { Range } from '../sql/textLines';
import { analyzeFile } from './analyzeFile';
import type { LintCache } from './lintCache';

export interface LintDiagnosticJson {
  rule: string;
  severity: Finding['severity'];
  message: string;
  /** The safe way, when the rule says one (a sentence or two); the message stays one short sentence. */
  advice?: string;
  range: Range;
  /** Present only when the finding points elsewhere too (e.g. into the paired reverse). */
  related?: { path: string; range: Range; message: string }[];
}

export interface LintFileJson {
  path: string;
  diagnostics: LintDiagnosticJson[];
}

export interface LintOutcome {
  files: LintFileJson[];
  errorCount: number;
  warningCount: number;
}

/** One analysed file's findings as `fearless lint --format json` lists them (also `fearless mcp`'s lint tool). */
export function diagnosticsOf(analysis: { parsed: ParsedSql; findings: readonly Finding[] }): LintDiagnosticJson[] {
  return analysis.findings.map((finding) => ({
    rule: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    ...(finding.advice ? { advice: finding.advice } : {}),
    range: analysis.parsed.lines.rangeOf(finding.start, finding.end),
    ...(finding.related && finding.related.length > 0 ? { related: finding.related } : {}),
  }));
}

/** The files' diagnostics with the error and warning counts the exit status and the summary line need. */
export function lintOutcomeOf(files: LintFileJson[]): LintOutcome {
  const outcome: LintOutcome = { files, errorCount: 0, warningCount: 0 };
  for (const diagnostic of files.flatMap((file) => file.diagnostics)) {
    if (diagnostic.severity === 'error') outcome.errorCount++;
    else if (diagnostic.severity === 'warning') outcome.warningCount++;
  }
  return outcome;
}

export async function lintFiles(
  files: readonly string[],
  config: ProjectConfig,
  history: MigrationHistory,
  cache?: LintCache,
  tableSizes?: TableSizes,
): Promise<LintOutcome> {
  const linted: LintFileJson[] = [];
  for (const file of files) {
    let diagnostics = cache?.get(file);
    if (!diagnostics) {
      const analysis = await analyzeFile(file, config, history, tableSizes);
      diagnostics = diagnosticsOf(analysis);
      if (!analysis.findings.some((finding) => finding.ruleId === 'unreadable-file')) cache?.set(file, diagnostics);
    }
    linted.push({ path: file, diagnostics });
  }
  cache?.save();
  return lintOutcomeOf(linted);
}

export function formatLintText(outcome: LintOutcome): string {
  const lines: string[] = [];
  let total = 0;
  for (const file of outcome.files) {
    if (file.diagnostics.length === 0) continue;
    lines.push(file.path);
    for (const diagnostic of file.diagnostics) {
      total++;
      const where = `${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}`;
      lines.push(`  ${where.padEnd(8)} ${diagnostic.severity.padEnd(7)} ${diagnostic.message}  ${diagnostic.rule}`);
      // The safe way under the finding, indented past the position and severity columns.
      if (diagnostic.advice) lines.push(`  ${''.padEnd(8)} ${''.padEnd(7)} ↳ ${diagnostic.advice}`);
    }
    lines.push('');
  }
  const checked = `${outcome.files.length} file${outcome.files.length === 1 ? '' : 's'} checked`;
  lines.push(
    total === 0
      ? `No problems (${checked}).`
      : `${total} problem${total === 1 ? '' : 's'} (${outcome.errorCount} error${outcome.errorCount === 1 ? '' : 's'}, ` +
          `${outcome.warningCount} warning${outcome.warningCount === 1 ? '' : 's'}); ${checked}.`,
  );
  return `${lines.join('\n')}\n`;
}
