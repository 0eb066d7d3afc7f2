/**
 * A drill as the reviewer reads it: Markdown with each step, the schema
 * differences, and the locks observed against those predicted. (The JSON
 * form is the result itself.)
 */

import { drillSucceeded } from './runDrill';
import * as path from 'node:path';
import type { DrillResult, SchemaDiff } from './runDrill';
import { shortened } from '../wording';

export interface PairDrill extends DrillResult {
  forward: string;
  reverse: string | null;
  /** SHA-256 of the forward and reverse texts the drill ran. */
  pairHash: string;
}

function diffBlock(diff: SchemaDiff): string {
  return ['```diff', ...diff.missing.map((line) => `- ${line}`), ...diff.extra.map((line) => `+ ${line}`), '```'].join('\n');
}

function schemaSection(title: string, diff: SchemaDiff | undefined, same: string): string[] {
  if (!diff) return [];
  if (diff.missing.length === 0 && diff.extra.length === 0) return [`**${title}:** ${same}`, ''];
  return [`**${title}:** differs (\`-\` expected but missing, \`+\` unexpected):`, '', diffBlock(diff), ''];
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function drillMarkdown(drill: PairDrill, relativeTo: string): string {
  const name = (file: string): string => path.relative(relativeTo, file) || path.basename(file);
  const lines = [
    `## Drill: ${name(drill.forward)} ↔ ${drill.reverse ? name(drill.reverse) : '(no reverse)'}: ${{ pass: 'PASS', accepted: 'ACCEPTED (an enum value stays)', fail: 'FAIL' }[drill.verdict]}`,
    '',
    `Database: ${drill.database}. Pair hash \`${drill.pairHash.slice(0, 16)}\` (SHA-256 of the forward and reverse as drilled).`,
    '',
    ...drill.reasons.map((reason) => `- ${reason}`),
    ...drill.notes.map((note) => `- Note: ${note}`),
    '',
    '| step | result | time | detail |',
    '| --- | --- | --- | --- |',
    ...drill.steps.map((step) => `| ${step.name} | ${step.ok ? 'ok' : 'failed'} | ${step.ms} ms | ${cell(step.detail)} |`),
    '',
    ...schemaSection('Schema after the reverse', drill.reverseDiff, 'the same as before the forward.'),
    ...schemaSection('Schema after the forward again', drill.forwardAgainDiff, 'the same as after the first forward.'),
  ];
  if (drill.queries.length > 0) {
    lines.push('**Application queries**:', '', '| code | after | query | result |', '| --- | --- | --- | --- |');
    for (const query of drill.queries)
      lines.push(`| ${query.code} | ${query.after} | \`${cell(shortened(query.query, 80))}\` | ${query.ok ? 'ok' : cell(query.error ?? 'failed')} |`);
    lines.push('');
  }
  if (drill.locks && drill.locks.length > 0) {
    lines.push(
      '**Locks the forward held at the end of its transaction** (pg_locks), against the prediction:',
      '',
      '| relation | observed | predicted | |',
      '| --- | --- | --- | --- |',
    );
    for (const lock of drill.locks) {
      const verdict = lock.createdByForward ? 'created by the forward' : lock.agrees ? 'agrees' : 'differs';
      lines.push(`| ${cell(lock.relation)} | ${lock.observed ?? '(none)'} | ${lock.predicted ?? '(none)'} | ${verdict} |`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

export function drillsMarkdown(drills: readonly PairDrill[], relativeTo: string): string {
  const passed = drills.filter((drill) => drillSucceeded(drill.verdict)).length;
  const accepted = drills.filter((drill) => drill.verdict === 'accepted').length;
  const header = `# Rollback drill: ${passed} of ${drills.length} pair${drills.length === 1 ? '' : 's'} passed${accepted > 0 ? ` (${accepted} accepted with an enum value PostgreSQL cannot drop)` : ''}\n\n`;
  return header + drills.map((drill) => drillMarkdown(drill, relativeTo)).join('\n');
}
