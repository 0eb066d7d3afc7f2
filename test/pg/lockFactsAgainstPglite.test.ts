/**
 * The lock knowledge base checked against PostgreSQL 18 (PGlite, in
 * process): every case of lockCases.ts runs in a transaction, and the
 * relation locks in pg_locks and the rewritten files must be exactly what
 * lockFactsFor claims for pgVersion 18. Statements that cannot run in a
 * transaction block need a second session, which PGlite does not have: they
 * run against a real server (concurrentLocksAgainstRealPostgres.test.ts).
 */

import { after, before, test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import type { SchemaModel } from '../../server/src/schema/schemaModel';
import { CONCURRENT_LOCK_CASES } from './concurrentLockCases';
import { LOCK_CASES } from './lockCases';
import { FIXTURE_SQL, fixtureSchema, tablespaceSql } from './lockFixture';
import { runLockCase } from './runLockCase';
import type { SqlSession } from './lockObservation';

const PG_VERSION = 18;
let db: PGlite;
let schema: SchemaModel;
let session: SqlSession;

before(async () => {
  db = await PGlite.create();
  await db.exec(FIXTURE_SQL);
  // PGlite's file system is in memory: /tmp exists there.
  await db.exec(tablespaceSql('/tmp'));
  schema = await fixtureSchema();
  session = {
    exec: async (sql) => {
      await db.exec(sql);
    },
    rows: async <T>(sql: string, params?: unknown[]) => (await db.query<T>(sql, params)).rows,
  };
});

after(async () => {
  await db?.close();
});

for (const lockCase of LOCK_CASES) {
  const options = lockCase.skipOnPglite ? { skip: lockCase.skipOnPglite } : lockCase.gap ? { todo: lockCase.gap } : {};
  test(`PostgreSQL ${PG_VERSION} (PGlite) agrees: ${lockCase.sql}`, options, async () => {
    await runLockCase(session, lockCase, { pgVersion: PG_VERSION, schema });
  });
}

for (const lockCase of CONCURRENT_LOCK_CASES) {
  test(`PostgreSQL ${PG_VERSION} (PGlite) agrees: ${lockCase.sql}`, (t) => {
    t.skip('cannot run inside a transaction block, and PGlite has a single session: checked on the real server only');
  });
}
