/**
 * What a drill needs from a database: run SQL, read rows, and go away
 * cleanly. Two kinds: an embedded PGlite (the default) and a scratch
 * database created for the drill on a real server.
 */

export interface Database {
  /** For reports, never with a password: `PGlite (PostgreSQL 18.6)`, `postgres://app@db:5432 (scratch fearless_drill_1a2b)`. */
  readonly label: string;
  /** Runs one or more statements (the simple query protocol: several statements are one implicit transaction). */
  exec(sql: string): Promise<void>;
  rows<T = Record<string, unknown>>(sql: string, parameters?: unknown[]): Promise<T[]>;
  /** One statement with its result's shape: column names and type OIDs, rows as arrays, rows affected. */
  result(sql: string, parameters?: unknown[]): Promise<StatementResult>;
  /**
   * On a shared server: what changed outside the scratch database since it
   * was opened (databases, roles, settings), a sentence each. Undefined
   * where nothing else can be reached (PGlite).
   */
  changesBeyondScratch?(): Promise<string[]>;
  /** A drill works on a copy: clones share nothing with the original. Undefined when the kind cannot clone. */
  clone?(): Promise<Database>;
  /** Frees everything the database used (a scratch database is dropped, or ScratchDatabaseLeft says it stays). Safe to call twice. */
  close(): Promise<void>;
}

export interface StatementResult {
  fields: { name: string; dataTypeID: number }[];
  rows: unknown[][];
  /** Rows inserted, updated or deleted (undefined for statements that do not say). */
  affectedRows?: number;
}

/** The SQLSTATE and first line of a database error, for reports. */
export function databaseErrorText(error: unknown): string {
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? `${message} (SQLSTATE ${code})` : message;
}

/** The drill database could not be opened (unreachable server, no CREATEDB, PGlite failing to start): said plainly, not a crash. */
export class DatabaseUnavailable extends Error {}

/**
 * The connection to the drill's server broke mid-drill (terminated, server
 * restarted): the drill cannot say anything about the migration, so it
 * stops instead of reporting a failed step.
 */
export class DatabaseConnectionLost extends Error {
  override name = 'DatabaseConnectionLost';
  constructor(
    reason: string,
    /** The scratch database the drill was using, for the user to check it is gone. */
    readonly scratchDatabase?: string,
  ) {
    super(`${reason}: the drill stopped${scratchDatabase ? ` (scratch database ${scratchDatabase})` : ''}.`);
  }
}

/** A scratch database that could not be dropped: the message names it and says how to drop it. */
export class ScratchDatabaseLeft extends Error {
  override name = 'ScratchDatabaseLeft';
}

/** Rethrows what must end a drill rather than fail one of its steps. */
export function rethrowIfConnectionLost(error: unknown): void {
  if (error instanceof DatabaseConnectionLost) throw error;
}
