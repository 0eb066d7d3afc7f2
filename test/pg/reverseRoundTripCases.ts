/** Forwards whose deterministic reverse must restore the schema (or list why not), with the history they run on. */

export const HISTORY = `
  CREATE TABLE tenants (id bigint PRIMARY KEY);
  CREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint, note varchar(20) NOT NULL DEFAULT '', amount int);
  CREATE INDEX events_note_idx ON events (note);
  CREATE VIEW recent_events AS SELECT id, note FROM events WHERE id > 100;
  CREATE FUNCTION double_it(x int) RETURNS int LANGUAGE sql AS $$ SELECT x * 2 $$;
  CREATE TYPE mood AS ENUM ('sad', 'ok');
  ALTER TABLE events ADD COLUMN kind text NOT NULL DEFAULT 'plain' CHECK (kind <> '');
  CREATE INDEX events_kind_idx ON events (kind);
  ALTER TABLE events ADD FOREIGN KEY (tenant_id) REFERENCES tenants (id) ON DELETE CASCADE;
  ALTER TABLE events ADD COLUMN theme varchar(20) NOT NULL DEFAULT 'browser';
  CREATE VIEW all_tenants AS SELECT * FROM tenants;
  CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
  CREATE TRIGGER events_touch BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION touch();
  COMMENT ON TABLE events IS 'what happened';
  ALTER TABLE events ADD COLUMN feeling mood NOT NULL DEFAULT 'ok';
`;

export interface RoundTripCase {
  name: string;
  forward: string;
  /** Reasons the reverse must list (substrings); empty: the schema must be restored exactly. */
  unresolved?: RegExp[];
  /** With `unresolved`: the schema still comes back exactly (what is lost is data, e.g. a dropped column's values). */
  schemaRestored?: true;
}

export const CASES: RoundTripCase[] = [
  {
    name: 'add column, index, constraint',
    forward:
      "SET lock_timeout = '5s'; ALTER TABLE events ADD COLUMN region text; CREATE INDEX events_region_idx ON events (region); ALTER TABLE events ADD CONSTRAINT events_region_check CHECK (region <> '') NOT VALID;",
  },
  {
    name: 'create table with FK and trigger',
    forward:
      'CREATE TABLE audit (id bigint, event_id bigint REFERENCES events (id)); CREATE FUNCTION audit_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$; CREATE TRIGGER audit_touch BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION audit_touch();',
  },
  {
    name: 'renames',
    forward:
      'ALTER TABLE events RENAME COLUMN note TO body; ALTER TABLE events RENAME TO happenings; ALTER INDEX events_note_idx RENAME TO happenings_body_idx;',
  },
  {
    name: 'type change and nullability',
    forward:
      'ALTER TABLE events ALTER COLUMN amount TYPE bigint; ALTER TABLE events ALTER COLUMN tenant_id SET NOT NULL; ALTER TABLE events ALTER COLUMN note DROP NOT NULL;',
  },
  { name: 'drop index and view, recreated from their definitions', forward: 'DROP INDEX events_note_idx; DROP VIEW recent_events;' },
  {
    name: 'replace a function and a view',
    forward:
      'CREATE OR REPLACE FUNCTION double_it(x int) RETURNS int LANGUAGE sql AS $$ SELECT x + x $$; CREATE OR REPLACE VIEW recent_events AS SELECT id, note FROM events WHERE id > 200;',
  },
  {
    name: 'a key replaced in one ALTER TABLE, written before the drop that frees its name',
    forward: 'ALTER TABLE events ADD PRIMARY KEY (id, kind), DROP CONSTRAINT events_pkey;',
  },
  { name: 'set a default where there was none', forward: 'ALTER TABLE events ALTER COLUMN amount SET DEFAULT 0;' },
  { name: 'sequences, enums, schemas', forward: "CREATE SEQUENCE ticket_seq; CREATE TYPE colour AS ENUM ('red'); CREATE SCHEMA reporting;" },
  {
    name: 'a backfill is listed, not guessed',
    forward: "ALTER TABLE events ADD COLUMN region text; UPDATE events SET region = 'eu';",
    unresolved: [/data statement/],
  },
  { name: 'an enum value cannot be dropped', forward: "ALTER TYPE mood ADD VALUE 'happy';", unresolved: [/cannot drop an enum value/] },
  {
    name: 'an enum swapped for a new type with more values is swapped back',
    forward:
      "CREATE TYPE mood_new AS ENUM ('sad', 'ok', 'happy'); ALTER TABLE events ALTER COLUMN feeling DROP DEFAULT; " +
      "ALTER TABLE events ALTER COLUMN feeling TYPE mood_new USING feeling::text::mood_new; ALTER TABLE events ALTER COLUMN feeling SET DEFAULT 'ok'; " +
      'DROP TYPE mood; ALTER TYPE mood_new RENAME TO mood;',
  },
  {
    name: 'an enum swapped with the old type renamed out of the way first is swapped back',
    forward:
      "ALTER TYPE mood RENAME TO mood__; CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); ALTER TABLE events ALTER COLUMN feeling DROP DEFAULT; " +
      "ALTER TABLE events ALTER COLUMN feeling TYPE mood USING feeling::text::mood; ALTER TABLE events ALTER COLUMN feeling SET DEFAULT 'ok'; DROP TYPE mood__;",
  },
  { name: 'a domain is dropped by its name', forward: 'CREATE DOMAIN posint AS int CHECK (VALUE > 0);' },
  { name: 'values added to a type the forward creates go with it', forward: "CREATE TYPE colour2 AS ENUM ('red'); ALTER TYPE colour2 ADD VALUE 'blue';" },
  {
    name: 'DROP ... IF EXISTS of what the history never had undoes nothing',
    forward:
      'DROP INDEX IF EXISTS no_such_idx; ALTER TABLE events DROP COLUMN IF EXISTS no_such_column; DROP VIEW IF EXISTS no_such_view; DROP TABLE IF EXISTS no_such_table;',
  },
  {
    name: 'a dropped column comes back empty',
    forward: 'ALTER TABLE events DROP COLUMN amount;',
    unresolved: [/recreates the column as integer/],
    schemaRestored: true,
  },
  { name: 'defaults come back as the history wrote them', forward: "ALTER TABLE events ALTER COLUMN note SET DEFAULT 'none', ALTER COLUMN kind DROP DEFAULT;" },
  {
    name: 'a dropped column comes back with its default, NOT NULL, CHECK and index',
    forward: 'ALTER TABLE events DROP COLUMN kind;',
    unresolved: [/recreates the column as text \(NOT NULL, default 'plain'\), but not its values/],
    schemaRestored: true,
  },
  {
    name: 'a dropped column comes back with its foreign key',
    forward: 'ALTER TABLE events DROP COLUMN tenant_id;',
    unresolved: [/not its values/],
    schemaRestored: true,
  },
  {
    name: 'dropped constraints are recreated from the history',
    forward: 'ALTER TABLE events DROP CONSTRAINT events_kind_check, DROP CONSTRAINT events_tenant_id_fkey;',
  },
  { name: 'an unnamed constraint is dropped by its generated name', forward: 'ALTER TABLE events ADD UNIQUE (amount), ADD CHECK (amount > 0);' },
  {
    name: 'a SELECT * view is recreated after the column drop it would block',
    forward: 'ALTER TABLE tenants ADD COLUMN name text; DROP VIEW all_tenants; CREATE VIEW all_tenants AS SELECT * FROM tenants;',
  },
  {
    name: 'a replaced and a dropped trigger come back',
    forward: 'CREATE OR REPLACE TRIGGER events_touch AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION touch(); DROP TRIGGER events_touch ON events;',
  },
  { name: 'comments come back, or go when there were none', forward: "COMMENT ON TABLE events IS 'changed'; COMMENT ON COLUMN events.amount IS 'in cents';" },
  {
    name: 'a column rename is followed into a recorded index definition',
    forward: 'ALTER TABLE events RENAME COLUMN note TO body; DROP INDEX events_note_idx;',
  },
  {
    name: 'a type change puts the default back as written',
    forward: "ALTER TABLE events ALTER COLUMN theme TYPE text; ALTER TABLE events ALTER COLUMN theme SET DEFAULT 'system';",
  },
  {
    name: 'a type change with USING is left to the engineer',
    forward: 'ALTER TABLE events ALTER COLUMN amount TYPE text USING amount::text;',
    unresolved: [/converted the values with its own expression/],
  },
];
