/** UPDATE and DELETE statements (and INSERT ... SELECT) read as data backfills. */

import type { ParsedStatement } from '../../sql/parseSql';
import { relationName, type RangeVarNode } from '../../sql/astNames';
import { isBookkeepingTable } from '../../migrations/bookkeepingTables';

export interface Backfill {
  verb: 'UPDATE' | 'DELETE' | 'INSERT ... SELECT';
  table: string;
  /** No WHERE, or a WHERE that only tests the updated columns for NULL: every row of the table is touched. */
  wholeTable: boolean;
}

interface DmlBody {
  relation?: RangeVarNode;
  whereClause?: { NullTest?: { arg?: { ColumnRef?: { fields?: { String?: { sval?: string } }[] } } } };
  targetList?: { ResTarget?: { name?: string } }[];
  selectStmt?: { SelectStmt?: { valuesLists?: unknown[]; fromClause?: unknown[] } };
}

export function backfillOf(statement: ParsedStatement): Backfill | undefined {
  const kind = statement.kind;
  if (kind !== 'UpdateStmt' && kind !== 'DeleteStmt' && kind !== 'InsertStmt') return undefined;
  const body = statement.node?.[kind] as DmlBody | undefined;
  const table = relationName(body?.relation);
  // A tool's bookkeeping row (UPDATE alembic_version SET version_num = ...) is one row, not a backfill.
  if (!body || !table || isBookkeepingTable(table)) return undefined;
  if (kind === 'InsertStmt') {
    const select = body.selectStmt?.SelectStmt;
    return select && !select.valuesLists && (select.fromClause?.length ?? 0) > 0 ? { verb: 'INSERT ... SELECT', table, wholeTable: false } : undefined;
  }
  const tested = body.whereClause?.NullTest?.arg?.ColumnRef?.fields?.at(-1)?.String?.sval;
  const updated = new Set((body.targetList ?? []).map((target) => target.ResTarget?.name));
  const wholeTable = body.whereClause === undefined || (kind === 'UpdateStmt' && tested !== undefined && updated.has(tested));
  return { verb: kind === 'UpdateStmt' ? 'UPDATE' : 'DELETE', table, wholeTable };
}
