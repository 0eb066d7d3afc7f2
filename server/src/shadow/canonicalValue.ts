/**
 * A value from a result row as text that compares equal exactly when the
 * values are equal, whatever the driver made of it: numerics without
 * trailing zeros (so numeric(10,2) and numeric(10,3) agree on 1.50 and
 * 1.500 but not on a rounding), timestamps in UTC ISO form, JSON with
 * sorted keys, bytes in hex, arrays element by element.
 */

/** numeric, float4, float8: their text may carry trailing zeros the value does not. */
const DECIMAL_TYPES = new Set([1700, 700, 701]);

export function canonicalValue(value: unknown, dataTypeID = 0): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
  if (Array.isArray(value)) return `[${value.map((element) => canonicalValue(element, dataTypeID) ?? 'NULL').join(',')}]`;
  if (typeof value === 'object') return stableJson(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : trimDecimal(String(value));
  if (typeof value === 'string') return DECIMAL_TYPES.has(dataTypeID) && /^-?\d+\.\d+$/.test(value) ? trimDecimal(value) : value;
  return String(value);
}

function trimDecimal(text: string): string {
  return text.includes('.') && !/e/i.test(text) ? text.replace(/\.?0+$/, '') : text;
}

function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${stableJson(inner)}`).join(',')}}`;
}
