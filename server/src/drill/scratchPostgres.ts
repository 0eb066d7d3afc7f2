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
  /** How reports name the server instead of its URL (a throwaway server started for the drill). */
  serverName?: string;
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
const CONNECTION_LOST_MESSAGE =
  /Connection terminated|terminating connection|ECONNRESET|EPIPE|Client has encountered a connection error|not queryable|Connection ended/i;

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

function userOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).username) || 'the connecting role';
  } catch {
    return 'the connecting role';
  }
}

/**
 * One drill's hold on the server: the admin connection (in the URL's
 * database, never changed), the scratch database it created (known by name
 * and oid) and the connection to it, and whether either broke.
 */
class ScratchSession {
  private admin: Client;
  private scratch: Client | undefined;
  private lost: string | undefined;
  private closing = false;
  readonly name = `fearless_drill_${randomBytes(6).toString('hex')}`;
  private oid = '';
  private before: GlobalState | undefined;
  // One query at a time on the connection, whoever asks: pg would interleave them (and warns that it is deprecated).
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly server: ScratchServer,
    private readonly timeoutMs: number,
  ) {
    this.admin = watchedClient(server.url, timeoutMs, this.noteLost('admin'));
  }

  private get where(): string {
    return displayUrl(this.server.url);
  }

  private redact(text: string): string {
    return redactConnectionString(text, this.server.url);
  }

  fail(what: string, error: unknown): Error {
    return new DatabaseUnavailable(`${what} on ${this.where}: ${this.redact(databaseErrorText(error))}`);
  }

  private noteLost(which: string): (reason: string) => void {
    return (reason) => {
      if (!this.closing && this.lost === undefined) this.lost = `the ${which} connection to ${this.where} was lost (${this.redact(reason)})`;
    };
  }

  readonly adminRows = async <T>(sql: string, parameters?: unknown[]): Promise<T[]> => (await this.admin.query(sql, parameters ?? [])).rows as T[];

  private async endAdmin(): Promise<void> {
    this.closing = true;
    await this.admin.end().catch(() => undefined);
  }

  async connectAdmin(): Promise<void> {
    try {
      await this.admin.connect();
    } catch (error) {
      throw this.fail('could not connect', error);
    }
  }

  /** A role that could change more than a scratch database is refused, unless the user said this server is theirs to break. */
  async refusePrivilegedRole(): Promise<void> {
    const privileges = await privilegesBeyondScratch(this.adminRows).catch(async (error: unknown) => {
      await this.endAdmin();
      throw this.fail("could not read the role's privileges", error);
    });
    if (privileges.length === 0 || this.server.allowPrivilegedRole) return;
    await this.endAdmin();
    throw new DatabaseUnavailable(
      `refusing to drill as ${userOf(this.server.url)} on ${this.where}: ${privileges.join('; ')}, so a migration could change more than its scratch database. ` +
        'Connect as a role with CREATEDB and nothing more (see docs/security.md), or pass --allow-privileged-role if this server is yours to break.',
    );
  }

  async createScratchDatabase(): Promise<void> {
    try {
      await this.admin.query(`CREATE DATABASE ${this.name}`);
      this.oid = (await this.adminRows<{ oid: string }>('SELECT oid::text AS oid FROM pg_database WHERE datname = $1', [this.name]))[0]!.oid;
    } catch (error) {
      await this.endAdmin();
      throw this.fail('could not create a scratch database (the drill needs CREATEDB)', error);
    }
  }

  /** Connects to the scratch database (checked by oid), and notes the server's global state to compare with later. */
  async connectScratch(): Promise<string> {
    const scratch = watchedClient(withDatabase(this.server.url, this.name), this.timeoutMs, this.noteLost('scratch database'));
    this.scratch = scratch;
    try {
      await scratch.connect();
      const [connected] = (await scratch.query<{ oid: string }>('SELECT oid::text AS oid FROM pg_database WHERE datname = current_database()')).rows;
      if (connected?.oid !== this.oid) throw new Error(`connected to a database other than the scratch database ${this.name}`);
    } catch (error) {
      await this.drop().catch(() => undefined);
      throw this.fail('could not connect to the scratch database', error);
    }
    const [{ version }] = (await scratch.query<{ version: string }>(`SELECT current_setting('server_version') AS version`)).rows as [{ version: string }];
    try {
      this.before = await globalState(this.adminRows);
    } catch (error) {
      await this.drop().catch(() => undefined);
      throw this.fail("could not read the server's global state", error);
    }
    return version;
  }

  /** Every statement sent on the scratch connection: refused when it would reach past the scratch database, stopped when a connection broke. */
  async send<T>(sql: string, run: (client: Client) => Promise<T>): Promise<T> {
    if (this.lost !== undefined) throw new DatabaseConnectionLost(this.lost, this.name);
    const refused = (await statementsBeyondScratch(sql))[0];
    if (refused) throw new StatementRefused(refused);
    const work = (): Promise<T> => run(this.scratch!);
    const turn = this.queue.then(work, work);
    this.queue = turn.catch(() => undefined);
    try {
      return await turn;
    } catch (error) {
      if (this.lost !== undefined || isConnectionLoss(error)) {
        this.lost ??= `the scratch database connection to ${this.where} was lost (${this.redact(databaseErrorText(error))})`;
        throw new DatabaseConnectionLost(this.lost, this.name);
      }
      throw error;
    }
  }

  async changesBeyondScratch(): Promise<string[]> {
    if (this.lost !== undefined) throw new DatabaseConnectionLost(this.lost, this.name);
    try {
      return globalStateChanges(this.before!, await globalState(this.adminRows), this.oid);
    } catch (error) {
      if (this.lost !== undefined || isConnectionLoss(error))
        throw new DatabaseConnectionLost(this.lost ?? `the admin connection to ${this.where} was lost`, this.name);
      throw error;
    }
  }

  /** After a broken connection, a fresh admin connection to clean up with (the broken one may be the admin's). */
  private async reconnectAdmin(): Promise<void> {
    await this.admin.end().catch(() => undefined);
    this.admin = new Client({ connectionString: this.server.url, connectionTimeoutMillis: this.timeoutMs, application_name: 'fearless drill cleanup' });
    this.admin.on('error', () => undefined);
    try {
      await this.admin.connect();
    } catch (error) {
      throw new ScratchDatabaseLeft(
        `could not reconnect to drop the scratch database ${this.name} (${this.redact(databaseErrorText(error))}): drop it with DROP DATABASE ${this.name};`,
      );
    }
  }

  /** Drops the scratch database if it is still the one this drill made (same name, same oid); says so when it stays. */
  async drop(): Promise<void> {
    const { name } = this;
    this.closing = true;
    await this.scratch?.end().catch(() => undefined);
    if (this.lost !== undefined) await this.reconnectAdmin();
    try {
      const current = await this.adminRows<{ name: string }>('SELECT datname AS name FROM pg_database WHERE oid = $1::oid', [this.oid]);
      if (current.length === 0) return;
      if (current[0]!.name !== name)
        throw new ScratchDatabaseLeft(
          `the scratch database ${name} was renamed to ${current[0]!.name} during the drill; it was left in place: drop it with DROP DATABASE ${current[0]!.name};`,
        );
      try {
        await this.admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } catch {
        // Before PostgreSQL 13 there is no FORCE; our own connection is closed already.
        await this.admin.query(`DROP DATABASE IF EXISTS ${name}`);
      }
      const left = await this.adminRows('SELECT 1 FROM pg_database WHERE oid = $1::oid', [this.oid]);
      if (left.length > 0)
        throw new ScratchDatabaseLeft(`the scratch database ${name} is still there after DROP DATABASE: drop it with DROP DATABASE ${name};`);
    } catch (error) {
      if (error instanceof ScratchDatabaseLeft) throw error;
      throw new ScratchDatabaseLeft(
        `could not drop the scratch database ${name} (${this.redact(databaseErrorText(error))}): drop it with DROP DATABASE ${name};`,
      );
    } finally {
      await this.admin.end().catch(() => undefined);
    }
  }
}

export async function openScratchPostgres(server: ScratchServer, timeoutMs = 10_000): Promise<Database> {
  try {
    new URL(server.url);
  } catch {
    throw new DatabaseUnavailable('the database URL must be a postgres:// URL (key=value connection strings are not supported for drills).');
  }
  const session = new ScratchSession(server, timeoutMs);
  await session.connectAdmin();
  await session.refusePrivilegedRole();
  await session.createScratchDatabase();
  const version = await session.connectScratch();
  let closed = false;
  const database: Database = {
    label: `${server.serverName ?? displayUrl(server.url)} (PostgreSQL ${version}, scratch database ${session.name})`,
    exec: (sql) => session.send(sql, async (client) => void (await client.query(sql))),
    rows: <T>(sql: string, parameters?: unknown[]) => session.send(sql, async (client) => (await client.query(sql, parameters ?? [])).rows as T[]),
    result: (sql, parameters) =>
      session.send(sql, async (client) => {
        const { rows, fields, rowCount } = await client.query<unknown[]>({ text: sql, values: parameters ?? [], rowMode: 'array' });
        return {
          rows,
          fields: fields.map((field) => ({ name: field.name, dataTypeID: field.dataTypeID })),
          ...(rowCount === null ? {} : { affectedRows: rowCount }),
        };
      }),
    changesBeyondScratch: () => session.changesBeyondScratch(),
    close: async () => {
      if (closed) return;
      closed = true;
      open.delete(database);
      await session.drop();
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
