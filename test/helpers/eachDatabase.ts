/**
 * The same checks on PGlite (PostgreSQL 18, in process) and on the real
 * server the test setup starts: facts about what PostgreSQL does are only
 * believed when both say so. Without a real server that half is skipped
 * with the reason printed.
 */

import { after, before, describe } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { startRealPostgres } from './realPostgres';

export interface SqlDatabase {
  /** The server's major version. */
  major: number;
  exec(sql: string): Promise<void>;
  query(sql: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

async function openPglite(): Promise<SqlDatabase> {
  const db = await PGlite.create();
  return {
    major: 18,
    exec: async (sql) => void (await db.exec(sql)),
    query: async (sql) => (await db.query<Record<string, unknown>>(sql)).rows,
    close: () => db.close(),
  };
}

/** The real server, or why there is none. */
async function openRealServer(): Promise<SqlDatabase | string> {
  const started = await startRealPostgres();
  if (!started.server) return started.skip;
  const server = started.server;
  const client = await server.connect();
  return {
    major: server.majorVersion,
    exec: async (sql) => void (await client.query(sql)),
    query: async (sql) => (await client.query(sql)).rows as Record<string, unknown>[],
    close: async () => {
      await client.end();
      server.stop();
    },
  };
}

/**
 * Runs `cases` in a describe block per database (`<subject> on PGlite (PostgreSQL 18)`, `<subject> on a real
 * PostgreSQL server`). `database()` is the open database, or undefined with `skipReason()` saying why.
 */
export function onEachDatabase(subject: string, cases: (database: () => SqlDatabase | undefined, skipReason: () => string | undefined) => void): void {
  for (const [where, open] of [
    ['on PGlite (PostgreSQL 18)', openPglite],
    ['on a real PostgreSQL server', openRealServer],
  ] as const) {
    const label = `${subject} ${where}`;
    describe(label, () => {
      let database: SqlDatabase | undefined;
      let skip: string | undefined;
      before(async () => {
        const opened = await open();
        if (typeof opened === 'string') {
          skip = opened;
          console.log(`# ${label} skipped: ${skip}`);
        } else database = opened;
      });
      after(async () => database?.close());
      cases(
        () => database,
        () => skip,
      );
    });
  }
}
