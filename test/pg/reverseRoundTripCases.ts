/** Forwards whose deterministic reverse must restore the schema (or list why not), with the history they run on. */

export const HISTORY = `
  CREATE TABLE tenants (id bigint PRIMARY KEY);
  CREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint, note varchar(20) NOT NULL DEFAULT '', amount int);
  CREATE INDEX events_note_idx ON events (note);
  CREATE VIEW recent_events AS SELECT id, note FROM events WHERE id > 100;
  CREATE FUNCTION double_it(x int) RETURNS int LANGUAGE sql AS $$ SELECT x * 2 $$;
  CREATE TYPE mood AS ENUM ('sad', 'ok');
`;

export interface RoundTripCase {
  name: string;
  forward: string;
  /** Reasons the reverse must list (substrings); empty: the schema must be restored exactly. */
  unresolved?: RegExp[];
}

export const CASES: RoundTripCase[] = [
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

