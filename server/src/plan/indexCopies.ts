/**
 * The indexes a replaced column needs on its replacement: every index that
 * lists the old column, built again CONCURRENTLY with the new column in its
 * place, before the swap or the drop removes the old one. Indexes that are
 * more than a column list (expressions, WHERE, INCLUDE, a method) are left
 * to the engineer, and said.
 */

import type { ConstraintInSchema, IndexInSchema, SchemaModel } from '../schema/schemaModel';
import { quoteName, quoteQualified } from '../sql/quoteIdentifier';
import type { Phase } from './changePlan';

export interface IndexCopy {
  original: IndexInSchema;
  /** The copy's name while both exist. */
  name: string;
  columns: string[];
  /** The primary key or unique constraint the original index backs: moved onto the copy later. */
  constraint?: ConstraintInSchema;
}

const PLAIN_INDEX = /^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?\S+\s+ON\s+(?:ONLY\s+)?\S+\s*\(([^()]*)\)\s*;?\s*$/i;

/** The index is its column list and nothing else, so building it from `columns` loses nothing. */
function isPlain(index: IndexInSchema): boolean {
  if (index.definition === undefined) return true;
  const list = PLAIN_INDEX.exec(index.definition.trim())?.[1];
  return (
    list !== undefined &&
    list
      .split(',')
      .map((item) => item.trim().replace(/^"(.*)"$/, '$1'))
      .join(',') === index.columns.join(',')
  );
}

export function indexCopies(
  schema: SchemaModel,
  table: string,
  from: string,
  nameOf: (original: string) => string,
  to: string,
): { copies: IndexCopy[]; questions: string[] } {
  const copies: IndexCopy[] = [];
  const questions: string[] = [];
  // An expression or a WHERE clause can name the column without it being one of the index's columns.
  const mentions = new RegExp(`\\b${from.replace(/\W/g, '\\$&')}\\b`, 'i');
  for (const index of schema
    .indexesOf(table)
    .filter(
      (candidate) => candidate.columns.includes(from) || (candidate.definition !== undefined && mentions.test(candidate.definition.replace(/^[^(]*/, ''))),
    )) {
    if (!isPlain(index)) {
      questions.push(`${index.name} is more than a list of columns: build its counterpart on ${to} by hand (CONCURRENTLY) before the old column goes.`);
      continue;
    }
    const constraint = schema
      .constraintsOf(table)
      .find((candidate) => candidate.name === index.name && (candidate.kind === 'primary key' || candidate.kind === 'unique'));
    copies.push({
      original: index,
      name: nameOf(index.name),
      columns: index.columns.map((column) => (column === from ? to : column)),
      ...(constraint ? { constraint } : {}),
    });
  }
  return { copies, questions };
}

export function createIndexSql(name: string, table: string, unique: boolean, columns: readonly string[], concurrently: boolean): string {
  return `CREATE ${unique ? 'UNIQUE ' : ''}INDEX ${concurrently ? 'CONCURRENTLY ' : ''}${quoteName(name)} ON ${quoteQualified(table)} (${columns.map(quoteName).join(', ')});`;
}

export function indexCopyPhase(copy: IndexCopy, table: string, purpose: string): Phase {
  const unique = copy.original.unique || copy.constraint !== undefined;
  return {
    slug: `index_${copy.name}_concurrently`,
    summary: `Builds ${copy.name} on ${table} (${copy.columns.join(', ')}) with CONCURRENTLY, ${purpose}: writes go on while it builds (SHARE UPDATE EXCLUSIVE).`,
    forward: `${createIndexSql(copy.name, table, unique, copy.columns, true)}\n`,
    reverse: `DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualified(copy.name)};\n`,
    outsideTransaction: true,
    release: 'After the phases before it (and their backfills): no application change depends on it.',
  };
}

/** Moves a primary key or unique constraint onto its copy's index (which takes the constraint's name). */
export function attachConstraintSql(copy: IndexCopy, table: string): string {
  const kind = copy.constraint!.kind === 'primary key' ? 'PRIMARY KEY' : 'UNIQUE';
  return `ALTER TABLE ${quoteQualified(table)} DROP CONSTRAINT ${quoteName(copy.constraint!.name)}, ADD CONSTRAINT ${quoteName(copy.constraint!.name)} ${kind} USING INDEX ${quoteName(copy.name)};`;
}
