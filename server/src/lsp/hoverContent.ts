/** Markdown for hovering a statement: the locks it takes and what they block. */

import { conflictsWith, describeBlocking, LOCK_MODES, lockModesConflict, pgLocksName, type LockMode } from '../locks/lockModes';
import { TYPICAL_STATEMENTS } from '../locks/lockModeDocs';
import type { ColumnInSchema, SchemaModel } from '../schema/schemaModel';
import type { TableSizes } from '../migrations/tableSizes';
import { normaliseName } from '../schema/schemaModel';
import type { LockFact } from '../locks/lockFact';
import type { Finding, StatementFacts } from '../rules';
import * as path from 'node:path';
import { shortened } from '../wording';

/** `id bigint NOT NULL, note text DEFAULT …` for the first columns of a table. */
function describeColumns(columns: readonly ColumnInSchema[]): string {
  const shown = columns
    .slice(0, 8)
    .map((column) => `\`${column.name}\` ${column.type?.display ?? '?'}${column.notNull ? ' NOT NULL' : ''}${column.hasDefault ? ' DEFAULT …' : ''}`);
  return `${shown.join(', ')}${columns.length > 8 ? `, and ${columns.length - 8} more columns` : ''}`;
}

/** Version notes, when the knowledge base gives one (an optional field of newer lock facts). */
function noteOf(lock: LockFact): string | undefined {
  return (lock as LockFact & { note?: string }).note;
}

/** How long a lock is held, in a few words. */
function holdDuration(lock: LockFact): string {
  if (lock.rewrite) return 'held while the whole table is rewritten (and a second copy needs disk)';
  if (lock.scan) return 'held while every row is read';
  return 'held for a brief catalog change, but queued behind every transaction using the table';
}

/** `SHARE on \`events\` (scan)`, for the card's first line. */
function lockInLine(lock: LockFact, isNew: boolean): string {
  const how = isNew ? ' (new table)' : lock.rewrite ? ' (rewrite)' : lock.scan ? ' (scan)' : '';
  return `${lock.mode} on \`${lock.relation}\`${how}`;
}

/**
 * The hover card of a statement, short enough for a small popup: the locks in
 * a line, what waits and for how long, the safe way for each finding with its
 * quick fix and a link to the rule's page, then the table as the history left
 * it. The lock modes' own hovers and the rule pages hold the rest.
 */
export function statementHoverMarkdown(
  facts: StatementFacts,
  schemaBefore: SchemaModel,
  findings: readonly Finding[] = [],
  sizes?: TableSizes,
  ruleDocsHref: (ruleId: string) => string | undefined = () => undefined,
): string | undefined {
  const { statement, locks } = facts;
  if (statement.kind === undefined) return undefined;
  const isNew = (lock: LockFact): boolean => facts.tablesCreatedEarlierInFile.has(normaliseName(lock.relation));
  const title = `**${statementTitle(statement.text)}**`;
  if (locks.length === 0) return [title, 'Takes no table lock that blocks other sessions.', ...findingLines(findings, ruleDocsHref)].join('\n\n');
  const strongest = locks.reduce((a, b) => (LOCK_MODES.indexOf(b.mode) > LOCK_MODES.indexOf(a.mode) ? b : a));
  const lines = [
    `${title} · ${locks.map((lock) => lockInLine(lock, isNew(lock))).join(' · ')}`,
    isNew(strongest)
      ? 'Nobody uses a table created in this migration yet: the lock is harmless.'
      : `Waits: ${describeBlocking(strongest.mode)}; ${holdDuration(strongest)}. Why: ${strongest.reason}.`,
    ...locks.flatMap((lock) => (noteOf(lock) ? [`Note: ${noteOf(lock)}.`] : [])),
    ...findingLines(findings, ruleDocsHref),
    ...historyLine(strongest, isNew(strongest), schemaBefore, sizes),
    ...columnsBeforeLine(facts),
  ];
  return lines.join('\n\n');
}

/** Findings outside any statement (on a tool's marker comment): each sentence with its safe way. */
export function findingsHoverMarkdown(findings: readonly Finding[], ruleDocsHref: (ruleId: string) => string | undefined): string {
  return findings.map((finding) => `**${finding.message}**\n\n${findingLines([finding], ruleDocsHref)[0]}`).join('\n\n');
}

/** Per finding: the safe way (its advice, else its message), the quick fix, and the rule's page. */
function findingLines(findings: readonly Finding[], ruleDocsHref: (ruleId: string) => string | undefined): string[] {
  return findings.map((finding) => {
    const fixes = (finding.fixes ?? []).filter((fix) => fix.suppression !== true).map((fix) => fix.title);
    const href = ruleDocsHref(finding.ruleId);
    const id = href ? `[${finding.ruleId}](${href})` : `\`${finding.ruleId}\``;
    const safeWay = finding.advice ?? finding.message;
    return `**Safe way:** ${safeWay}${fixes.length > 0 ? ` Quick fix: ${fixes.join('; ')}.` : ''} (${id})`;
  });
}

/** The columns the statement changes, as they were before it (a type change says from what). */
function columnsBeforeLine(facts: StatementFacts): string[] {
  const columns = [...facts.columnsBefore.entries()].map(([name, column]) => {
    const parts = [column.type?.display ?? 'unknown type', column.notNull ? 'NOT NULL' : 'nullable', column.hasDefault ? 'with a default' : ''];
    return `\`${name}\` ${parts.filter(Boolean).join(', ')}`;
  });
  return columns.length > 0 ? [`Before this statement: ${columns.join('; ')}.`] : [];
}

/** Where the strongest lock's table comes from, its size, and its first columns. */
function historyLine(lock: LockFact, isNew: boolean, schemaBefore: SchemaModel, sizes: TableSizes | undefined): string[] {
  if (isNew) return [];
  const table = schemaBefore.table(lock.relation);
  const size = sizes?.describe(lock.relation);
  if (!table) return [`\`${lock.relation}\`: not found in the migration history, so assumed to exist and to be large.`];
  const origin = `existing ${table.kind}, created in \`${path.basename(path.dirname(table.createdIn))}/${path.basename(table.createdIn)}\`${size ? ` (${size})` : ''}`;
  const columns = table.columns.length > 0 ? `. As the history left it: ${describeColumns(table.columns)}.` : '.';
  return [`\`${lock.relation}\`: ${origin}${columns}`];
}

function statementTitle(text: string): string {
  return shortened(text.replace(/\s+/g, ' ').trim().split(' ').slice(0, 4).join(' '), 40);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Markdown for hovering a lock mode name: its conflicts, what it blocks, which statements take it. */
export function lockModeHoverMarkdown(mode: LockMode): string {
  const conflicts = conflictsWith(mode);
  return [
    `**${mode}** (pg_locks: \`${pgLocksName(mode)}\`)`,
    '',
    `- ${capitalise(describeBlocking(mode))}.`,
    `- Conflicts with: ${conflicts.join(', ')}.`,
    `- Taken by: ${TYPICAL_STATEMENTS[mode].join('; ')}.`,
    '',
    `| requested ↓ / held → | ${LOCK_MODES.map((held) => abbreviate(held)).join(' | ')} |`,
    `| --- | ${LOCK_MODES.map(() => ':-:').join(' | ')} |`,
    `| ${abbreviate(mode)} | ${LOCK_MODES.map((held) => (lockModesConflict(mode, held) ? '✗' : '')).join(' | ')} |`,
    '',
    `✗ = must wait. ${LOCK_MODES.map((m) => `${abbreviate(m)} = ${m}`).join(', ')}.`,
  ].join('\n');
}

function abbreviate(mode: LockMode): string {
  return mode
    .split(' ')
    .map((word) => word[0])
    .join('');
}
