/**
 * The database every lock case runs against (each case in its own
 * transaction, rolled back): tables with foreign keys both ways, a
 * partitioned table with a default partition, inheritance, views, a
 * materialized view, sequences (serial and identity), triggers, a rule, a
 * policy and extended statistics, so the relations people forget exist.
 *
 * The same SQL is folded into a SchemaModel the way the CLI folds earlier
 * migrations; `recordWhatTheFoldMisses` then adds the few facts the fold
 * records (see FOLDED_FACTS), so the lock knowledge base is checked with
 * the schema knowledge it is written for.
 */

import { applyStatementToSchema } from '../../server/src/schema/applyStatement';
import { SchemaModel } from '../../server/src/schema/schemaModel';
import { parseSql } from '../../server/src/sql/parseSql';

export const FIXTURE_SQL = `
  CREATE SCHEMA app;
  CREATE TYPE mood AS ENUM ('ok', 'sad');
  CREATE TABLE tenants (id bigint PRIMARY KEY, name text);
  CREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint, note text, amount int, code varchar(20), price numeric(10,2),
                       flag boolean, created_at timestamp, body text);
  INSERT INTO tenants VALUES (1, 'a'), (2, 'b');
  INSERT INTO events VALUES (1, 1, 'a', 1, 'x', 1.5, true, '2024-01-01', 'b');
  CREATE INDEX events_note_idx ON events (note);
  CREATE UNIQUE INDEX events_id_key ON events (id);
  CREATE INDEX events_lower_note_idx ON events (lower(note));
  ALTER TABLE events ADD CONSTRAINT events_tenant_fk FOREIGN KEY (tenant_id) REFERENCES tenants (id) NOT VALID;
  ALTER TABLE events ADD CONSTRAINT events_amount_check CHECK (amount > 0) NOT VALID;
  ALTER TABLE events ADD CONSTRAINT events_note_present CHECK (note IS NOT NULL);
  CREATE TABLE audit (id serial PRIMARY KEY, event_id bigint REFERENCES events (id), body text);
  INSERT INTO audit (event_id, body) VALUES (1, 'x');
  CREATE TABLE plain (id int, body text);
  INSERT INTO plain VALUES (1, 'x');
  CREATE UNLOGGED TABLE scratch (id int);
  INSERT INTO scratch VALUES (1);
  CREATE TABLE measurements (at date NOT NULL, value int) PARTITION BY RANGE (at);
  CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
  CREATE TABLE measurements_default PARTITION OF measurements DEFAULT;
  CREATE TABLE measurements_2025 (at date NOT NULL, value int);
  INSERT INTO measurements VALUES ('2024-05-01', 1);
  CREATE INDEX measurements_at_idx ON measurements (at);
  CREATE INDEX measurements_value_idx ON ONLY measurements (value);
  CREATE INDEX measurements_2024_value_idx ON measurements_2024 (value);
  CREATE TABLE readings (kind text NOT NULL, value int) PARTITION BY LIST (kind);
  CREATE TABLE readings_a PARTITION OF readings FOR VALUES IN ('a');
  CREATE TABLE readings_b PARTITION OF readings FOR VALUES IN ('b');
  ALTER TABLE readings ADD PRIMARY KEY (kind);
  CREATE TABLE reading_notes (kind text REFERENCES readings (kind), body text);
  INSERT INTO readings VALUES ('a', 1), ('b', 2);
  INSERT INTO reading_notes VALUES ('b', 'x');
  CREATE TABLE parent_log (id int, body text);
  CREATE TABLE child_log (id int, body text);
  CREATE TABLE kid_log () INHERITS (parent_log);
  CREATE VIEW recent_events AS SELECT id, tenant_id FROM events WHERE id > 0;
  CREATE MATERIALIZED VIEW event_counts AS SELECT tenant_id, count(*) AS n FROM events GROUP BY tenant_id;
  CREATE UNIQUE INDEX event_counts_tenant_idx ON event_counts (tenant_id);
  CREATE SEQUENCE ticket_seq;
  CREATE TABLE orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, total int, doubled int GENERATED ALWAYS AS (total * 2) STORED);
  CREATE TYPE pair AS (id int, body text);
  CREATE TABLE tenant_metrics (tenant_id bigint REFERENCES tenants (id), at date NOT NULL) PARTITION BY RANGE (at);
  CREATE TABLE tenant_metrics_2024 PARTITION OF tenant_metrics FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
  CREATE TABLE tenant_metrics_2025 (tenant_id bigint, at date NOT NULL);
  CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
  CREATE TRIGGER events_touch BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION touch();
  CREATE POLICY tenant_only ON events USING (tenant_id = 1);
  CREATE RULE parent_log_keep AS ON DELETE TO parent_log DO ALSO NOTHING;
  CREATE STATISTICS events_stats (dependencies) ON tenant_id, amount FROM events;
  CREATE ACCESS METHOD heap2 TYPE TABLE HANDLER heap_tableam_handler;
`;

/**
 * The fixture for an older major: PostgreSQL 11 has no table access
 * methods, no generated columns and no foreign keys referencing a
 * partitioned table, so those three are left out (or kept as plain
 * columns) there. The schema fold reads the same text, so the facts see
 * what the server has.
 */
export function fixtureSqlFor(major: number): string {
  if (major >= 12) return FIXTURE_SQL;
  return FIXTURE_SQL.replace('CREATE ACCESS METHOD heap2 TYPE TABLE HANDLER heap_tableam_handler;', '')
    .replace('doubled int GENERATED ALWAYS AS (total * 2) STORED', 'doubled int')
    .replace('reading_notes (kind text REFERENCES readings (kind), body text)', 'reading_notes (kind text, body text)');
}

/** Outside any transaction block (CREATE TABLESPACE cannot run in one): a tablespace in `directory`. */
export function tablespaceSql(directory: string): string {
  return `CREATE TABLESPACE fearless_space LOCATION '${directory}'`;
}

/** The fixture as the CLI's schema fold sees it. */
export async function foldedFixtureSchema(major = 18): Promise<SchemaModel> {
  const schema = SchemaModel.empty();
  const parsed = await parseSql(fixtureSqlFor(major));
  for (const statement of parsed.statements) applyStatementToSchema(schema, statement, 'fixture.sql');
  return schema;
}

/**
 * Facts about earlier migrations that make the lock facts name more
 * relations (default partitions, the relations a view reads, inheritance
 * children, identity sequences, referential actions, statistics objects):
 * schemaFoldGaps.test.ts checks the fold records each one from FIXTURE_SQL,
 * so the pg_locks checks run on the schema exactly as the fold leaves it.
 */
export const FOLDED_FACTS: { what: string; recorded: (schema: SchemaModel) => boolean }[] = [
  {
    what: 'TableInSchema.defaultPartition: CREATE TABLE ... PARTITION OF p DEFAULT (ATTACH/DETACH/CREATE/DROP partition lock and scan the default partition)',
    recorded: (schema) => schema.table('measurements_default')?.defaultPartition === true,
  },
  {
    what: 'SchemaModel.viewSources(view): the relations a view or materialized view reads (REFRESH, LOCK TABLE on a view, DROP ... CASCADE)',
    recorded: (schema) => schema.viewSources('event_counts').includes('events'),
  },
  {
    what: 'SchemaModel.dependentViewsOf(table): views and materialized views reading a table (DROP ... CASCADE drops them)',
    recorded: (schema) => schema.dependentViewsOf('events').some((view) => view.name === 'event_counts'),
  },
  {
    what: 'SchemaModel.inheritorsOf(table): tables created with INHERITS (parent) (queries, LOCK, TRUNCATE, ALTER and DROP ... CASCADE reach them)',
    recorded: (schema) => schema.inheritorsOf('parent_log').some((child) => child.name === 'kid_log'),
  },
  {
    what: 'ColumnInSchema.identity: GENERATED ... AS IDENTITY columns (their sequence takes nextval() on INSERT and goes with the table)',
    recorded: (schema) => schema.column('orders', 'id')?.identity === true,
  },
  {
    what: 'ConstraintInSchema.onDelete / onUpdate / referencedColumns of foreign keys (a cascading key makes DELETE take ROW EXCLUSIVE on the referencing table)',
    recorded: (schema) => schema.constraint('events', 'events_tenant_fk')?.onDelete !== undefined,
  },
  {
    what: 'SchemaModel.statisticsTable(name): the table of a CREATE STATISTICS object (DROP STATISTICS locks it)',
    recorded: (schema) => schema.statisticsTable('events_stats') === 'events',
  },
];

/** The fixture's schema, as the fold leaves it. */
export const fixtureSchema = foldedFixtureSchema;
