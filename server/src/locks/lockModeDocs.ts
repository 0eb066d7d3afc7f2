/**
 * Per lock mode, the statements that typically take it (PostgreSQL docs,
 * "Table-Level Lock Modes", as checked against pg_locks by test/pg), for
 * hovers on a mode name.
 */

import type { LockMode } from './lockModes';

export const TYPICAL_STATEMENTS: Record<LockMode, readonly string[]> = {
  'ACCESS SHARE': [
    'SELECT (any query that only reads the table)',
    'the tables a CREATE VIEW / CREATE TABLE AS / INSERT ... SELECT / UPDATE ... FROM reads',
    'COMMENT ON a constraint, trigger, rule or policy (on its table)',
    'GRANT / REVOKE on a table (PostgreSQL 18)',
  ],
  'ROW SHARE': [
    'SELECT ... FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE / FOR KEY SHARE',
    'foreign-key checks: INSERT or UPDATE of a referencing row (on the referenced table), DELETE of a referenced row (on the referencing table)',
    'ALTER TABLE ... VALIDATE CONSTRAINT of a foreign key (on the referenced table)',
  ],
  'ROW EXCLUSIVE': ['INSERT, UPDATE, DELETE, MERGE, COPY FROM', 'nextval() / setval() (on the sequence)'],
  'SHARE UPDATE EXCLUSIVE': [
    'VACUUM (without FULL), ANALYZE',
    'CREATE INDEX CONCURRENTLY, REINDEX CONCURRENTLY, DROP INDEX CONCURRENTLY, CREATE STATISTICS, COMMENT ON',
    'ALTER TABLE ... VALIDATE CONSTRAINT, SET STATISTICS, CLUSTER ON, SET (fillfactor, autovacuum_*, ...)',
    'ALTER TABLE ... ATTACH PARTITION (on the parent, from PostgreSQL 12), DETACH PARTITION CONCURRENTLY (on the parent)',
    'ALTER INDEX ... RENAME / SET (...) (on the index, from PostgreSQL 12)',
  ],
  SHARE: ['CREATE INDEX (without CONCURRENTLY)', 'REINDEX (on the table)'],
  'SHARE ROW EXCLUSIVE': ['CREATE TRIGGER', 'ALTER TABLE ... ADD FOREIGN KEY (both tables)', 'ALTER TABLE ... ENABLE/DISABLE TRIGGER', 'ALTER SEQUENCE'],
  EXCLUSIVE: ['REFRESH MATERIALIZED VIEW CONCURRENTLY'],
  'ACCESS EXCLUSIVE': [
    'DROP TABLE, TRUNCATE, REINDEX (on the index), CLUSTER, VACUUM FULL',
    'REFRESH MATERIALIZED VIEW (without CONCURRENTLY)',
    'most ALTER TABLE forms (ADD COLUMN, SET NOT NULL, ALTER COLUMN TYPE, ADD CHECK, RENAME, ...)',
    'DROP of a foreign key or of a table with one (also on the referenced table)',
    'DETACH PARTITION, and DETACH PARTITION CONCURRENTLY at its end (on the partition)',
    'LOCK TABLE without a mode',
  ],
};
