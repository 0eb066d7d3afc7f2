/**
 * How big each table is, so that severities and hovers scale with it: a
 * rewrite of a 100-row table is not an outage, of a 50M-row one it is.
 * Sizes come from fearless.config.json (`tables`) and, when configured, from
 * a database's statistics (pg_class.reltuples, pg_total_relation_size).
 */

import { normaliseName } from '../schema/schemaModel';

export interface TableSize {
  rows?: number;
  bytes?: number;
}

/** Below this many rows, locking or rewriting a table takes moments. */
export const SMALL_TABLE_ROWS = 10_000;
/** From this many rows, a scan or rewrite under a blocking lock is an outage. */
export const LARGE_TABLE_ROWS = 1_000_000;

export class TableSizes {
  private readonly sizes = new Map<string, TableSize>();

  static none(): TableSizes {
    return new TableSizes();
  }

  /** Later sources win per field: config first, then database statistics, or the other way round as the caller orders them. */
  add(name: string, size: TableSize): void {
    const key = normaliseName(name);
    this.sizes.set(key, { ...this.sizes.get(key), ...size });
  }

  get(name: string): TableSize | undefined {
    return this.sizes.get(normaliseName(name));
  }

  get count(): number {
    return this.sizes.size;
  }

  /** "≈ 50M rows, 12 GB" or undefined when nothing is known. */
  describe(name: string): string | undefined {
    const size = this.get(name);
    if (!size || (size.rows === undefined && size.bytes === undefined)) return undefined;
    const parts = [size.rows !== undefined ? `≈ ${compactNumber(size.rows)} rows` : '', size.bytes !== undefined ? compactBytes(size.bytes) : ''];
    return parts.filter(Boolean).join(', ');
  }
}

export function compactNumber(value: number): string {
  if (value >= 1e9) return `${trim(value / 1e9)}B`;
  if (value >= 1e6) return `${trim(value / 1e6)}M`;
  if (value >= 1e3) return `${trim(value / 1e3)}k`;
  return String(Math.round(value));
}

export function compactBytes(value: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let unit = 0;
  let scaled = value;
  while (scaled >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit++;
  }
  return `${trim(scaled)} ${units[unit]}`;
}

function trim(value: number): string {
  return value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}
