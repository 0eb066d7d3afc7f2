/** Markdown for hovering a statement: the locks it takes and what they block. */

import { conflictsWith, describeBlocking, LOCK_MODES, lockModesConflict, pgLocksName, type LockMode } from '../locks/lockModes';
import { TYPICAL_STATEMENTS } from '../locks/lockModeDocs';
import type { ColumnInSchema, SchemaModel } from '../schema/schemaModel';
import type { TableSizes } from '../migrations/tableSizes';
import { normaliseName } from '../schema/schemaModel';
import type { LockFact } from '../locks/lockFact';
import type { Finding, StatementFacts } from '../rules';
import * as path from 'node:path';

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

/** How long a lock is held, in words an on-call engineer can act on. */
function holdDuration(lock: LockFact): string {
  if (lock.rewrite) return 'held while the whole table is rewritten: time grows with table size, and the rewrite needs disk for a second copy';
  if (lock.scan) return 'held while every row is read: time grows with table size';
  return 'held only for a brief catalog change (but it still queues behind every transaction using the table)';
}

export function statementHoverMarkdown(
  facts: StatementFacts,
  schemaBefore: SchemaModel,
  findings: readonly Finding[] = [],
  sizes?: TableSizes,
  ruleDocsHref: (ruleId: string) => string | undefined = () => undefined,
): string | undefined {
  const { statement, locks } = facts;
  if (statement.kind === undefined) return undefined;
  const title = statementTitle(statement.text);
  const sections = locks.map((lock) => {
    const created = schemaBefore.table(lock.relation);
    const isNew = facts.tablesCreatedEarlierInFile.has(normaliseName(lock.relation));
    const size = sizes?.describe(lock.relation);
    const origin = isNew
      ? 'created earlier in this migration (empty, so the lock is harmless)'
      : created
        ? `existing ${created.kind}, created in \`${path.basename(path.dirname(created.createdIn))}/${path.basename(created.createdIn)}\``
        : 'not found in the migration history, so assumed to exist and to be large';
    return [
      `**${lock.mode}** on \`${lock.relation}\` — ${origin}${size && !isNew ? ` (${size})` : ''}`,
      '',
      `- ${capitalise(describeBlocking(lock.mode))}, while held and while waiting for it.`,
      `- ${capitalise(holdDuration(lock))}.`,
      `- Why: ${lock.reason}.`,
      ...(noteOf(lock) ? [`- Note: ${noteOf(lock)}.`] : []),
      `- Conflicts with: ${conflictsWith(lock.mode).join(', ')}.`,
      ...(created && !isNew && created.columns.length > 0 ? [`- As the history left it: ${describeColumns(created.columns)}.`] : []),
    ].join('\n');
  });
  const columns = [...facts.columnsBefore.entries()].map(([name, column]) => {
    const parts = [column.type?.display ?? 'unknown type', column.notNull ? 'NOT NULL' : 'nullable', column.hasDefault ? 'with a default' : ''];
    return `- Before this statement: \`${name}\` ${parts.filter(Boolean).join(', ')}.`;
  });
  const advice = findings.map((finding) => {
    const fixes = (finding.fixes ?? []).filter((fix) => fix.suppression !== true).map((fix) => fix.title);
    const href = ruleDocsHref(finding.ruleId);
    const id = href ? `[\`${finding.ruleId}\`](${href})` : `\`${finding.ruleId}\``;
    return `- ${id}: ${finding.message}${fixes.length > 0 ? ` Quick fix: ${fixes.join('; ')}.` : ''}`;
  });
  const body = sections.length > 0 ? sections : ['Takes no table lock that blocks other sessions.'];
  return [
    `**${title}**`,
    '',
    ...body,
    ...(columns.length > 0 ? ['', ...columns] : []),
    ...(advice.length > 0 ? ['', '**Safer way**', '', ...advice] : []),
  ].join('\n');
}

function statementTitle(text: string): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').slice(0, 4).join(' ');
  return words.length > 40 ? `${words.slice(0, 39)}…` : words;
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
