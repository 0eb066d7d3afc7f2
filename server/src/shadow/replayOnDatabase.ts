/** One captured statement run on one database, in a transaction that is rolled back, with what came out. */

import { databaseErrorText, rethrowIfConnectionLost, type Database } from '../drill/database';
import { canonicalValue } from './canonicalValue';
import type { ReplayQuery } from './replayQueries';

export type Outcome =
  | { ok: true; columns: { name: string; type: string }[]; rows: (string | null)[][]; affected?: number; ms: number }
  | { ok: false; error: string; code?: string; ms: number };

/** PostgreSQL refused a write in a READ ONLY transaction: the "read" called something that writes. */
export const READ_ONLY_VIOLATION = '25006';

/** Type names by OID, read once per database (a type the forward creates has an OID of its own on each side). */
export class TypeNames {
  private readonly names = new Map<number, string>();

  constructor(private readonly database: Database) {}

  async of(oid: number): Promise<string> {
    let name = this.names.get(oid);
    if (name === undefined) {
      const [row] = await this.database.rows<{ name: string | null }>('SELECT format_type($1::oid, NULL) AS name', [oid]);
      name = row?.name ?? `oid ${oid}`;
      this.names.set(oid, name);
    }
    return name;
  }
}

/**
 * Stands for a timestamp taken while the test ran (now(), a DEFAULT now(),
 * clock_timestamp()): each side runs at its own moment, so such values
 * differ without meaning anything.
 */
export const REPLAY_TIME = '(time of the replay)';

/**
 * `since`: when the databases started being built (ms since the epoch); a
 * timestamp from then on is a time of the replay.
 */
export async function replayOn(database: Database, types: TypeNames, query: ReplayQuery, since: number): Promise<Outcome> {
  // A read cannot write anything, even through a function it calls; a write is rolled back either way.
  await database.exec(query.kind === 'read' ? 'BEGIN TRANSACTION READ ONLY' : 'BEGIN');
  const started = performance.now();
  try {
    const result = await database.result(query.sql, query.parameters ?? []);
    const ms = performance.now() - started;
    // One query at a time on a connection: the type names are looked up in turn, not all at once.
    const columns: { name: string; type: string }[] = [];
    for (const field of result.fields) columns.push({ name: field.name, type: await types.of(field.dataTypeID) });
    const rows = result.rows.map((row) =>
      row.map((value, index) => (value instanceof Date && value.getTime() >= since ? REPLAY_TIME : canonicalValue(value, result.fields[index]?.dataTypeID))),
    );
    return { ok: true, columns, rows, ...(query.kind === 'write' && result.affectedRows !== undefined ? { affected: result.affectedRows } : {}), ms };
  } catch (error) {
    rethrowIfConnectionLost(error);
    const code = (error as { code?: unknown }).code;
    return { ok: false, error: databaseErrorText(error), ...(typeof code === 'string' ? { code } : {}), ms: performance.now() - started };
  } finally {
    await database.exec('ROLLBACK').catch(() => undefined);
  }
}
