/**
 * The same round trips as deterministicReverseRoundTrip.test.ts, on a real
 * PostgreSQL server the test starts (Debian's, version 15 here).
 */

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from 'pg';
import { diffSnapshots, snapshotSchema, type QueryRows } from '../../server/src/drill/schemaSnapshot';
import { applyStatementToSchema } from '../../server/src/schema/applyStatement';
import { SchemaModel } from '../../server/src/schema/schemaModel';
import { deterministicReverse, reverseSqlText } from '../../server/src/reverse/deterministicReverse';
import { parseSql } from '../../server/src/sql/parseSql';
import { startRealPostgres, type RealPostgres } from '../helpers/realPostgres';
import { CASES, HISTORY } from './reverseRoundTripCases';

let server: RealPostgres | undefined;
let client: Client | undefined;
let skipReason: string | undefined;

before(async () => {
  const started = await startRealPostgres();
  if (!started.server) {
    skipReason = started.skip;
    console.log(`# real-server reverse round trips skipped: ${skipReason}`);
    return;
  }
  server = started.server;
  client = await server.connect();
});

after(async () => {
  await client?.end().catch(() => undefined);
  server?.stop();
});

CASES.forEach((entry, number) => {
  test(`real PostgreSQL: forward + deterministic reverse restores the schema: ${entry.name}`, async (t) => {
    if (!client) return t.skip(skipReason);
    const query: QueryRows = async (sql, parameters) => (await client!.query(sql, parameters)).rows as Record<string, unknown>[];
    const schemaName = `rt_${number}`;
    await client.query(`DROP SCHEMA IF EXISTS reporting CASCADE; CREATE SCHEMA ${schemaName}; SET search_path TO ${schemaName};`);
    await client.query(HISTORY);
    const before = await snapshotSchema(query, schemaName);
    const history = SchemaModel.empty();
    for (const statement of (await parseSql(HISTORY)).statements) applyStatementToSchema(history, statement, 'history.sql');
    const forward = await parseSql(entry.forward);
    const reverse = deterministicReverse(forward.statements, history, 'forward.sql');
    await client.query(entry.forward);
    await client.query(reverseSqlText(reverse, 'forward.sql', forward.statements));
    const reasons = reverse.unresolved.map((item) => item.reason);
    if (entry.unresolved) {
      for (const expected of entry.unresolved)
        assert.ok(
          reasons.some((reason) => expected.test(reason)),
          JSON.stringify(reasons),
        );
      if (entry.schemaRestored) assert.deepEqual(diffSnapshots(before, await snapshotSchema(query, schemaName)), { missing: [], extra: [] });
    } else {
      assert.deepEqual(reasons, []);
      assert.deepEqual(diffSnapshots(before, await snapshotSchema(query, schemaName)), { missing: [], extra: [] });
    }
    await client.query(`SET search_path TO public; DROP SCHEMA ${schemaName} CASCADE;`);
  });
});
