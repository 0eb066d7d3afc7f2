// Small helpers for the benchmark: summary statistics, timing and table printing.

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

function sorted(values) {
  return [...values].sort((a, b) => a - b);
}

/** Percentile with linear interpolation between closest ranks (p in 0..100). */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const s = sorted(values);
  const rank = (p / 100) * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return s[lo] + (s[hi] - s[lo]) * (rank - lo);
}

export function summarize(values) {
  return {
    n: values.length,
    median: percentile(values, 50),
    p90: percentile(values, 90),
    min: values.length ? Math.min(...values) : NaN,
    max: values.length ? Math.max(...values) : NaN,
  };
}

/** A number of milliseconds, to a precision that suits its size. */
export function ms(value) {
  if (!Number.isFinite(value)) return 'n/a';
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function kib(bytes) {
  return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 2 : 1)} KiB`;
}

/**
 * Print rows as an aligned text table. `columns` is a list of
 * { header, align: 'left' | 'right' }; rows are arrays of strings.
 */
export function printTable(columns, rows, indent = '  ') {
  const widths = columns.map((column, i) => Math.max(column.header.length, ...rows.map((row) => String(row[i]).length)));
  const cell = (text, i) => (columns[i].align === 'left' ? String(text).padEnd(widths[i]) : String(text).padStart(widths[i]));
  const line = (cells) => indent + cells.map(cell).join('  ').trimEnd();
  console.log(line(columns.map((column) => column.header)));
  console.log(indent + widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

export function heading(text) {
  console.log(`\n== ${text} ==`);
}
