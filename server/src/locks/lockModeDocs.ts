/**
 * Per lock mode, the statements that typically take it (PostgreSQL docs,
 * "Table-Level Lock Modes"), for hovers on a mode name.
 */

import type { LockMode } from './lockModes';

export const TYPICAL_STATEMENTS: Record<LockMode, readonly string[]> = {
  'ACCESS SHARE': ['SELECT (any query that only reads the table)'],
  'ROW SHARE': ['SELECT ... FOR UPDATE / FOR NO KEY UPDATE / FOR SHARE / FOR KEY SHARE', 'foreign-key checks on the referenced table'],
  'ROW EXCLUSIVE': ['INSERT, UPDATE, DELETE, MERGE'],
  'SHARE UPDATE EXCLUSIVE': [
    'VACUUM (without FULL), ANALYZE',
    'CREATE INDEX CONCURRENTLY, REINDEX CONCURRENTLY, CREATE STATISTICS, COMMENT ON',
    'ALTER TABLE ... VALIDATE CONSTRAINT, SET STATISTICS, CLUSTER ON, some SET (...) parameters',
    'ALTER TABLE ... DETACH PARTITION CONCURRENTLY, ATTACH PARTITION (on the parent)',
  ],
  SHARE: ['CREATE INDEX (without CONCURRENTLY)'],
  'SHARE ROW EXCLUSIVE': ['CREATE TRIGGER', 'ALTER TABLE ... ADD FOREIGN KEY (both tables)', 'ALTER TABLE ... ENABLE/DISABLE TRIGGER'],
  EXCLUSIVE: ['REFRESH MATERIALIZED VIEW CONCURRENTLY'],
  'ACCESS EXCLUSIVE': [
    'DROP TABLE, TRUNCATE, REINDEX, CLUSTER, VACUUM FULL',
    'REFRESH MATERIALIZED VIEW (without CONCURRENTLY)',
    'most ALTER TABLE forms (ADD COLUMN, SET NOT NULL, ALTER COLUMN TYPE, ADD CHECK, RENAME, ...)',
    'LOCK TABLE without a mode',
  ],
};
