/**
 * The sequence behind a column's default (`serial`, or `DEFAULT
 * nextval('...')`): it must follow the column when a new column takes the
 * old one's place, or dropping the old column drops the sequence with it.
 */

import { bareName, schemaPrefixOf } from '../sql/astNames';
import type { ColumnInSchema } from '../schema/schemaModel';

export interface ColumnSequence {
  name: string;
  /** The default that draws from it, as SQL. */
  defaultSql: string;
}

export function sequenceOfColumn(table: string, column: ColumnInSchema): ColumnSequence | undefined {
  if (column.type && /^(small|big)?serial[248]?$/.test(column.type.name)) {
    const name = `${schemaPrefixOf(table)}${bareName(table)}_${column.name}_seq`;
    return { name, defaultSql: `nextval('${name.replace(/'/g, "''")}'::regclass)` };
  }
  const named = column.defaultSql ? /^nextval\(\s*'((?:[^']|'')+)'(?:::regclass)?\s*\)$/i.exec(column.defaultSql.trim()) : null;
  return named ? { name: named[1]!.replace(/''/g, "'"), defaultSql: column.defaultSql! } : undefined;
}
