/**
 * Statements behind a version gate (server/src/sql/versionGates.ts), each
 * with the first major that accepts it, and the check that a server agrees:
 * refused (syntax error, or feature not supported) before that major and
 * accepted from it. Run on PGlite and the distribution's server
 * (versionGatesOnPostgres.test.ts) and on every major (lockMatrix.test.ts).
 */

const SETUP =
  "CREATE TABLE t (a int, b int, note text); CREATE TABLE p (a int, d date) PARTITION BY RANGE (d); CREATE TABLE c PARTITION OF p FOR VALUES FROM ('2020-01-01') TO ('2021-01-01'); " +
  "CREATE TYPE mood AS ENUM ('x'); CREATE FUNCTION trf() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$; CREATE TABLE pk (a int PRIMARY KEY, b int); CREATE INDEX t_a ON t (a);";

/** [first major that accepts it, the statement, whether it must run outside a transaction block]. */
export const GATED: [number, string, boolean?][] = [
  [12, 'ALTER TABLE t ADD COLUMN g int GENERATED ALWAYS AS (a * 2) STORED'],
  [12, 'REINDEX INDEX CONCURRENTLY t_a', true],
  [12, 'CREATE TABLE u (a int) USING heap'],
  [12, 'WITH x AS MATERIALIZED (SELECT 1) SELECT * FROM x'],
  [12, 'VACUUM (SKIP_LOCKED) t', true],
  [13, 'SELECT * FROM t ORDER BY a FETCH FIRST 1 ROWS WITH TIES'],
  [13, 'ALTER TYPE mood SET (STORAGE = plain)'],
  [13, 'VACUUM (PARALLEL 2) t', true],
  [14, 'ALTER TABLE t ALTER COLUMN note SET COMPRESSION pglz'],
  [14, 'REINDEX (CONCURRENTLY false) INDEX t_a'],
  [14, 'REINDEX (VERBOSE true) INDEX t_a'],
  [14, 'REINDEX (TABLESPACE pg_default, VERBOSE) INDEX t_a'],
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

/** Where a server disagrees with a gate, a sentence each (empty: it agrees with every gate). */
export async function gateOutcomes(server: { major: number; exec(sql: string): Promise<void> }): Promise<string[]> {
  const disagreements: string[] = [];
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
      if (outcome.startsWith('accepted') !== server.major >= min) disagreements.push(`${sql} on ${server.major}: ${outcome}, the gate says from ${min}`);
    }
  } finally {
    await server.exec('DROP TABLE IF EXISTS t, p, pk CASCADE; DROP TYPE IF EXISTS mood; DROP FUNCTION IF EXISTS trf() CASCADE;');
  }
  return disagreements;
}
