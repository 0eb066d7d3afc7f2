/** One statement taken from captured traffic, with where it came from. */

export interface CapturedQuery {
  /** The statement as the application sent it (`$n` placeholders when it was sent with parameters). */
  sql: string;
  /** Bind parameters in text form, `null` for SQL NULL, from a log's `DETAIL: parameters:` line. */
  parameters?: (string | null)[];
  /** A normalised query (pg_stat_statements) whose `$n` placeholders have no values yet: they are sampled from the database. */
  unbound?: true;
  /** File and 1-based line the statement was read from. */
  file: string;
  line: number;
}

/** A statement the capture holds but that cannot be replayed as it is, and why. */
export interface SkippedCapture {
  sql: string;
  file: string;
  line: number;
  reason: string;
}

export interface Capture {
  queries: CapturedQuery[];
  skipped: SkippedCapture[];
}

export type CaptureFormat = 'sql' | 'pglog' | 'csvlog' | 'pgss';
