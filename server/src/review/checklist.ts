/**
 * The reviewer's checklist for one migration, each item answered with
 * evidence from the analysis and the drill: both halves present, the pair
 * rehearsed, schema changes listed for downstream consumers, the cost on
 * large tables, the locks per statement, and whether the change can ship
 * apart from the code that depends on it.
 */

import { drillSucceeded } from '../drill/runDrill';
import * as path from 'node:path';
import type { MigrationAnalysis } from '../rules/lintFile';
import type { PairDrill } from '../drill/drillReport';
import { describeBlocking, lockModesConflict } from '../locks/lockModes';
import { effectsInOrder, type Effect } from '../schema/effects';

export type ItemStatus = 'pass' | 'fail' | 'warn' | 'info' | 'n/a';

export interface ChecklistItem {
  id: 'pair-present' | 'lint-clean' | 'drill-passed' | 'schema-changes' | 'large-tables' | 'locks' | 'deploy-separately';
  title: string;
  status: ItemStatus;
  /** What the answer rests on, a line each. */
  evidence: string[];
}

export interface MigrationReview {
  forward: string;
  reverse: string | null;
  items: ChecklistItem[];
}

export interface ReviewInput {
  file: string;
  analysis: MigrationAnalysis;
  /** The drill of this pair, when it ran (undefined: not drilled). */
  drill: PairDrill | undefined;
}

function forwardStatements(analysis: MigrationAnalysis): MigrationAnalysis['facts']['statements'] {
  const forward = analysis.facts.layout.sections.filter((section) => section.role === 'forward');
  return analysis.facts.statements.filter((facts) => forward.some((section) => facts.statement.start >= section.start && facts.statement.start < section.end));
}

function lineOf(analysis: MigrationAnalysis, offset: number): number {
  return analysis.parsed.lines.positionAt(offset).line + 1;
}

function pairPresent(input: ReviewInput): ChecklistItem {
  const title = 'Forward and reverse migrations are both present';
  const pair = input.analysis.facts.pairs?.sections.find((candidate) => candidate.section.role === 'forward');
  if (input.analysis.facts.pairs?.forwardOnly)
    return { id: 'pair-present', title, status: 'n/a', evidence: [`${input.analysis.facts.layout.convention} has no reverse migrations.`] };
  if (!pair?.counterpart) return { id: 'pair-present', title, status: 'fail', evidence: ['No reverse could be paired with this forward.'] };
  if (!pair.counterpart.exists)
    return { id: 'pair-present', title, status: 'fail', evidence: [`The reverse ${path.basename(pair.counterpart.file)} does not exist.`] };
  const empty = pair.other && pair.other.statementCount === 0;
  return {
    id: 'pair-present',
    title,
    status: empty ? 'fail' : 'pass',
    evidence: [
      `Reverse: ${path.basename(pair.counterpart.file)}${pair.counterpart.file === input.file ? ' (section)' : ''}${empty ? ', which has no statements' : ''}.`,
    ],
  };
}

function lintClean(input: ReviewInput): ChecklistItem {
  const errors = input.analysis.findings.filter((finding) => finding.severity === 'error');
  const warnings = input.analysis.findings.filter((finding) => finding.severity === 'warning');
  return {
    id: 'lint-clean',
    title: 'No error-severity findings (risky locks, unsafe patterns, reverse gaps)',
    status: errors.length > 0 ? 'fail' : warnings.length > 0 ? 'warn' : 'pass',
    evidence: [...errors, ...warnings].map(
      (finding) =>
        `line ${lineOf(input.analysis, finding.start)}: ${finding.severity} ${finding.ruleId}: ${finding.message}${finding.advice ? `. ${finding.advice}` : ''}`,
    ),
  };
}

function drillPassed(input: ReviewInput): ChecklistItem {
  const title = 'Both directions rehearsed (rollback drill passed on the current files)';
  const drill = input.drill;
  if (!drill) return { id: 'drill-passed', title, status: 'fail', evidence: ['Not drilled: run `fearless drill` (or review without --no-drill).'] };
  const outcome = { pass: 'Passed', accepted: 'Passed, with an enum value PostgreSQL cannot drop', fail: 'Failed' }[drill.verdict];
  const evidence = [
    `${outcome} on ${drill.database}; pair hash ${drill.pairHash.slice(0, 16)}.`,
    ...drill.reasons,
    ...drill.notes.map((note) => `Note: ${note}`),
  ];
  return { id: 'drill-passed', title, status: drillSucceeded(drill.verdict) ? 'pass' : 'fail', evidence };
}

const DESCRIBED: Partial<Record<Effect['action'], string>> = {
  create: 'adds',
  drop: 'drops',
  rename: 'renames',
  set: 'sets',
  unset: 'removes',
  change: 'changes',
};

function schemaChanges(effects: readonly Effect[]): ChecklistItem {
  const visible = effects.filter((effect) =>
    ['table', 'view', 'materialized view', 'column', 'column type', 'column not null', 'column default', 'enum value', 'type', 'function'].includes(
      effect.kind,
    ),
  );
  return {
    id: 'schema-changes',
    title: 'Schema changes listed for downstream consumers (APIs, ETL, replicas, analytics)',
    status: 'info',
    evidence:
      visible.length > 0
        ? visible.map(
            (effect) =>
              `${DESCRIBED[effect.action] ?? effect.action} ${effect.kind} ${effect.name}${effect.to ? ` → ${effect.to}` : ''}${effect.destroysData ? ' (loses data)' : ''}`,
          )
        : ['No tables, columns, types or functions change.'],
  };
}

function largeTables(input: ReviewInput): ChecklistItem {
  const { tableSizes } = input.analysis.facts;
  const evidence: string[] = [];
  const heavyStatements: { start: number; end: number }[] = [];
  let blocking = false;
  for (const facts of forwardStatements(input.analysis)) {
    for (const lock of facts.locks) {
      if (!lock.rewrite && !lock.scan) continue;
      if (facts.tablesCreatedEarlierInFile.has(lock.relation)) continue;
      // A scan that lets writes go on (VALIDATE CONSTRAINT, CREATE INDEX CONCURRENTLY) is the online way: listed, not flagged.
      const blocksWrites = lockModesConflict(lock.mode, 'ROW EXCLUSIVE');
      blocking ||= blocksWrites;
      heavyStatements.push(facts.statement);
      const size = tableSizes.describe(lock.relation);
      evidence.push(
        `line ${lineOf(input.analysis, facts.statement.start)}: ${lock.rewrite ? 'rewrites' : 'scans'} ${lock.relation}${size ? ` (${size})` : ' (size unknown)'} under ${lock.mode}${blocksWrites ? ', writes wait' : ', writes go on'}: ${lock.reason}`,
      );
    }
  }
  const safer = input.analysis.findings
    .filter(
      (finding) =>
        // The safe way is the advice, whether or not a quick fix can write it here.
        (finding.advice !== undefined || finding.fixes?.some((fix) => !fix.suppression)) &&
        heavyStatements.some((statement) => finding.start >= statement.start && finding.start <= statement.end),
    )
    .map((finding) => `Safer (${finding.ruleId}): ${finding.advice ?? finding.message}`);
  return {
    id: 'large-tables',
    title: 'Performance on large tables (rewrites and scans under lock, and the online alternative)',
    status: blocking ? 'warn' : 'pass',
    evidence: evidence.length > 0 ? [...evidence, ...safer] : ['No statement rewrites or scans an existing table.'],
  };
}

function locks(input: ReviewInput): ChecklistItem {
  const evidence: string[] = [];
  for (const facts of forwardStatements(input.analysis)) {
    for (const lock of facts.locks) {
      const isNew = facts.tablesCreatedEarlierInFile.has(lock.relation);
      evidence.push(
        `line ${lineOf(input.analysis, facts.statement.start)}: ${lock.mode} on ${lock.relation}${isNew ? ' (created in this migration)' : `: ${describeBlocking(lock.mode)}`}`,
      );
    }
  }
  const observed = input.drill?.locks?.filter((lock) => !lock.agrees) ?? [];
  for (const lock of observed)
    evidence.push(`The drill saw ${lock.observed ?? 'no lock'} on ${lock.relation} where ${lock.predicted ?? 'none'} was predicted.`);
  return {
    id: 'locks',
    title: 'Locks held are minimal and documented (per statement; checked against pg_locks in the drill)',
    status: observed.length > 0 ? 'warn' : 'info',
    evidence: evidence.length > 0 ? evidence : ['No locks on existing relations.'],
  };
}

function deploySeparately(effects: readonly Effect[]): ChecklistItem {
  const breaking = effects.filter(
    (effect) =>
      (effect.action === 'rename' && ['table', 'column', 'view'].includes(effect.kind)) ||
      (effect.action === 'drop' && ['table', 'column', 'view'].includes(effect.kind)) ||
      (effect.action === 'set' && effect.kind === 'column not null') ||
      (effect.action === 'change' && effect.kind === 'column type'),
  );
  return {
    id: 'deploy-separately',
    title: 'Deployable apart from the application change (no rename, drop or NOT NULL the running code depends on)',
    status: breaking.length > 0 ? 'warn' : 'pass',
    evidence:
      breaking.length > 0
        ? breaking.map(
            (effect) =>
              `${DESCRIBED[effect.action] ?? effect.action} ${effect.kind} ${effect.name}${effect.to ? ` → ${effect.to}` : ''}: the code running during the deploy may still use it; ship it as expand, migrate, contract.`,
          )
        : ['Only additive changes: the running code keeps working.'],
  };
}

export function reviewMigration(input: ReviewInput): MigrationReview {
  // Read against the history, so CREATE OR REPLACE of something new is an addition, not a change.
  const effects = effectsInOrder(
    forwardStatements(input.analysis).map((facts) => facts.statement),
    input.analysis.facts.schemaBefore,
    input.file,
  ).effects;
  const pair = input.analysis.facts.pairs?.sections.find((candidate) => candidate.section.role === 'forward');
  return {
    forward: input.file,
    reverse: pair?.counterpart?.exists ? pair.counterpart.file : null,
    items: [pairPresent(input), lintClean(input), drillPassed(input), schemaChanges(effects), largeTables(input), locks(input), deploySeparately(effects)],
  };
}
