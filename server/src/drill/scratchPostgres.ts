/**
 * A real PostgreSQL server (a staging database) as a drill database. The
 * drill never touches the database the URL names: it creates a throwaway
 * database with a unique name, works only there, and drops it afterwards,
 * also when the drill fails or is interrupted. Passwords never reach output.
 */

import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DatabaseUnavailable, databaseErrorText, type Database } from './database';
import { redactConnectionString } from './tableSizesFromDatabase';

/** The URL without its password, for reports. */
export function displayUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return `${parsed.protocol}//${parsed.username ? `${parsed.username}@` : ''}${parsed.host}${parsed.pathname}`;
  } catch {
    return 'the configured database';
  }
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** Scratch databases still open in this process, dropped if it is interrupted. */
const open = new Set<Database>();
let exitHooked = false;

function dropOnInterrupt(): void {
  if (exitHooked) return;
  exitHooked = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void Promise.allSettled([...open].map((database) => database.close())).then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}

export async function openScratchPostgres(url: string, timeoutMs = 10_000): Promise<Database> {
  const fail = (what: string, error: unknown): Error => new DatabaseUnavailable(`${what} on ${displayUrl(url)}: ${redactConnectionString(databaseErrorText(error), url)}`);
  try {
    new URL(url);
  } catch {
    throw new DatabaseUnavailable('the database URL must be a postgres:// URL (key=value connection strings are not supported for drills).');
  }
  const admin = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, application_name: 'fearless drill' });
  try {
    await admin.connect();
  } catch (error) {
    throw fail('could not connect', error);
  }
  const name = `fearless_drill_${randomBytes(6).toString('hex')}`;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    await admin.end().catch(() => undefined);
    throw fail('could not create a scratch database (the drill needs CREATEDB)', error);
  }
  const scratch = new Client({ connectionString: withDatabase(url, name), connectionTimeoutMillis: timeoutMs, application_name: 'fearless drill' });
  const drop = async (): Promise<void> => {
    await scratch.end().catch(() => undefined);
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } catch {
      // Before PostgreSQL 13 there is no FORCE; our own connection is closed already.
      await admin.query(`DROP DATABASE IF EXISTS ${name}`).catch(() => undefined);
    }
    await admin.end().catch(() => undefined);
  };
  try {
    await scratch.connect();
  } catch (error) {
    await drop();
    throw fail('could not connect to the scratch database', error);
  }
  const [{ version }] = (await scratch.query<{ version: string }>(`SELECT current_setting('server_version') AS version`)).rows as [{ version: string }];
  let closed = false;
  const database: Database = {
    label: `${displayUrl(url)} (PostgreSQL ${version}, scratch database ${name})`,
    exec: async (sql) => {
      await scratch.query(sql);
    },
    rows: async <T>(sql: string, parameters?: unknown[]) => (await scratch.query(sql, parameters ?? [])).rows as T[],
    result: async (sql, parameters) => {
      const { rows, fields, rowCount } = await scratch.query<unknown[]>({ text: sql, values: parameters ?? [], rowMode: 'array' });
      return { rows, fields: fields.map((field) => ({ name: field.name, dataTypeID: field.dataTypeID })), ...(rowCount === null ? {} : { affectedRows: rowCount }) };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      open.delete(database);
      await drop();
    },
  };
  open.add(database);
  dropOnInterrupt();
  return database;
}

/** The name of the scratch database behind a label (for tests that check it is gone). */
export function scratchDatabaseName(database: Database): string | undefined {
  return /scratch database (fearless_drill_[0-9a-f]+)\)$/.exec(database.label)?.[1];
}
