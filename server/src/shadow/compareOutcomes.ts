/**
 * What differs between a statement's outcome before the migration and
 * after it. An error on one side only comes first: a query that fails after
 * the migration is old code breaking on the new schema.
 */

import type { Outcome } from './replayOnDatabase';

type Row = (string | null)[];

export type Difference =
  | { kind: 'fails-after'; error: string }
  | { kind: 'fails-before'; error: string }
  | { kind: 'columns'; before: string[]; after: string[] }
  | { kind: 'rows'; beforeCount: number; afterCount: number; onlyBefore: Row[]; onlyAfter: Row[]; ordered: boolean }
  | { kind: 'affected'; before: number; after: number };

/** Rows shown per side in a report: enough to see the difference, not the table. */
const SAMPLE = 5;

const rowKey = (row: Row): string => JSON.stringify(row);

/** Rows of `a` not matched by a row of `b`, counting duplicates. */
function unmatched(a: Row[], b: Row[]): Row[] {
  const remaining = new Map<string, number>();
  for (const row of b) remaining.set(rowKey(row), (remaining.get(rowKey(row)) ?? 0) + 1);
  const left: Row[] = [];
  for (const row of a) {
    const count = remaining.get(rowKey(row)) ?? 0;
    if (count > 0) remaining.set(rowKey(row), count - 1);
    else left.push(row);
  }
  return left;
}

export function compareOutcomes(before: Outcome, after: Outcome, ordered: boolean): Difference[] {
  if (!before.ok && !after.ok) return [];
  if (before.ok && !after.ok) return [{ kind: 'fails-after', error: after.error }];
  if (!before.ok && after.ok) return [{ kind: 'fails-before', error: before.error }];
  if (!before.ok || !after.ok) return [];
  const differences: Difference[] = [];
  const describe = (columns: { name: string; type: string }[]): string[] => columns.map((column) => `${column.name} ${column.type}`);
  const beforeColumns = describe(before.columns);
  const afterColumns = describe(after.columns);
  if (beforeColumns.join('\u0000') !== afterColumns.join('\u0000')) differences.push({ kind: 'columns', before: beforeColumns, after: afterColumns });
  if (ordered) {
    const firstDifferent = before.rows.findIndex((row, index) => index >= after.rows.length || rowKey(row) !== rowKey(after.rows[index]!));
    if (firstDifferent >= 0 || before.rows.length !== after.rows.length) {
      const from = firstDifferent >= 0 ? firstDifferent : before.rows.length;
      differences.push({
        kind: 'rows',
        beforeCount: before.rows.length,
        afterCount: after.rows.length,
        onlyBefore: before.rows.slice(from, from + SAMPLE),
        onlyAfter: after.rows.slice(from, from + SAMPLE),
        ordered: true,
      });
    }
  } else {
    const onlyBefore = unmatched(before.rows, after.rows);
    const onlyAfter = unmatched(after.rows, before.rows);
    if (onlyBefore.length > 0 || onlyAfter.length > 0) {
      differences.push({
        kind: 'rows',
        beforeCount: before.rows.length,
        afterCount: after.rows.length,
        onlyBefore: onlyBefore.slice(0, SAMPLE),
        onlyAfter: onlyAfter.slice(0, SAMPLE),
        ordered: false,
      });
    }
  }
  if (before.affected !== undefined && after.affected !== undefined && before.affected !== after.affected) {
    differences.push({ kind: 'affected', before: before.affected, after: after.affected });
  }
  return differences;
}
