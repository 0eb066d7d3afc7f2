/**
 * A real PostgreSQL server (a staging database) as a drill database. The
 * drill never touches the database the URL names: it creates a throwaway
 * database with a unique name, works only there, and drops it afterwards,
 * also when the drill fails or is interrupted.
 *
 * Confined to that database: a role that could reach further is refused
 * unless the user allows it, statements that act on the cluster are
 * refused before they are sent, and the server's global state is compared
 * before and after each drill. The scratch database is known by its oid as
 * well as its name, so another drill on the same server can neither be
 * mistaken for it nor dropped in its place. A connection that breaks ends
 * the drill (DatabaseConnectionLost) instead of reading as a failed step.
 * Passwords never reach output.
 */

import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DatabaseConnectionLost, DatabaseUnavailable, ScratchDatabaseLeft, databaseErrorText, type Database } from './database';
import { globalState, globalStateChanges, privilegesBeyondScratch, type GlobalState } from './serverConfinement';
import { StatementRefused, statementsBeyondScratch } from './statementsBeyondScratch';
import { redactConnectionString } from './tableSizesFromDatabase';

/** A server to drill on, as the user named it. */
export interface ScratchServer {
  url: string;
  /** The user's explicit consent to a role that can reach past a scratch database (--allow-privileged-role). */
  allowPrivilegedRole?: boolean;
}

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

/** SQLSTATEs of a session the server ended (terminated, shut down, crashed) and driver messages of a broken socket. */
const CONNECTION_LOST_CODES = new Set(['57P01', '57P02', '57P03', '08006', '08003', '08000']);
const CONNECTION_LOST_MESSAGE = /Connection terminated|terminating connection|ECONNRESET|EPIPE|Client has encountered a connection error|not queryable|Connection ended/i;

function isConnectionLoss(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return (typeof code === 'string' && CONNECTION_LOST_CODES.has(code)) || (error instanceof Error && CONNECTION_LOST_MESSAGE.test(error.message));
}

/** A client whose connection breaking is noted instead of crashing the process (pg emits 'error' on an idle client). */
function watchedClient(connectionString: string, timeoutMs: number, onLost: (reason: string) => void): Client {
  const client = new Client({ connectionString, connectionTimeoutMillis: timeoutMs, application_name: 'fearless drill' });
  client.on('error', (error) => onLost(databaseErrorText(error)));
  client.on('end', () => onLost('the connection was closed'));
  return client;
}

export async function openScratchPostgres(server: ScratchServer, timeoutMs = 10_000): Promise<Database> {
  const { url } = server;
  const redact = (text: string): string => redactConnectionString(text, url);
  const fail = (what: string, error: unknown): Error => new DatabaseUnavailable(`${what} on ${displayUrl(url)}: ${redact(databaseErrorText(error))}`);
  try {
    new URL(url);
  } catch {
    throw new DatabaseUnavailable('the database URL must be a postgres:// URL (key=value connection strings are not supported for drills).');
  }
  let lost: string | undefined;
  let closing = false;
  const noteLost = (which: string) => (reason: string) => {
    if (!closing && lost === undefined) lost = `the ${which} connection to ${displayUrl(url)} was lost (${redact(reason)})`;
  };
  let admin = watchedClient(url, timeoutMs, noteLost('admin'));
  try {
    await admin.connect();
  } catch (error) {
    throw fail('could not connect', error);
  }
  const adminRows = async <T>(sql: string, parameters?: unknown[]): Promise<T[]> => (await admin.query(sql, parameters ?? [])).rows as T[];
  const privileges = await privilegesBeyondScratch(adminRows).catch((error: unknown) => {
    void admin.end().catch(() => undefined);
    throw fail('could not read the role\'s privileges', error);
  });
  if (privileges.length > 0 && !server.allowPrivilegedRole) {
    closing = true;
    await admin.end().catch(() => undefined);
    const user = (() => {
      try {
        return decodeURIComponent(new URL(url).username) || 'the connecting role';
      } catch {
        return 'the connecting role';
      }
    })();
    throw new DatabaseUnavailable(
      `refusing to drill as ${user} on ${displayUrl(url)}: ${privileges.join('; ')}, so a migration could change more than its scratch database. ` +
        'Connect as a role with CREATEDB and nothing more (see the README\'s Security section), or pass --allow-privileged-role if this server is yours to break.',
    );
  }
  const name = `fearless_drill_${randomBytes(6).toString('hex')}`;
  let oid: string;
  try {
    await admin.query(`CREATE DATABASE ${name}`);
    oid = (await adminRows<{ oid: string }>('SELECT oid::text AS oid FROM pg_database WHERE datname = $1', [name]))[0]!.oid;
  } catch (error) {
    closing = true;
    await admin.end().catch(() => undefined);
    throw fail('could not create a scratch database (the drill needs CREATEDB)', error);
  }
  const scratch = watchedClient(withDatabase(url, name), timeoutMs, noteLost('scratch database'));

  /** Drops the scratch database if it is still the one this drill made (same name, same oid); says so when it stays. */
  const drop = async (): Promise<void> => {
    closing = true;
    await scratch.end().catch(() => undefined);
    if (lost !== undefined) {
      // The admin connection may be the one that broke: a fresh one to clean up with.
      await admin.end().catch(() => undefined);
      admin = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs, application_name: 'fearless drill cleanup' });
      admin.on('error', () => undefined);
      try {
        await admin.connect();
      } catch (error) {
        throw new ScratchDatabaseLeft(`could not reconnect to drop the scratch database ${name} (${redact(databaseErrorText(error))}): drop it with DROP DATABASE ${name};`);
      }
    }
    try {
      const current = await adminRows<{ name: string }>('SELECT datname AS name FROM pg_database WHERE oid = $1::oid', [oid]);
      if (current.length === 0) return;
      if (current[0]!.name !== name) throw new ScratchDatabaseLeft(`the scratch database ${name} was renamed to ${current[0]!.name} during the drill; it was left in place: drop it with DROP DATABASE ${current[0]!.name};`);
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch {
        // Before PostgreSQL 13 there is no FORCE; our own connection is closed already.
        await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      }
      const left = await adminRows('SELECT 1 FROM pg_database WHERE oid = $1::oid', [oid]);
      if (left.length > 0) throw new ScratchDatabaseLeft(`the scratch database ${name} is still there after DROP DATABASE: drop it with DROP DATABASE ${name};`);
    } catch (error) {
      if (error instanceof ScratchDatabaseLeft) throw error;
      throw new ScratchDatabaseLeft(`could not drop the scratch database ${name} (${redact(databaseErrorText(error))}): drop it with DROP DATABASE ${name};`);
    } finally {
      await admin.end().catch(() => undefined);
    }
  };

  try {
    await scratch.connect();
    const [connected] = await scratch.query<{ oid: string }>('SELECT oid::text AS oid FROM pg_database WHERE datname = current_database()').then((result) => result.rows);
    if (connected?.oid !== oid) throw new Error(`connected to a database other than the scratch database ${name}`);
  } catch (error) {
    await drop().catch(() => undefined);
    throw fail('could not connect to the scratch database', error);
  }
  const [{ version }] = (await scratch.query<{ version: string }>(`SELECT current_setting('server_version') AS version`)).rows as [{ version: string }];
  let before: GlobalState;
  try {
    before = await globalState(adminRows);
  } catch (error) {
    await drop().catch(() => undefined);
    throw fail('could not read the server\'s global state', error);
  }

  // One query at a time on the connection, whoever asks: pg would interleave them (and warns that it is deprecated).
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const turn = queue.then(work, work);
    queue = turn.catch(() => undefined);
    return turn;
  };

  /** Every statement sent on the scratch connection: refused when it would reach past the scratch database, stopped when a connection broke. */
  const send = async <T>(sql: string, run: () => Promise<T>): Promise<T> => {
    if (lost !== undefined) throw new DatabaseConnectionLost(lost, name);
    const refused = (await statementsBeyondScratch(sql))[0];
    if (refused) throw new StatementRefused(refused);
    try {
      return await inTurn(run);
    } catch (error) {
      if (lost !== undefined || isConnectionLoss(error)) {
        lost ??= `the scratch database connection to ${displayUrl(url)} was lost (${redact(databaseErrorText(error))})`;
        throw new DatabaseConnectionLost(lost, name);
      }
      throw error;
    }
  };

  let closed = false;
  const database: Database = {
    label: `${displayUrl(url)} (PostgreSQL ${version}, scratch database ${name})`,
    exec: (sql) => send(sql, async () => void (await scratch.query(sql))),
    rows: <T>(sql: string, parameters?: unknown[]) => send(sql, async () => (await scratch.query(sql, parameters ?? [])).rows as T[]),
    result: (sql, parameters) =>
      send(sql, async () => {
        const { rows, fields, rowCount } = await scratch.query<unknown[]>({ text: sql, values: parameters ?? [], rowMode: 'array' });
        return { rows, fields: fields.map((field) => ({ name: field.name, dataTypeID: field.dataTypeID })), ...(rowCount === null ? {} : { affectedRows: rowCount }) };
      }),
    changesBeyondScratch: async () => {
      if (lost !== undefined) throw new DatabaseConnectionLost(lost, name);
      try {
        return globalStateChanges(before, await globalState(adminRows), oid);
      } catch (error) {
        if (lost !== undefined || isConnectionLoss(error)) throw new DatabaseConnectionLost(lost ?? `the admin connection to ${displayUrl(url)} was lost`, name);
        throw error;
      }
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
