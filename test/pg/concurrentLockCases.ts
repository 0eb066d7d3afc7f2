/**
 * Statements that cannot run inside a transaction block (CONCURRENTLY,
 * VACUUM, REINDEX of a partitioned table): their locks are watched from
 * other sessions on a real server (concurrentLocksAgainstRealPostgres.test.ts).
 */

export interface ConcurrentLockCase {
  sql: string;
  /** Puts the fixture back after the statement ran (it committed). */
  undo?: string;
}

export const CONCURRENT_LOCK_CASES: ConcurrentLockCase[] = [
  { sql: 'CREATE INDEX CONCURRENTLY events_tenant_idx ON events (tenant_id)', undo: 'DROP INDEX events_tenant_idx' },
  { sql: 'CREATE UNIQUE INDEX CONCURRENTLY events_id_amount_key ON events (id, amount)', undo: 'DROP INDEX events_id_amount_key' },
  { sql: 'DROP INDEX CONCURRENTLY events_note_idx', undo: 'CREATE INDEX events_note_idx ON events (note)' },
  { sql: 'REINDEX INDEX CONCURRENTLY events_note_idx' },
  { sql: 'REINDEX TABLE CONCURRENTLY events' },
  { sql: 'REINDEX TABLE measurements' },
  { sql: 'ALTER TABLE readings DETACH PARTITION readings_a CONCURRENTLY', undo: "ALTER TABLE readings ATTACH PARTITION readings_a FOR VALUES IN ('a')" },
  { sql: 'VACUUM plain' },
  { sql: 'VACUUM (ANALYZE) events' },
  { sql: 'VACUUM FULL plain' },
  { sql: 'VACUUM measurements' },
];
