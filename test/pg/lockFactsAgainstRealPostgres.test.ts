/**
 * The same cases as lockFactsAgainstPglite.test.ts, on a real PostgreSQL
 * server (the distribution's, 15 on Debian 12) started for this file: the
 * facts for that server's version must match its pg_locks exactly.
 */

import { after, before, test } from 'node:test';
import type { Client } from 'pg';
import type { SchemaModel } from '../../server/src/schema/schemaModel';
import { startRealPostgres, type RealPostgres } from '../helpers/realPostgres';
import { LOCK_CASES } from './lockCases';
import { FIXTURE_SQL, fixtureSchema, tablespaceSql } from './lockFixture';
import type { SqlSession } from './lockObservation';
import { runLockCase } from './runLockCase';

let server: RealPostgres | undefined;
let skipReason: string | undefined;
let client: Client | undefined;
let schema: SchemaModel;
let session: SqlSession;

before(async () => {
  const started = await startRealPostgres();
  if (!started.server) {
    skipReason = started.skip;
    console.log(`# real PostgreSQL lock tests skipped: ${skipReason}`);
    return;
  }
  server = started.server;
  client = await server.connect();
  await client.query(FIXTURE_SQL);
  await client.query(tablespaceSql(server.scratchDirectory));
  schema = await fixtureSchema();
  const connected = client;
  session = {
    exec: async (sql) => {
      await connected.query(sql);
    },
    rows: async <T>(sql: string, params?: unknown[]) => (await connected.query(sql, params)).rows as T[],
  };
});

after(async () => {
  await client?.end().catch(() => undefined);
  server?.stop();
});

for (const lockCase of LOCK_CASES) {
  test(`real PostgreSQL agrees: ${lockCase.sql}`, lockCase.gap ? { todo: lockCase.gap } : {}, async (t) => {
    if (!server) {
      t.skip(skipReason ?? 'no real PostgreSQL server');
      return;
    }
    await runLockCase(session, lockCase, { pgVersion: server.majorVersion, schema });
  });
}
