/**
 * Runs the rules over one parsed file: builds the facts each rule reads,
 * applies the configured severities, and turns the parser's problems into
 * findings of their own.
 */

import { versionGateOf } from '../sql/versionGates';
import type { ProjectConfig } from '../config/projectConfig';
import type { FileFacts } from '../migrations/fileFacts';
import type { ParsedSql } from '../sql/parseSql';
import { KNOWN_RULE_IDS, RULES, TEXT_FINDINGS } from './registry';
import type { Finding, Severity } from './rule';
import { scaleBySize } from './sizeScaling';
import { isSuppressed, readSuppressions, statementContaining, suppressionFix } from './suppressions';

/** A migration file as linting leaves it: parsed, its facts, its findings. */
export interface MigrationAnalysis {
  parsed: ParsedSql;
  facts: FileFacts;
  findings: Finding[];
}

export interface LintFileInput {
  parsed: ParsedSql;
  /** The facts of this parse (from `factsOfFile`). */
  facts: FileFacts;
  config: ProjectConfig;
  /** UTF-16 offset of the first byte that was not valid UTF-8, when the file had one. */
  invalidUtf8Offset?: number;
}

type SeverityOf = (ruleId: string, fallback: Severity | 'off') => Severity | undefined;

/** Findings about the text itself: bytes that are not UTF-8, syntax newer than the target, what the parser rejects. */
function textFindings(input: LintFileInput, severityOf: SeverityOf): Finding[] {
  const { parsed, config } = input;
  const findings: Finding[] = [];
  const utf8Severity = severityOf('invalid-utf8', TEXT_FINDINGS['invalid-utf8'].severity);
  if (input.invalidUtf8Offset !== undefined && utf8Severity) {
    findings.push({
      ruleId: 'invalid-utf8',
      severity: utf8Severity,
      start: input.invalidUtf8Offset,
      end: Math.min(input.invalidUtf8Offset + 1, parsed.text.length),
      message: 'The file is not valid UTF-8 here, which PostgreSQL rejects',
      advice: 'Save the file as UTF-8. The bad bytes are read as U+FFFD and the rest is checked.',
    });
  }
  const newerSeverity = severityOf('syntax-newer-than-target', TEXT_FINDINGS['syntax-newer-than-target'].severity);
  for (const statement of parsed.statements) {
    // Syntax read through an older spelling, or syntax the parser reads that older servers reject: the newer of the two.
    const gate = newerSeverity && config.pgVersion < 18 ? versionGateOf(statement) : undefined;
    const newer = [statement.newerSyntax, gate].filter((entry) => entry !== undefined).sort((a, b) => b!.minVersion - a!.minVersion)[0];
    if (!newer || !newerSeverity || config.pgVersion >= newer.minVersion) continue;
    findings.push({
      ruleId: 'syntax-newer-than-target',
      severity: newerSeverity,
      start: statement.start,
      end: statement.end,
      message: `${newer.feature} needs PostgreSQL ${newer.minVersion} (the migrations target ${config.pgVersion})`,
      advice: `PostgreSQL ${config.pgVersion} rejects it. Set pgVersion in fearless.config.json if the server is newer.`,
    });
  }
  for (const problem of parsed.problems) {
    const severity = severityOf(problem.code, TEXT_FINDINGS[problem.code].severity);
    if (severity)
      findings.push({
        ruleId: problem.code,
        severity,
        start: problem.start,
        end: problem.end,
        message: problem.message,
        ...(problem.advice ? { advice: problem.advice } : {}),
      });
  }
  return findings;
}

/** Every rule's findings, scaled by table size, each with its fixes and the fix that silences it. */
function ruleFindings(input: LintFileInput, severityOf: SeverityOf): Finding[] {
  const { parsed } = input;
  const findings: Finding[] = [];
  for (const rule of RULES) {
    const severity = severityOf(rule.id, rule.defaultSeverity);
    if (!severity) continue;
    let found: ReturnType<typeof rule.check>;
    try {
      found = rule.check(input.facts);
    } catch (error) {
      // A rule that trips over an odd statement must not take the whole file's findings with it.
      findings.push({
        ruleId: 'rule-failure',
        severity: 'warning',
        start: 0,
        end: 0,
        message: `The rule ${rule.id} failed on this file and was skipped`,
        advice: `A fearless bug: please report it with this error: ${error instanceof Error ? error.message : String(error)}`,
      });
      continue;
    }
    for (const finding of found) {
      const statement = statementContaining(parsed.statements, finding.start);
      // A file-level finding may sit on a tool's marker comment, outside any statement: it is still ignorable for the file.
      const ignore = suppressionFix(parsed.text, statement, rule.id, rule.fileLevel === true);
      const fixes = ignore ? [...(finding.fixes ?? []), ignore] : finding.fixes;
      const scaled = scaleBySize(severity, finding.message, statement ? input.facts.statements[statement.index] : undefined, input.facts.tableSizes);
      const advice = [scaled.sizeNote, finding.advice].filter(Boolean).join(' ');
      findings.push({
        ruleId: rule.id,
        ...finding,
        severity: scaled.severity,
        message: scaled.message,
        ...(advice ? { advice } : {}),
        ...(fixes ? { fixes } : {}),
      });
    }
  }
  return findings;
}

export function lintParsedFile(input: LintFileInput): Finding[] {
  const { parsed, config } = input;
  const severityOf: SeverityOf = (ruleId, fallback) => {
    const setting = config.rules[ruleId] ?? fallback;
    return setting === 'off' ? undefined : setting;
  };
  const findings = [...textFindings(input, severityOf), ...ruleFindings(input, severityOf)];
  const suppressions = readSuppressions(parsed);
  const unknownSeverity = severityOf('unknown-rule-in-ignore', TEXT_FINDINGS['unknown-rule-in-ignore'].severity);
  for (const named of suppressions.named) {
    if (KNOWN_RULE_IDS.has(named.ruleId) || !unknownSeverity) continue;
    findings.push({
      ruleId: 'unknown-rule-in-ignore',
      severity: unknownSeverity,
      start: named.start,
      end: named.end,
      message: `"${named.ruleId}" is not a fearless rule id, so this comment silences nothing`,
      advice: 'Run "fearless rules" for the list of rule ids.',
    });
  }
  return findings
    .filter((finding) => !isSuppressed(finding, statementContaining(parsed.statements, finding.start), suppressions))
    .sort((a, b) => a.start - b.start || a.end - b.end);
}
