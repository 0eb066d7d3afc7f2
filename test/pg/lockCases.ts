/**
 * The statements whose locks are checked against PostgreSQL, each run in a
 * transaction on the fixture (lockFixture.ts) and rolled back. Statements
 * that cannot run in a transaction block are in concurrentLockCases.ts.
 */

export interface LockCase {
  sql: string;
  /** Run in the same transaction before the statement (session settings only: the schema model does not see it). */
  setup?: string;
  /** TRUNCATE: new, empty files without per-row work. */
  newFileWithoutRewrite?: boolean;
  /** Why this backend cannot run it (printed as the skip reason). */
  skipOnPglite?: string;
  /** A genuine difference between PostgreSQL and the facts, and what would close it. */
  gap?: string;
  /** Needs a function or object that is new in this major (not a syntax the version gates can see). */
  since?: { major: number; why: string };
}

const TRUNCATE = { newFileWithoutRewrite: true };

export const LOCK_CASES: LockCase[] = [
  // CREATE INDEX, REINDEX, DROP INDEX, ALTER INDEX
  { sql: 'CREATE INDEX i ON events (tenant_id)' },
  { sql: 'CREATE UNIQUE INDEX i ON events (id) INCLUDE (note) WHERE amount > 0' },
  { sql: 'CREATE INDEX i ON measurements (value)' },
  { sql: 'CREATE INDEX i ON ONLY measurements (value)' },
  { sql: 'REINDEX INDEX events_note_idx' },
  { sql: 'REINDEX TABLE events' },
  // Options count by their value: CONCURRENTLY false is a plain REINDEX.
  { sql: 'REINDEX (CONCURRENTLY false) INDEX events_note_idx' },
  { sql: 'DROP INDEX events_note_idx' },
  { sql: 'DROP INDEX measurements_at_idx' },
  { sql: 'ALTER INDEX events_note_idx RENAME TO events_note_idx2' },
  { sql: 'ALTER INDEX events_note_idx SET (fillfactor = 70)' },
  { sql: 'ALTER INDEX events_note_idx RESET (fillfactor)' },
  { sql: 'ALTER INDEX events_note_idx SET TABLESPACE fearless_space' },
  { sql: 'ALTER INDEX measurements_value_idx ATTACH PARTITION measurements_2024_value_idx' },
  { sql: 'ALTER INDEX events_lower_note_idx ALTER COLUMN 1 SET STATISTICS 100' },

  // ADD COLUMN: catalog only, or a rewrite
  { sql: 'ALTER TABLE events ADD COLUMN c text' },
  { sql: "ALTER TABLE events ADD COLUMN c text DEFAULT 'x'" },
  { sql: 'ALTER TABLE events ADD COLUMN c timestamptz DEFAULT now()' },
  { sql: 'ALTER TABLE events ADD COLUMN c float8 DEFAULT random()' },
  {
    sql: 'ALTER TABLE events ADD COLUMN c uuid DEFAULT gen_random_uuid()',
    since: { major: 13, why: 'gen_random_uuid() is built in from 13 (pgcrypto provides it before)' },
  },
  { sql: 'ALTER TABLE events ADD COLUMN c bigserial' },
  { sql: 'ALTER TABLE events ADD COLUMN c int GENERATED ALWAYS AS IDENTITY' },
  { sql: 'ALTER TABLE events ADD COLUMN c int GENERATED ALWAYS AS (amount * 2) STORED' },
  { sql: 'ALTER TABLE events ADD COLUMN c bigint REFERENCES tenants (id)' },
  { sql: 'ALTER TABLE events ADD COLUMN c int NOT NULL DEFAULT 0' },
  { sql: 'ALTER TABLE events ADD COLUMN c int UNIQUE' },
  { sql: "ALTER TABLE events ADD COLUMN c bigint DEFAULT nextval('ticket_seq')" },
  { sql: 'ALTER TABLE measurements ADD COLUMN c int' },
  { sql: 'ALTER TABLE parent_log ADD COLUMN c int' },

  // DROP COLUMN
  { sql: 'ALTER TABLE events DROP COLUMN body' },
  { sql: 'ALTER TABLE audit DROP COLUMN event_id' },
  { sql: 'ALTER TABLE measurements DROP COLUMN value' },

  // ALTER COLUMN TYPE: binary-coercible changes keep the file
  { sql: 'ALTER TABLE events ALTER COLUMN code TYPE varchar(40)' },
  { sql: 'ALTER TABLE events ALTER COLUMN code TYPE varchar(10)' },
  { sql: 'ALTER TABLE events ALTER COLUMN code TYPE text' },
  { sql: 'ALTER TABLE events ALTER COLUMN note TYPE varchar(50)' },
  { sql: 'ALTER TABLE events ALTER COLUMN note TYPE varchar' },
  { sql: 'ALTER TABLE events ALTER COLUMN price TYPE numeric(12,2)' },
  { sql: 'ALTER TABLE events ALTER COLUMN price TYPE numeric(12,3)' },
  { sql: 'ALTER TABLE events ALTER COLUMN amount TYPE bigint' },
  { sql: 'ALTER TABLE events ALTER COLUMN amount TYPE integer' },
  { sql: 'ALTER TABLE events ALTER COLUMN created_at TYPE timestamptz', setup: "SET LOCAL TimeZone = 'Europe/Paris'" },
  { sql: 'ALTER TABLE events ALTER COLUMN created_at TYPE timestamp(3)' },
  { sql: 'ALTER TABLE events ALTER COLUMN note TYPE text COLLATE "C"' },
  { sql: 'ALTER TABLE events ALTER COLUMN flag TYPE int USING flag::int' },
  { sql: 'ALTER TABLE audit ALTER COLUMN event_id TYPE int' },
  { sql: 'ALTER TABLE tenants ALTER COLUMN id TYPE int' },
  { sql: 'ALTER TABLE readings ALTER COLUMN value TYPE bigint' },

  // Defaults and NOT NULL
  { sql: 'ALTER TABLE events ALTER COLUMN amount SET DEFAULT 0' },
  { sql: 'ALTER TABLE events ALTER COLUMN amount DROP DEFAULT' },
  { sql: "ALTER TABLE events ALTER COLUMN amount SET DEFAULT nextval('ticket_seq')" },
  { sql: 'ALTER TABLE events ALTER COLUMN note SET NOT NULL' },
  { sql: 'ALTER TABLE events ALTER COLUMN amount SET NOT NULL' },
  { sql: 'ALTER TABLE events ALTER COLUMN note DROP NOT NULL' },
  { sql: 'ALTER TABLE measurements ALTER COLUMN value SET NOT NULL' },
  { sql: 'ALTER TABLE measurements ALTER COLUMN value DROP NOT NULL' },
  { sql: 'ALTER TABLE measurements ALTER COLUMN value SET DEFAULT 1' },
  { sql: 'ALTER TABLE ONLY measurements ALTER COLUMN value SET DEFAULT 5' },

  // Other column settings
  { sql: 'ALTER TABLE events ALTER COLUMN note SET STORAGE EXTERNAL' },
  { sql: 'ALTER TABLE events ALTER COLUMN note SET COMPRESSION pglz' },
  { sql: 'ALTER TABLE events ALTER COLUMN amount SET STATISTICS 500' },
  { sql: 'ALTER TABLE events ALTER COLUMN amount SET (n_distinct = 10)' },
  { sql: 'ALTER TABLE events ALTER COLUMN amount RESET (n_distinct)' },
  { sql: 'ALTER TABLE measurements ALTER COLUMN value SET STATISTICS 100' },
  { sql: 'ALTER TABLE orders ALTER COLUMN id SET GENERATED BY DEFAULT' },
  { sql: 'ALTER TABLE orders ALTER COLUMN id RESTART WITH 100' },
  { sql: 'ALTER TABLE orders ALTER COLUMN id DROP IDENTITY' },
  { sql: 'ALTER TABLE orders ALTER COLUMN doubled DROP EXPRESSION' },
  { sql: 'ALTER TABLE events ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY' },
  { sql: 'ALTER TABLE plain OF pair' },

  // Constraints
  { sql: 'ALTER TABLE events ADD CONSTRAINT c CHECK (amount > 0)' },
  { sql: 'ALTER TABLE events ADD CONSTRAINT c CHECK (amount > 0) NOT VALID' },
  { sql: 'ALTER TABLE events ADD CONSTRAINT f FOREIGN KEY (tenant_id) REFERENCES tenants (id)' },
  { sql: 'ALTER TABLE events ADD CONSTRAINT f FOREIGN KEY (tenant_id) REFERENCES tenants (id) NOT VALID' },
  { sql: 'ALTER TABLE measurements ADD CONSTRAINT f FOREIGN KEY (value) REFERENCES tenants (id)' },
  { sql: 'ALTER TABLE events ADD CONSTRAINT u UNIQUE (id)' },
  { sql: 'ALTER TABLE events ADD CONSTRAINT u UNIQUE USING INDEX events_id_key' },
  { sql: 'ALTER TABLE events ADD CONSTRAINT x EXCLUDE USING btree (id WITH =)' },
  { sql: 'ALTER TABLE plain ADD PRIMARY KEY (id)' },
  { sql: 'ALTER TABLE measurements ADD PRIMARY KEY (at)' },
  { sql: 'ALTER TABLE measurements ADD CONSTRAINT c CHECK (value > 0)' },
  { sql: 'ALTER TABLE events VALIDATE CONSTRAINT events_amount_check' },
  { sql: 'ALTER TABLE events VALIDATE CONSTRAINT events_tenant_fk' },
  { sql: 'ALTER TABLE events DROP CONSTRAINT events_amount_check' },
  { sql: 'ALTER TABLE events DROP CONSTRAINT events_tenant_fk' },
  { sql: 'ALTER TABLE audit DROP CONSTRAINT audit_event_id_fkey' },
  { sql: 'ALTER TABLE events DROP CONSTRAINT events_pkey CASCADE' },
  { sql: 'ALTER TABLE events RENAME CONSTRAINT events_amount_check TO c2' },
  { sql: 'ALTER TABLE events RENAME CONSTRAINT events_pkey TO events_pk' },
  { sql: 'ALTER TABLE events ALTER CONSTRAINT events_tenant_fk DEFERRABLE' },

  // Triggers, rules, replica identity, row security, owner, schema, inheritance
  { sql: 'ALTER TABLE events DISABLE TRIGGER ALL' },
  { sql: 'ALTER TABLE events ENABLE TRIGGER events_touch' },
  { sql: 'ALTER TABLE events DISABLE TRIGGER events_touch' },
  { sql: 'ALTER TABLE events ENABLE ALWAYS TRIGGER events_touch' },
  { sql: 'ALTER TABLE events ENABLE REPLICA TRIGGER events_touch' },
  { sql: 'ALTER TABLE events ENABLE TRIGGER ALL' },
  { sql: 'ALTER TABLE events ENABLE TRIGGER USER' },
  { sql: 'ALTER TABLE events DISABLE TRIGGER USER' },
  { sql: 'ALTER TABLE parent_log DISABLE RULE parent_log_keep' },
  { sql: 'ALTER TABLE parent_log ENABLE RULE parent_log_keep' },
  { sql: 'ALTER TABLE parent_log ENABLE ALWAYS RULE parent_log_keep' },
  { sql: 'ALTER TABLE parent_log ENABLE REPLICA RULE parent_log_keep' },
  { sql: 'ALTER TABLE events REPLICA IDENTITY FULL' },
  { sql: 'ALTER TABLE events REPLICA IDENTITY USING INDEX events_id_key' },
  { sql: 'ALTER TABLE events ENABLE ROW LEVEL SECURITY' },
  { sql: 'ALTER TABLE events FORCE ROW LEVEL SECURITY' },
  { sql: 'ALTER TABLE events DISABLE ROW LEVEL SECURITY' },
  { sql: 'ALTER TABLE events NO FORCE ROW LEVEL SECURITY' },
  { sql: 'ALTER TABLE plain OWNER TO pg_monitor' },
  { sql: 'ALTER TABLE audit OWNER TO pg_monitor' },
  { sql: 'ALTER TABLE plain SET SCHEMA app' },
  { sql: 'ALTER TABLE audit SET SCHEMA app' },
  { sql: 'ALTER TABLE child_log INHERIT parent_log' },
  { sql: 'ALTER TABLE kid_log NO INHERIT parent_log' },

  // Storage parameters and storage
  { sql: 'ALTER TABLE events SET (fillfactor = 70)' },
  { sql: 'ALTER TABLE events SET (autovacuum_vacuum_scale_factor = 0.01, toast.autovacuum_enabled = false)' },
  { sql: 'ALTER TABLE events SET (user_catalog_table = true)' },
  { sql: 'ALTER TABLE events RESET (fillfactor)' },
  { sql: 'ALTER VIEW recent_events SET (security_barrier = true)' },
  { sql: 'ALTER TABLE plain SET UNLOGGED' },
  { sql: 'ALTER TABLE scratch SET LOGGED' },
  { sql: 'ALTER TABLE events CLUSTER ON events_note_idx' },
  { sql: 'ALTER TABLE events SET WITHOUT CLUSTER' },
  { sql: 'ALTER TABLE plain SET ACCESS METHOD heap2' },
  { sql: 'ALTER TABLE plain SET TABLESPACE fearless_space' },
  { sql: 'ALTER TABLE plain SET WITHOUT OIDS' },
  { sql: 'ALTER TABLE events ADD COLUMN c int, ADD CONSTRAINT f FOREIGN KEY (tenant_id) REFERENCES tenants (id), ALTER COLUMN amount SET STATISTICS 5' },
  { sql: 'ALTER TABLE events ALTER COLUMN amount SET STATISTICS 5, VALIDATE CONSTRAINT events_amount_check' },

  // Partitions
  { sql: "ALTER TABLE measurements ATTACH PARTITION measurements_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')" },
  { sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2024' },
  { sql: 'ALTER TABLE measurements DETACH PARTITION measurements_default' },
  { sql: 'ALTER TABLE readings DETACH PARTITION readings_a' },
  { sql: "INSERT INTO reading_notes VALUES ('b', 'x')" },
  { sql: "DELETE FROM readings WHERE kind = 'a'" },
  { sql: "CREATE TABLE m26 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')" },
  { sql: "CREATE TABLE m26 PARTITION OF tenant_metrics FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')" },
  { sql: "ALTER TABLE tenant_metrics ATTACH PARTITION tenant_metrics_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')" },
  { sql: 'ALTER TABLE tenant_metrics DETACH PARTITION tenant_metrics_2024' },

  // CREATE TABLE, CREATE TABLE AS, views, materialized views
  { sql: 'CREATE TABLE t (id bigint, tenant_id bigint REFERENCES tenants (id))' },
  { sql: 'CREATE TABLE t (LIKE events INCLUDING ALL)' },
  { sql: 'CREATE TABLE t () INHERITS (parent_log)' },
  { sql: 'CREATE TABLE t AS SELECT e.id, t.name FROM events e JOIN tenants t ON t.id = e.tenant_id' },
  { sql: 'CREATE TABLE t AS SELECT * FROM measurements' },
  { sql: 'SELECT * INTO t FROM plain' },
  { sql: 'CREATE VIEW v AS SELECT e.id, t.name FROM events e JOIN tenants t ON t.id = e.tenant_id' },
  { sql: 'CREATE VIEW v AS SELECT * FROM measurements' },
  { sql: 'CREATE OR REPLACE VIEW recent_events AS SELECT id, tenant_id FROM events WHERE id > 1' },
  { sql: 'CREATE MATERIALIZED VIEW mv AS SELECT * FROM plain' },
  { sql: 'CREATE MATERIALIZED VIEW mv AS SELECT * FROM plain WITH NO DATA' },
  { sql: 'REFRESH MATERIALIZED VIEW event_counts' },
  { sql: 'REFRESH MATERIALIZED VIEW CONCURRENTLY event_counts' },
  { sql: 'REFRESH MATERIALIZED VIEW event_counts WITH NO DATA' },
  { sql: 'DROP VIEW recent_events' },
  { sql: 'DROP MATERIALIZED VIEW event_counts' },
  { sql: 'ALTER VIEW recent_events RENAME TO rv' },
  { sql: 'ALTER MATERIALIZED VIEW event_counts RENAME TO ec' },
  { sql: 'ALTER VIEW recent_events ALTER COLUMN id SET DEFAULT 1' },
  { sql: 'ALTER MATERIALIZED VIEW event_counts SET (fillfactor = 50)' },
  { sql: 'ALTER MATERIALIZED VIEW event_counts CLUSTER ON event_counts_tenant_idx' },

  // Renames
  { sql: 'ALTER TABLE events RENAME TO events2' },
  { sql: 'ALTER TABLE events RENAME COLUMN note TO body2' },
  { sql: 'ALTER TABLE measurements RENAME COLUMN value TO v' },
  { sql: 'ALTER TABLE parent_log RENAME COLUMN body TO b' },
  { sql: 'ALTER TRIGGER events_touch ON events RENAME TO events_touch2' },
  { sql: 'ALTER POLICY tenant_only ON events RENAME TO p2' },
  { sql: 'ALTER RULE parent_log_keep ON parent_log RENAME TO r2' },
  { sql: 'ALTER SEQUENCE ticket_seq RENAME TO t2' },

  // Sequences
  { sql: 'CREATE SEQUENCE s OWNED BY plain.id' },
  { sql: 'ALTER SEQUENCE ticket_seq INCREMENT BY 2' },
  { sql: 'ALTER SEQUENCE ticket_seq OWNED BY plain.id' },
  { sql: 'ALTER SEQUENCE ticket_seq OWNER TO pg_monitor' },
  { sql: 'DROP SEQUENCE ticket_seq' },
  { sql: "SELECT nextval('ticket_seq')" },
  { sql: "SELECT setval('ticket_seq', 5)" },

  // Triggers, rules, policies
  { sql: 'CREATE TRIGGER t AFTER INSERT ON plain FOR EACH ROW EXECUTE FUNCTION touch()' },
  { sql: 'CREATE TRIGGER t AFTER INSERT ON measurements FOR EACH ROW EXECUTE FUNCTION touch()' },
  { sql: 'CREATE TRIGGER t AFTER INSERT ON measurements FOR EACH STATEMENT EXECUTE FUNCTION touch()' },
  { sql: 'CREATE OR REPLACE TRIGGER events_touch BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION touch()' },
  { sql: 'DROP TRIGGER events_touch ON events' },
  { sql: 'CREATE RULE r AS ON INSERT TO plain DO ALSO INSERT INTO parent_log VALUES (1)' },
  { sql: 'DROP RULE parent_log_keep ON parent_log' },
  { sql: 'CREATE POLICY p ON plain USING (id IN (SELECT id FROM parent_log))' },
  { sql: 'ALTER POLICY tenant_only ON events USING (tenant_id = 2)' },
  { sql: 'DROP POLICY tenant_only ON events' },

  // Comments, statistics, privileges, types
  { sql: "COMMENT ON TABLE events IS 'x'" },
  { sql: "COMMENT ON COLUMN events.note IS 'x'" },
  { sql: "COMMENT ON INDEX events_note_idx IS 'x'" },
  { sql: "COMMENT ON CONSTRAINT events_amount_check ON events IS 'x'" },
  { sql: "COMMENT ON TRIGGER events_touch ON events IS 'x'" },
  { sql: 'CREATE STATISTICS s ON tenant_id, amount FROM events' },
  { sql: 'DROP STATISTICS events_stats' },
  { sql: 'GRANT SELECT ON events TO pg_monitor' },
  { sql: 'REVOKE SELECT ON events FROM pg_monitor' },
  {
    sql: "ALTER TYPE mood ADD VALUE 'happy'",
    since: { major: 12, why: 'ALTER TYPE ... ADD VALUE cannot run in a transaction block before 12 (the cannot-run-in-transaction rule says so)' },
  },

  // CLUSTER, ANALYZE (VACUUM cannot run in a transaction: see concurrentLockCases.ts)
  { sql: 'CLUSTER events USING events_note_idx' },
  { sql: 'ANALYZE events' },
  { sql: 'ANALYZE measurements' },
  { sql: 'ANALYZE parent_log' },

  // TRUNCATE
  { sql: 'TRUNCATE plain', ...TRUNCATE },
  { sql: 'TRUNCATE audit RESTART IDENTITY', ...TRUNCATE },
  { sql: 'TRUNCATE measurements', ...TRUNCATE },
  { sql: 'TRUNCATE tenants CASCADE', ...TRUNCATE },
  { sql: 'TRUNCATE ONLY parent_log', ...TRUNCATE },
  { sql: 'TRUNCATE parent_log', ...TRUNCATE },

  // LOCK TABLE
  { sql: 'LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE' },
  { sql: 'LOCK TABLE recent_events IN SHARE MODE' },
  { sql: 'LOCK TABLE measurements IN ROW EXCLUSIVE MODE' },
  { sql: 'LOCK TABLE parent_log' },
  { sql: 'LOCK TABLE ONLY parent_log IN ACCESS SHARE MODE' },

  // DROP TABLE
  { sql: 'DROP TABLE audit' },
  { sql: 'DROP TABLE tenants CASCADE' },
  { sql: 'DROP TABLE events CASCADE' },
  { sql: 'DROP TABLE measurements_2024' },
  { sql: 'DROP TABLE measurements_default' },
  { sql: 'DROP TABLE measurements' },
  { sql: 'DROP TABLE parent_log CASCADE' },
  { sql: 'DROP TABLE plain, scratch' },

  // Queries and data changes
  { sql: 'SELECT * FROM events' },
  { sql: 'SELECT * FROM events FOR UPDATE' },
  { sql: 'SELECT * FROM events e JOIN tenants t ON t.id = e.tenant_id FOR UPDATE OF e' },
  { sql: 'SELECT * FROM recent_events' },
  { sql: 'SELECT * FROM measurements' },
  { sql: 'SELECT * FROM parent_log' },
  { sql: 'SELECT * FROM ONLY parent_log' },
  { sql: 'WITH x AS (DELETE FROM plain RETURNING *) SELECT * FROM x' },
  { sql: "INSERT INTO events (id, tenant_id, note) VALUES (2, 1, 'n')" },
  { sql: "INSERT INTO events (id, tenant_id, note) VALUES (3, NULL, 'n')" },
  { sql: 'INSERT INTO audit (event_id) VALUES (1)' },
  { sql: 'INSERT INTO orders (total) VALUES (1)' },
  { sql: "INSERT INTO measurements VALUES ('2024-02-01', 1)" },
  { sql: 'INSERT INTO plain SELECT id, body FROM parent_log' },
  { sql: "INSERT INTO events (id, tenant_id, note) VALUES (1, 1, 'n') ON CONFLICT (id) DO UPDATE SET note = 'm'" },
  { sql: "INSERT INTO plain VALUES (nextval('ticket_seq'), 'x')" },
  { sql: 'UPDATE events SET amount = 2' },
  { sql: 'UPDATE events SET tenant_id = 2' },
  { sql: 'UPDATE tenants SET id = 3 WHERE id = 2' },
  { sql: 'UPDATE plain SET body = p.body FROM parent_log p WHERE p.id = plain.id' },
  { sql: 'UPDATE measurements SET value = 2' },
  { sql: "UPDATE parent_log SET body = 'x'" },
  { sql: 'UPDATE recent_events SET tenant_id = 1' },
  { sql: 'DELETE FROM tenants WHERE id = 2' },
  { sql: 'DELETE FROM events WHERE id = 99' },
  { sql: 'DELETE FROM measurements' },
  { sql: 'DELETE FROM plain USING parent_log WHERE parent_log.id = plain.id' },
  { sql: 'MERGE INTO plain p USING parent_log s ON s.id = p.id WHEN MATCHED THEN UPDATE SET body = s.body WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.body)' },
  { sql: "COPY plain FROM '/dev/null'", skipOnPglite: 'PGlite has no server-side files to COPY from' },
  { sql: "COPY plain TO '/dev/null'", skipOnPglite: 'PGlite has no server-side files to COPY to' },
  { sql: 'EXPLAIN SELECT * FROM measurements' },
  { sql: 'EXPLAIN UPDATE measurements SET value = 1' },
];
