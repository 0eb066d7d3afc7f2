/**
 * Whether changing a column from one type to another can lose data: a
 * shorter varchar, a smaller integer, fewer numeric digits, text to a
 * bounded type. Unknown combinations are not claimed either way.
 */

import type { ColumnType } from '../sql/astNames';

const INTEGER_WIDTH: Record<string, number> = { int2: 2, int4: 4, int8: 8, smallint: 2, integer: 4, bigint: 8, serial: 4, bigserial: 8 };
const UNBOUNDED_TEXT = new Set(['text', 'varchar', 'bpchar']);

export function narrows(before: ColumnType, after: ColumnType): boolean {
  const widthBefore = INTEGER_WIDTH[before.name];
  const widthAfter = INTEGER_WIDTH[after.name];
  if (widthBefore !== undefined && widthAfter !== undefined) return widthAfter < widthBefore;
  if ((after.name === 'varchar' || after.name === 'bpchar') && after.modifiers.length > 0) {
    if (UNBOUNDED_TEXT.has(before.name) && before.modifiers.length === 0) return true;
    if ((before.name === 'varchar' || before.name === 'bpchar') && before.modifiers.length > 0) return after.modifiers[0]! < before.modifiers[0]!;
  }
  if (before.name === 'numeric' && after.name === 'numeric' && after.modifiers.length > 0) {
    if (before.modifiers.length === 0) return true;
    const [precisionBefore = 0, scaleBefore = 0] = before.modifiers;
    const [precisionAfter = 0, scaleAfter = 0] = after.modifiers;
    return scaleAfter < scaleBefore || precisionAfter - scaleAfter < precisionBefore - scaleBefore;
  }
  if ((before.name === 'timestamptz' || before.name === 'timestamp') && after.name === 'date') return true;
  if ((before.name === 'float8' || before.name === 'numeric') && INTEGER_WIDTH[after.name] !== undefined) return true;
  return false;
}
