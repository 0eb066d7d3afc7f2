/**
 * How the facts change across PostgreSQL 11–18. Versions 15 (the real
 * server) and 18 (PGlite) are checked against pg_locks by the other files
 * here; the rest follows the release notes, and this table pins what the
 * knowledge base claims for each version so a change to it is deliberate.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lockFactsFor } from '../../server/src/locks/statementLocks';
import { parseSql } from '../../server/src/sql/parseSql';
import { fixtureSchema } from './lockFixture';

interface VersionCase {
  sql: string;
  /** The fact to look at. */
  relation: string;
  /** Per first version with that claim: `mode`, `+scan`, `+rewrite`, `+note`, or `none` for no fact. */
  claims: Record<number, string>;
}

const CASES: VersionCase[] = [
  {
    sql: "ALTER TABLE measurements ATTACH PARTITION measurements_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')",
    relation: 'measurements',
    claims: { 11: 'ACCESS EXCLUSIVE', 12: 'SHARE UPDATE EXCLUSIVE' },
  },
  { sql: 'ALTER INDEX events_note_idx RENAME TO x', relation: 'events_note_idx', claims: { 11: 'ACCESS EXCLUSIVE', 12: 'SHARE UPDATE EXCLUSIVE' } },
  { sql: 'ALTER TABLE events ALTER COLUMN note SET NOT NULL', relation: 'events', claims: { 11: 'ACCESS EXCLUSIVE +scan', 12: 'ACCESS EXCLUSIVE' } },
  { sql: "ALTER TABLE events ADD COLUMN c text DEFAULT 'x'", relation: 'events', claims: { 11: 'ACCESS EXCLUSIVE' } },
  { sql: 'REINDEX INDEX CONCURRENTLY events_note_idx', relation: 'events', claims: { 11: 'SHARE UPDATE EXCLUSIVE +scan +note' } },
  // Observed in pg_locks on 11, 12, 13 (SHARE UPDATE EXCLUSIVE on the partition) and 14 to 18 (ACCESS EXCLUSIVE).
  {
    sql: 'ALTER TABLE measurements DETACH PARTITION measurements_2024',
    relation: 'measurements_2024',
    claims: { 11: 'SHARE UPDATE EXCLUSIVE', 14: 'ACCESS EXCLUSIVE' },
  },
  {
    sql: 'ALTER TABLE readings DETACH PARTITION readings_a CONCURRENTLY',
    relation: 'readings',
    claims: { 13: 'SHARE UPDATE EXCLUSIVE +note', 14: 'SHARE UPDATE EXCLUSIVE +note' },
  },
  {
    sql: 'MERGE INTO plain USING parent_log s ON s.id = plain.id WHEN MATCHED THEN DELETE',
    relation: 'plain',
    claims: { 14: 'ROW EXCLUSIVE +note', 15: 'ROW EXCLUSIVE' },
  },
  { sql: 'GRANT SELECT ON events TO pg_monitor', relation: 'events', claims: { 11: 'none', 18: 'ACCESS SHARE' } },
  { sql: 'ALTER TABLE measurements ADD PRIMARY KEY (at)', relation: 'measurements_2024', claims: { 11: 'SHARE +scan', 18: 'ACCESS EXCLUSIVE +scan' } },
  { sql: 'ALTER TABLE measurements ALTER COLUMN value DROP NOT NULL', relation: 'measurements_2024', claims: { 11: 'ACCESS EXCLUSIVE', 18: 'none' } },
  { sql: 'ANALYZE parent_log', relation: 'kid_log', claims: { 11: 'ACCESS SHARE', 18: 'SHARE UPDATE EXCLUSIVE +scan' } },
  { sql: "ALTER TABLE events ALTER COLUMN amount SET DEFAULT nextval('ticket_seq')", relation: 'ticket_seq', claims: { 11: 'none', 18: 'ACCESS SHARE' } },
];

function claimFor(claims: Record<number, string>, version: number): string | undefined {
  const since = Object.keys(claims)
    .map(Number)
    .filter((first) => first <= version)
    .sort((a, b) => b - a)[0];
  return since === undefined ? undefined : claims[since];
}

for (const versionCase of CASES) {
  test(`facts by PostgreSQL version: ${versionCase.sql}`, async () => {
    const schema = await fixtureSchema();
    const statement = (await parseSql(`${versionCase.sql};`)).statements[0]!;
    for (let version = 11; version <= 18; version++) {
      const expected = claimFor(versionCase.claims, version);
      if (expected === undefined) continue;
      const fact = lockFactsFor(statement, { pgVersion: version, schema }).find((candidate) => candidate.relation === versionCase.relation);
      const actual = fact ? [fact.mode, fact.scan ? '+scan' : '', fact.rewrite ? '+rewrite' : '', fact.note ? '+note' : ''].filter(Boolean).join(' ') : 'none';
      assert.equal(actual, expected, `PostgreSQL ${version}: ${versionCase.sql} on ${versionCase.relation}`);
    }
  });
}
