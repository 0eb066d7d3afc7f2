/**
 * The last phase for a column the application no longer uses: dropped,
 * with the indexes and constraints that go with it. Its reverse adds the
 * column back (empty: the data is the plan's point of no return) and
 * rebuilds what the drop took, so a rollback leaves the schema as it was.
 * The rebuilds are plain (not CONCURRENTLY): a reverse runs in a
 * transaction, and on a column that came back empty they are short.
 */

import type { ConstraintInSchema } from '../schema/schemaModel';
import { addConstraintSql } from '../reverse/constraintSql';
import { quoteName, quoteQualified } from '../sql/quoteIdentifier';
import type { Phase } from './changePlan';
import { createIndexSql } from './indexCopies';
import { LOCK_TIMEOUT } from './phaseBuckets';

export interface ColumnDrop {
  table: string;
  column: string;
  /** The column as it is when the phase runs: nullable by then unless a default lets it come back NOT NULL. */
  type: string | undefined;
  defaultSql?: string;
  notNull: boolean;
  lostIndexes: readonly { name: string; unique: boolean; columns: readonly string[] }[];
  lostConstraints: readonly ConstraintInSchema[];
  /** Statements the drop needs first (the sync trigger going), undone by `undoBefore` after the column is back. */
  before?: readonly string[];
  undoBefore?: readonly string[];
  /** Indexes renamed after the drop (a copy taking the dropped original's name). */
  renames?: readonly { from: string; to: string }[];
  slug: string;
  summary: string;
  release: string;
  pointOfNoReturn: string;
}

const REBUILD = '-- Rebuilt as it was; the column came back empty, so the build is short (it blocks writes while it runs).';

export function dropColumnPhase(drop: ColumnDrop): { phase: Phase; questions: string[] } {
  const table = quoteQualified(drop.table);
  const questions: string[] = [];
  const forward = [LOCK_TIMEOUT, ...(drop.before ?? [])];
  forward.push(
    `-- ${drop.table}.${drop.column} goes with its data (the plan's point of no return for it).`,
    '-- fearless-ignore drop-column, data-loss-in-pair',
    `ALTER TABLE ${table} DROP COLUMN ${quoteName(drop.column)};`,
  );
  for (const rename of drop.renames ?? []) forward.push(`ALTER INDEX ${quoteQualified(rename.from)} RENAME TO ${quoteName(rename.to)};`);

  const reverse = [LOCK_TIMEOUT];
  for (const rename of [...(drop.renames ?? [])].reverse()) reverse.push(`ALTER INDEX ${quoteQualified(rename.to)} RENAME TO ${quoteName(rename.from)};`);
  reverse.push(
    drop.type
      ? `ALTER TABLE ${table} ADD COLUMN ${quoteName(drop.column)} ${drop.type}${drop.defaultSql ? ` DEFAULT ${drop.defaultSql}` : ''}${drop.notNull ? ' NOT NULL' : ''};`
      : `-- TODO: add ${drop.table}.${drop.column} back as it was.`,
  );
  if (!drop.type) questions.push(`The history does not say what ${drop.table}.${drop.column} was: its reverse is left to you.`);
  for (const index of drop.lostIndexes) {
    reverse.push(REBUILD, '-- fearless-ignore index-without-concurrently', createIndexSql(index.name, drop.table, index.unique, index.columns, false));
  }
  for (const constraint of drop.lostConstraints) {
    const sql = addConstraintSql(`ALTER TABLE ${table}`, constraint);
    if (sql) {
      reverse.push(REBUILD, '-- fearless-ignore constraint-builds-index-under-lock, foreign-key-without-not-valid, check-constraint-without-not-valid', sql);
    } else {
      questions.push(`Dropping ${drop.table}.${drop.column} drops ${constraint.name} too; its reverse cannot rebuild it from the history.`);
    }
  }
  reverse.push(...(drop.undoBefore ?? []));
  return {
    phase: {
      slug: drop.slug,
      summary: drop.summary,
      forward: `${forward.join('\n')}\n`,
      reverse: `${reverse.join('\n')}\n`,
      release: drop.release,
      pointOfNoReturn: drop.pointOfNoReturn,
    },
    questions,
  };
}
