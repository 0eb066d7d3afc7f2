/**
 * Forward then its deterministic reverse, on PostgreSQL (PGlite 18): the
 * schema must be back to what the history left, or the reverse must list
 * what it could not undo. Each case runs in a schema of its own.
 */

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { diffSnapshots, snapshotSchema, type QueryRows } from '../../server/src/drill/schemaSnapshot';
import { applyStatementToSchema } from '../../server/src/schema/applyStatement';
import { SchemaModel } from '../../server/src/schema/schemaModel';
import { deterministicReverse, reverseSqlText } from '../../server/src/reverse/deterministicReverse';
import { parseSql } from '../../server/src/sql/parseSql';
import { CASES, HISTORY } from './reverseRoundTripCases';

let db: PGlite;

before(async () => {
  db = await PGlite.create();
});

after(async () => {
  await db?.close();
});

const query: QueryRows = async (sql, parameters) => (await db.query<Record<string, unknown>>(sql, parameters)).rows;

async function historySchema(): Promise<SchemaModel> {
  const schema = SchemaModel.empty();
  for (const statement of (await parseSql(HISTORY)).statements) applyStatementToSchema(schema, statement, 'history.sql');
  return schema;
}

CASES.forEach((entry, number) => {
  test(`forward + deterministic reverse restores the schema: ${entry.name}`, async () => {
    const schemaName = `rt_${number}`;
    await db.exec(`DROP SCHEMA IF EXISTS reporting CASCADE; CREATE SCHEMA ${schemaName}; SET search_path TO ${schemaName};`);
    await db.exec(HISTORY);
    const before = await snapshotSchema(query, schemaName);

    const forward = await parseSql(entry.forward);
    const reverse = deterministicReverse(forward.statements, await historySchema(), 'forward.sql');
    const text = reverseSqlText(reverse, 'forward.sql', forward.statements);
    assert.deepEqual((await parseSql(text)).problems, [], `the reverse does not parse:\n${text}`);

    await db.exec(entry.forward);
    await db.exec(text);
    const afterReverse = await snapshotSchema(query, schemaName);
    const reasons = reverse.unresolved.map((item) => item.reason);
    if (entry.unresolved) {
      for (const expected of entry.unresolved)
        assert.ok(
          reasons.some((reason) => expected.test(reason)),
          `expected an unresolved entry ${expected}: ${JSON.stringify(reasons)}`,
        );
      if (entry.schemaRestored) assert.deepEqual(diffSnapshots(before, afterReverse), { missing: [], extra: [] }, text);
    } else {
      assert.deepEqual(reasons, []);
      assert.deepEqual(diffSnapshots(before, afterReverse), { missing: [], extra: [] }, text);
    }
    await db.exec(`SET search_path TO public; DROP SCHEMA ${schemaName} CASCADE;`);
  });
});
