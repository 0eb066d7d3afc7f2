/**
 * Rule tests through the real pipeline: a history folded into a schema
 * model, then parseSql → factsOfFile → lintParsedFile, keeping one rule's
 * findings. Fixes are applied and the result re-parsed.
 */

import assert from 'node:assert/strict';
import { defaultConfig } from '../../../server/src/config/projectConfig';
import type { ConventionName, PartRole, TransactionHandling } from '../../../server/src/migrations/conventions/convention';
import { factsOfFile, type TransactionMode } from '../../../server/src/migrations/fileFacts';
import { lintParsedFile, type Finding } from '../../../server/src/rules';
import { parseSql } from '../../../server/src/sql/parseSql';
import { applyEdits, schemaFrom } from '../../helpers/lintText';

export interface LintOptions {
  /** Migrations that ran before this one. */
  history?: string;
  pgVersion?: number;
  transactionMode?: TransactionMode;
  /** How the tool runs the file (default: one query string, `implicit`). */
  runs?: TransactionHandling;
  /** The file is a reverse migration (default: forward). */
  role?: PartRole;
  /** The migration tool's convention (default: plain). */
  convention?: ConventionName;
}

export async function findingsOf(ruleId: string, sql: string, options: LintOptions = {}): Promise<Finding[]> {
  const parsed = await parseSql(sql);
  assert.deepEqual(parsed.problems, [], `test SQL does not parse: ${sql}`);
  const config = { ...defaultConfig(), ...(options.pgVersion ? { pgVersion: options.pgVersion } : {}) };
  const facts = factsOfFile(parsed, await schemaFrom(options.history ?? ''), {
    pgVersion: config.pgVersion,
    transactionMode: options.transactionMode ?? 'auto',
    migrationPath: 'migration.sql',
    layout: {
      convention: options.convention ?? 'plain',
      forwardOnly: true,
      sections: [{ role: options.role ?? 'forward', start: 0, end: sql.length, transaction: options.runs ?? 'implicit', migrationId: 'migration.sql' }],
    },
  });
  return lintParsedFile({ parsed, facts, config }).filter((finding) => finding.ruleId === ruleId);
}

/** Asserts the rule fires (`count` times when given) and returns its findings. */
export async function fires(ruleId: string, sql: string, options: LintOptions = {}, count?: number): Promise<Finding[]> {
  const found = await findingsOf(ruleId, sql, options);
  assert.ok(found.length > 0, `${ruleId} should fire on:\n${sql}`);
  if (count !== undefined) assert.equal(found.length, count, `${ruleId} findings: ${JSON.stringify(found.map((f) => f.message))}`);
  return found;
}

export async function clean(ruleId: string, sql: string, options: LintOptions = {}): Promise<void> {
  const found = await findingsOf(ruleId, sql, options);
  assert.deepEqual(
    found.map((finding) => finding.message),
    [],
    `${ruleId} should not fire on:\n${sql}`,
  );
}

/** The text a finding underlines. */
export function underlined(sql: string, finding: Finding): string {
  return sql.slice(finding.start, finding.end);
}

/** Applies the finding's first repair (not the ignore comment); asserts the result parses. */
export async function applyRepair(sql: string, finding: Finding): Promise<string> {
  const repair = finding.fixes?.find((fix) => !fix.suppression);
  assert.ok(repair, `no repair offered for: ${finding.message}`);
  const fixed = applyEdits(sql, repair.edits);
  const reparsed = await parseSql(fixed);
  assert.deepEqual(reparsed.problems, [], `the repaired SQL does not parse:\n${fixed}`);
  return fixed;
}

/** Lints, applies the first finding's repair, and returns the repaired text. */
export async function repaired(ruleId: string, sql: string, options: LintOptions = {}): Promise<string> {
  const [finding] = await fires(ruleId, sql, options);
  return applyRepair(sql, finding!);
}

export function hasRepair(finding: Finding | undefined): boolean {
  return (finding?.fixes ?? []).some((fix) => !fix.suppression);
}
