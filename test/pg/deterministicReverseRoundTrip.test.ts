/**
 * Forward then its deterministic reverse, on PostgreSQL (PGlite 18): the
 * schema must be back to what the history left, or the reverse must list
 * what it could not undo. Each case runs in a schema of its own.
 */

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { diffSnapshots, snapshotSchema, type QueryRows } from '../../server/src/drill/schemaSnapshot';
import { applyStatementToSchema } from '../../server/src/migrations/applyStatement';
import { SchemaModel } from '../../server/src/migrations/schemaModel';
import { deterministicReverse, reverseSqlText } from '../../server/src/reverse/deterministicReverse';
import { parseSql } from '../../server/src/sql/parseSql';

const HISTORY = `
  CREATE TABLE tenants (id bigint PRIMARY KEY);
  CREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint, note varchar(20) NOT NULL DEFAULT '', amount int);
  CREATE INDEX events_note_idx ON events (note);
  CREATE VIEW recent_events AS SELECT id, note FROM events WHERE id > 100;
  CREATE FUNCTION double_it(x int) RETURNS int LANGUAGE sql AS $$ SELECT x * 2 $$;
  CREATE TYPE mood AS ENUM ('sad', 'ok');
`;

interface Case {
  name: string;
  forward: string;
  /** Reasons the reverse must list (substrings); empty: the schema must be restored exactly. */
  unresolved?: RegExp[];
}

const CASES: Case[] = [
  { name: 'add column, index, constraint', forward: "SET lock_timeout = '5s'; ALTER TABLE events ADD COLUMN region text; CREATE INDEX events_region_idx ON events (region); ALTER TABLE events ADD CONSTRAINT events_region_check CHECK (region <> '') NOT VALID;" },
  { name: 'create table with FK and trigger', forward: 'CREATE TABLE audit (id bigint, event_id bigint REFERENCES events (id)); CREATE FUNCTION audit_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$; CREATE TRIGGER audit_touch BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION audit_touch();' },
  { name: 'renames', forward: 'ALTER TABLE events RENAME COLUMN note TO body; ALTER TABLE events RENAME TO happenings; ALTER INDEX events_note_idx RENAME TO happenings_body_idx;' },
  { name: 'type change and nullability', forward: 'ALTER TABLE events ALTER COLUMN amount TYPE bigint; ALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL; ALTER TABLE events ALTER COLUMN note DROP NOT NULL;' },
  { name: 'drop index and view, recreated from their definitions', forward: 'DROP INDEX events_note_idx; DROP VIEW recent_events;' },
  { name: 'replace a function and a view', forward: "CREATE OR REPLACE FUNCTION double_it(x int) RETURNS int LANGUAGE sql AS $$ SELECT x + x $$; CREATE OR REPLACE VIEW recent_events AS SELECT id, note FROM events WHERE id > 200;" },
  { name: 'set a default where there was none', forward: 'ALTER TABLE events ALTER COLUMN amount SET DEFAULT 0;' },
  { name: 'sequences, enums, schemas', forward: "CREATE SEQUENCE ticket_seq; CREATE TYPE colour AS ENUM ('red'); CREATE SCHEMA reporting;" },
  { name: 'a backfill is listed, not guessed', forward: "ALTER TABLE events ADD COLUMN region text; UPDATE events SET region = 'eu';", unresolved: [/data statement/] },
  { name: 'an enum value cannot be dropped', forward: "ALTER TYPE mood ADD VALUE 'happy';", unresolved: [/cannot drop an enum value/] },
  { name: 'a dropped column comes back empty', forward: 'ALTER TABLE events DROP COLUMN amount;', unresolved: [/recreates the column as integer/] },
];

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
      for (const expected of entry.unresolved) assert.ok(reasons.some((reason) => expected.test(reason)), `expected an unresolved entry ${expected}: ${JSON.stringify(reasons)}`);
    } else {
      assert.deepEqual(reasons, []);
      assert.deepEqual(diffSnapshots(before, afterReverse), { missing: [], extra: [] }, text);
    }
    await db.exec(`SET search_path TO public; DROP SCHEMA ${schemaName} CASCADE;`);
  });
});
