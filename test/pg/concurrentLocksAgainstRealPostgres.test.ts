/**
 * Statements that cannot run inside a transaction block, on the
 * distribution's real server (Debian's 15): watched from other sessions as
 * concurrentObservation.ts describes. The version matrix runs the same
 * checks on every major.
 */

import { after, before, test } from 'node:test';
import { lockFactsFor } from '../../server/src/locks/statementLocks';
import type { SchemaModel } from '../../server/src/schema/schemaModel';
import { parseSql } from '../../server/src/sql/parseSql';
import { startRealPostgres, type RealPostgres } from '../helpers/realPostgres';
import { CONCURRENT_LOCK_CASES } from './concurrentLockCases';
import { checkConcurrentCase, closeWatchSessions, openWatchSessions, type WatchSessions } from './concurrentObservation';
import { FIXTURE_SQL, fixtureSchema } from './lockFixture';

let server: RealPostgres | undefined;
let skipReason: string | undefined;
let sessions: WatchSessions | undefined;
let schema: SchemaModel;

before(async () => {
  const started = await startRealPostgres();
  if (!started.server) {
    skipReason = started.skip;
    console.log(`# concurrent lock tests skipped: ${skipReason}`);
    return;
  }
  server = started.server;
  const connected = server;
  sessions = await openWatchSessions(() => connected.connect());
  await sessions.runner.query(FIXTURE_SQL);
  schema = await fixtureSchema();
});

after(async () => {
  await closeWatchSessions(sessions);
  server?.stop();
});

for (const lockCase of CONCURRENT_LOCK_CASES) {
  test(`real PostgreSQL agrees (watched from other sessions): ${lockCase.sql}`, async (t) => {
    if (!server || !sessions) {
      t.skip(skipReason ?? 'no real PostgreSQL server');
      return;
    }
    const parsed = await parseSql(`${lockCase.sql};`);
    await checkConcurrentCase(sessions, lockCase, lockFactsFor(parsed.statements[0]!, { pgVersion: server.majorVersion, schema }));
  });
}
