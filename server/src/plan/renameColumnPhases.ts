/**
 * A column renamed without breaking the release that still uses the old
 * name (expand/contract): the new column added beside it, both kept in step
 * by a trigger while old and new application instances run side by side,
 * backfilled, indexed CONCURRENTLY, made NOT NULL through a validated
 * check; after the release that uses only the new name, the old column is
 * dropped (its default and sequence move to the new one first).
 */

import type { SchemaModel } from '../schema/schemaModel';
import { quoteName, quoteQualified } from '../sql/quoteIdentifier';
import { PlanProblem } from './changePlan';
import { createSyncSql, dropSyncSql, type ColumnSync } from './columnSync';
import { dropColumnPhase } from './dropColumnPhase';
import { indexCopies, indexCopyPhase } from './indexCopies';
import { plainType, type PhaseBuckets } from './phaseBuckets';
import type { Change } from './recogniseChanges';
import { constraintsLeftBehind, replacedColumnChecks } from './replacedColumn';
import { sequenceOfColumn } from './sequenceOfColumn';

export function planColumnRename(buckets: PhaseBuckets, change: Extract<Change, { kind: 'rename-column' }>, schema: SchemaModel, pgVersion: number): void {
  const { table, from, to } = change;
  const column = replacedColumnChecks(schema, table, from, 'renaming it');
  if (schema.column(table, to)) throw new PlanProblem(`${table} has a column ${to} already.`);
  if (schema.constraintsOf(table).some((constraint) => constraint.kind === 'primary key' && constraint.columns.includes(from))) {
    throw new PlanProblem(
      `${table}.${from} is part of the primary key: renaming it in phases is not planned (a rollback could not rebuild the key on the emptied column).`,
    );
  }
  const type = plainType(column.type!.display)!;
  const t = quoteQualified(table);
  const sync: ColumnSync = { table, from, to, twoWay: true };

  buckets.expandForward.push(`ALTER TABLE ${t} ADD COLUMN ${quoteName(to)} ${type};`, createSyncSql(sync, pgVersion));
  const undoExpand = [dropSyncSql(sync), '-- fearless-ignore data-loss-in-pair', `ALTER TABLE ${t} DROP COLUMN ${quoteName(to)};`];
  if (column.notNull) {
    // The trigger keeps the old column set; it must be nullable by the time it is dropped, or its reverse could not add it back.
    buckets.expandForward.push(
      `-- The trigger keeps ${from} set while it exists; NOT NULL moves to ${to}.`,
      '-- fearless-ignore drop-not-null',
      `ALTER TABLE ${t} ALTER COLUMN ${quoteName(from)} DROP NOT NULL;`,
    );
    undoExpand.push('-- fearless-ignore set-not-null-scans-table', `ALTER TABLE ${t} ALTER COLUMN ${quoteName(from)} SET NOT NULL;`);
    buckets.notNull.push({ table, column: to, copiedFrom: from });
  }
  buckets.expandReverse.unshift(undoExpand.join('\n'));
  buckets.copies.push({ table, column: to, from });

  const { copies, questions } = indexCopies(
    schema,
    table,
    from,
    (original) => (original.includes(from) ? original.replace(from, to) : `${original}_${to}`),
    to,
  );
  buckets.openQuestions.push(...questions, ...constraintsLeftBehind(schema, table, from, to));
  for (const copy of copies) buckets.indexes.push(indexCopyPhase(copy, table, `the ${to} counterpart of ${copy.original.name}`));

  const sequence = sequenceOfColumn(table, column);
  const defaultSql = sequence?.defaultSql ?? column.defaultSql;
  const before = [dropSyncSql(sync)];
  const undoBefore = [
    `-- ${from} is back empty: the trigger fills it for rows written from now on. For the rest, run the backfill with the columns swapped`,
    `-- (UPDATE ${t} SET ${quoteName(from)} = ${quoteName(to)} WHERE ${quoteName(from)} IS NULL, in batches).`,
  ];
  if (defaultSql) {
    before.push(`ALTER TABLE ${t} ALTER COLUMN ${quoteName(to)} SET DEFAULT ${defaultSql};`);
    undoBefore.push(
      `ALTER TABLE ${t} ALTER COLUMN ${quoteName(to)} DROP DEFAULT;`,
      `ALTER TABLE ${t} ALTER COLUMN ${quoteName(from)} SET DEFAULT ${defaultSql};`,
    );
  }
  if (sequence) {
    before.push(`ALTER SEQUENCE ${quoteQualified(sequence.name)} OWNED BY ${t}.${quoteName(to)};`);
    undoBefore.push(`ALTER SEQUENCE ${quoteQualified(sequence.name)} OWNED BY ${t}.${quoteName(from)};`);
  }
  undoBefore.push(createSyncSql(sync, pgVersion));

  const dropped = dropColumnPhase({
    table,
    column: from,
    type,
    notNull: false,
    lostIndexes: copies.filter((copy) => !copy.constraint).map((copy) => copy.original),
    lostConstraints: schema.constraintsOf(table).filter((constraint) => constraint.kind !== 'not null' && constraint.columns.includes(from)),
    before,
    undoBefore,
    slug: `drop_${from}`,
    summary: `Drops ${table}.${from} and the trigger that kept it in step with ${to}${defaultSql ? `; ${to} takes over its default` : ''}.`,
    release: `After the release that reads and writes only ${to} is fully deployed: no running instance may still use ${from}.`,
    pointOfNoReturn: `Dropping ${from} ends the rename: rolling back past here brings ${from} back empty (${to} keeps the data).`,
  });
  buckets.openQuestions.push(...dropped.questions);
  buckets.drops.push(dropped.phase);
}
