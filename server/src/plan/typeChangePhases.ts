/**
 * A column's type changed without rewriting the table under an ACCESS
 * EXCLUSIVE lock: a new column of the new type beside the old one, kept in
 * step by a trigger, backfilled in batches, indexed CONCURRENTLY, made NOT
 * NULL through a validated check; then one short transaction swaps the
 * names (moving the primary key or unique constraints, the default and the
 * sequence), and a last phase drops the old column.
 */

import type { SchemaModel } from '../schema/schemaModel';
import { identifierWithin63, quoteName, quoteQualified } from '../sql/quoteIdentifier';
import { createSyncSql, dropSyncSql, type ColumnSync } from './columnSync';
import { dropColumnPhase } from './dropColumnPhase';
import { attachConstraintSql, createIndexSql, indexCopies, indexCopyPhase, type IndexCopy } from './indexCopies';
import { LOCK_TIMEOUT, plainType, type PhaseBuckets } from './phaseBuckets';
import type { Change } from './recogniseChanges';
import { sequenceOfColumn } from './sequenceOfColumn';
import { constraintsLeftBehind, replacedColumnChecks, unusedColumnName } from './replacedColumn';

const INTEGER_TYPES = ['smallint', 'integer', 'bigint'];

/** What the swap of a column for its copy of another type moves: names, default, sequence, constraints. */
interface Swap {
  table: string;
  name: string;
  temporary: string;
  old: string;
  newType: string;
  oldType: string;
  sync: ColumnSync;
  constrained: IndexCopy[];
  defaultSql: string | undefined;
  sequence: ReturnType<typeof sequenceOfColumn>;
  widenSequence: boolean;
  notNull: boolean;
  pgVersion: number;
}

function swapForward({ table, name, temporary, old, newType, sync, constrained, defaultSql, sequence, widenSequence, notNull }: Swap): string[] {
  const t = quoteQualified(table);
  const forward = [LOCK_TIMEOUT, dropSyncSql(sync)];
  for (const copy of constrained) forward.push(attachConstraintSql(copy, table));
  if (defaultSql)
    forward.push(
      `ALTER TABLE ${t} ALTER COLUMN ${quoteName(name)} DROP DEFAULT;`,
      `ALTER TABLE ${t} ALTER COLUMN ${quoteName(temporary)} SET DEFAULT ${defaultSql};`,
    );
  if (sequence) forward.push(`ALTER SEQUENCE ${quoteQualified(sequence.name)} OWNED BY ${t}.${quoteName(temporary)};`);
  if (sequence && widenSequence) forward.push(`ALTER SEQUENCE ${quoteQualified(sequence.name)} AS ${newType};`);
  if (notNull)
    forward.push(
      `-- ${name} is about to become ${old}, which nothing writes any more.`,
      '-- fearless-ignore drop-not-null',
      `ALTER TABLE ${t} ALTER COLUMN ${quoteName(name)} DROP NOT NULL;`,
    );
  forward.push(
    `-- The application keeps using ${name}: from here on it is the ${newType} column.`,
    '-- fearless-ignore rename-column',
    `ALTER TABLE ${t} RENAME COLUMN ${quoteName(name)} TO ${quoteName(old)};`,
    '-- fearless-ignore rename-column',
    `ALTER TABLE ${t} RENAME COLUMN ${quoteName(temporary)} TO ${quoteName(name)};`,
  );
  return forward;
}

function swapReverse({
  table,
  name,
  temporary,
  old,
  newType,
  oldType,
  sync,
  constrained,
  defaultSql,
  sequence,
  widenSequence,
  notNull,
  pgVersion,
}: Swap): string[] {
  const t = quoteQualified(table);
  const reverse = [
    LOCK_TIMEOUT,
    `-- Rows written since the swap went to the ${newType} column only: copy them back first (this fails for values the old type cannot hold).`,
    '-- fearless-ignore unbatched-backfill, backfill-in-schema-transaction',
    `UPDATE ${t} SET ${quoteName(old)} = ${quoteName(name)} WHERE ${quoteName(old)} IS DISTINCT FROM ${quoteName(name)};`,
    `ALTER TABLE ${t} RENAME COLUMN ${quoteName(name)} TO ${quoteName(temporary)};`,
    `ALTER TABLE ${t} RENAME COLUMN ${quoteName(old)} TO ${quoteName(name)};`,
  ];
  if (sequence && widenSequence) reverse.push(`ALTER SEQUENCE ${quoteQualified(sequence.name)} AS ${oldType};`);
  if (sequence) reverse.push(`ALTER SEQUENCE ${quoteQualified(sequence.name)} OWNED BY ${t}.${quoteName(name)};`);
  if (defaultSql)
    reverse.push(
      `ALTER TABLE ${t} ALTER COLUMN ${quoteName(temporary)} DROP DEFAULT;`,
      `ALTER TABLE ${t} ALTER COLUMN ${quoteName(name)} SET DEFAULT ${defaultSql};`,
    );
  if (notNull) reverse.push('-- fearless-ignore set-not-null-scans-table', `ALTER TABLE ${t} ALTER COLUMN ${quoteName(name)} SET NOT NULL;`);
  for (const copy of constrained) {
    // The constraint's index was the copy's: the old column's comes back, and so does the copy.
    reverse.push(
      `ALTER TABLE ${t} DROP CONSTRAINT ${quoteName(copy.constraint!.name)};`,
      '-- Rebuilt under the table lock: rolling the swap back rebuilds both indexes.',
      '-- fearless-ignore constraint-builds-index-under-lock',
      `ALTER TABLE ${t} ADD CONSTRAINT ${quoteName(copy.constraint!.name)} ${copy.constraint!.kind === 'primary key' ? 'PRIMARY KEY' : 'UNIQUE'} (${copy.original.columns.map(quoteName).join(', ')});`,
      '-- fearless-ignore index-without-concurrently',
      createIndexSql(copy.name, table, true, copy.columns, false),
    );
  }
  reverse.push(createSyncSql(sync, pgVersion));
  return reverse;
}

export function planTypeChange(buckets: PhaseBuckets, change: Extract<Change, { kind: 'change-type' }>, schema: SchemaModel, pgVersion: number): void {
  const { table, column: name } = change;
  const column = replacedColumnChecks(schema, table, name, 'changing its type');
  const oldType = plainType(column.type!.display)!;
  const temporary = unusedColumnName(schema, table, `${name}_new`);
  const old = unusedColumnName(schema, table, `${name}_old`);
  const t = quoteQualified(table);
  const sync: ColumnSync = { table, from: name, to: temporary, twoWay: false };

  buckets.expandForward.push(`ALTER TABLE ${t} ADD COLUMN ${quoteName(temporary)} ${change.type};`, createSyncSql(sync, pgVersion));
  buckets.expandReverse.unshift(`${dropSyncSql(sync)}\n-- fearless-ignore data-loss-in-pair\nALTER TABLE ${t} DROP COLUMN ${quoteName(temporary)};`);
  if (column.notNull) buckets.notNull.push({ table, column: temporary, copiedFrom: name });
  buckets.copies.push({ table, column: temporary, from: name });

  const { copies, questions } = indexCopies(schema, table, name, (original) => identifierWithin63(`${original}_new`), temporary);
  buckets.openQuestions.push(...questions, ...constraintsLeftBehind(schema, table, name, temporary));
  for (const copy of copies) buckets.indexes.push(indexCopyPhase(copy, table, `the ${change.type} counterpart of ${copy.original.name}`));
  const constrained = copies.filter((copy) => copy.constraint);
  const plain = copies.filter((copy) => !copy.constraint);

  const sequence = sequenceOfColumn(table, column);
  const defaultSql = sequence?.defaultSql ?? column.defaultSql;
  const widenSequence = sequence && INTEGER_TYPES.includes(change.type) && change.type !== oldType;

  const swap: Swap = {
    table,
    name,
    temporary,
    old,
    newType: change.type,
    oldType,
    sync,
    constrained,
    defaultSql,
    sequence,
    widenSequence: widenSequence === true,
    notNull: column.notNull === true,
    pgVersion,
  };
  const forward = swapForward(swap);
  const reverse = swapReverse(swap);

  buckets.swaps.push({
    slug: `swap_${name}_to_${change.type.replace(/\W+/g, '_')}`,
    summary: `Swaps ${table}.${name} for its ${change.type} copy in one short transaction: the trigger goes, ${constrained.length > 0 ? `${constrained.map((copy) => copy.constraint!.name).join(', ')} moves onto the copy's index, ` : ''}${defaultSql ? 'the default and sequence follow, ' : ''}and the names change places (the old column stays as ${old}).`,
    forward: `${forward.join('\n')}\n`,
    reverse: `${reverse.join('\n')}\n`,
    release: `After the copy is NOT NULL and indexed. No application change: its queries on ${name} now read the ${change.type} column. Once a value the old type cannot hold is written, this phase cannot be rolled back.`,
  });

  const dropped = dropColumnPhase({
    table,
    column: old,
    type: oldType,
    notNull: false,
    lostIndexes: plain.map((copy) => ({
      name: copy.original.name,
      unique: copy.original.unique,
      columns: copy.original.columns.map((item) => (item === name ? old : item)),
    })),
    lostConstraints: [],
    renames: plain.map((copy) => ({ from: copy.name, to: copy.original.name })),
    slug: `drop_${old}`,
    summary: `Drops ${table}.${old}, the ${oldType} column the swap left behind, and gives its indexes' names to their ${change.type} counterparts.`,
    release: `When you no longer want to roll the swap back.`,
    pointOfNoReturn: `Dropping ${old} loses the ${oldType} values: rolling back past here brings the column back empty.`,
  });
  buckets.openQuestions.push(...dropped.questions);
  buckets.drops.push(dropped.phase);
}
