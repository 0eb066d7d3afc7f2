/**
 * Locks of statements that cannot run inside a transaction block
 * (CONCURRENTLY variants, VACUUM, REINDEX of a partitioned table), watched
 * from other sessions, because the statement's own session cannot read
 * pg_locks while it runs:
 *
 * - session B holds a lock on a relation the facts name, session A runs the
 *   statement, session C polls pg_locks for A's pid;
 * - "floor" run: B holds a mode that conflicts with the claimed mode, so A
 *   must queue on that relation, and pg_locks shows the mode A asks for
 *   (granted = false): it must be the claimed one;
 * - "ceiling" run: B holds a mode that conflicts with every mode stronger
 *   than the claimed one but not with it: A must never queue on the
 *   relation for a stronger mode;
 * - whenever A waits (on B's lock, or on B's transaction as CONCURRENTLY
 *   does), C also reads what A holds at that moment; B then lets go.
 *
 * Every relation the facts name must be seen in exactly its claimed mode,
 * and every table A was seen locking must be in the facts. Used on the
 * distribution's server (concurrentLocksAgainstRealPostgres.test.ts) and on
 * every major (lockMatrix.test.ts).
 */

import assert from 'node:assert/strict';
import type { Client } from 'pg';
import type { LockFact } from '../../server/src/locks/lockFact';
import { lockModeFromPgLocks, lockStrength, strongerLock, type LockMode } from '../../server/src/locks/lockModes';
import { normaliseName } from '../../server/src/schema/schemaModel';
import type { ConcurrentLockCase } from './concurrentLockCases';
import { fixtureRelations, type FixtureRelation, type SqlSession } from './lockObservation';

/** A mode that conflicts with `mode`, and with as few weaker modes as possible: A must queue asking for `mode`. */
const FLOOR_HOLDER: Record<LockMode, LockMode> = {
  'ACCESS SHARE': 'ACCESS EXCLUSIVE',
  'ROW SHARE': 'EXCLUSIVE',
  'ROW EXCLUSIVE': 'SHARE',
  'SHARE UPDATE EXCLUSIVE': 'SHARE UPDATE EXCLUSIVE',
  SHARE: 'ROW EXCLUSIVE',
  'SHARE ROW EXCLUSIVE': 'ROW EXCLUSIVE',
  EXCLUSIVE: 'ROW SHARE',
  'ACCESS EXCLUSIVE': 'ACCESS SHARE',
};

/** A mode that conflicts with every mode stronger than `mode` but not with `mode`: A must not queue at all. */
const CEILING_HOLDER: Partial<Record<LockMode, LockMode>> = {
  'ACCESS SHARE': 'EXCLUSIVE',
  'ROW SHARE': 'SHARE ROW EXCLUSIVE',
  'ROW EXCLUSIVE': 'SHARE UPDATE EXCLUSIVE',
  'SHARE UPDATE EXCLUSIVE': 'ROW EXCLUSIVE',
  SHARE: 'SHARE',
  'SHARE ROW EXCLUSIVE': 'ROW SHARE',
  EXCLUSIVE: 'ACCESS SHARE',
};

/** LOCK TABLE works on these relation kinds only. */
const LOCKABLE_KINDS = new Set(['r', 'p', 'v', 'f']);
const INDEX_KINDS = new Set(['i', 'I']);

/** A runs the statements, B holds locks, C watches pg_locks. */
export interface WatchSessions {
  runner: Client;
  blocker: Client;
  watcher: Client;
  runnerPid: number;
  blockerPid: number;
}

/** Three sessions on the database `connect` opens, which must hold the fixture already. */
export async function openWatchSessions(connect: () => Promise<Client>): Promise<WatchSessions> {
  const [runner, blocker, watcher] = await Promise.all([connect(), connect(), connect()]);
  await runner.query("SET statement_timeout = '30s'");
  const runnerPid = (await runner.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
  const blockerPid = (await blocker.query('SELECT pg_backend_pid() AS pid')).rows[0].pid as number;
  return { runner, blocker, watcher, runnerPid, blockerPid };
}

export async function closeWatchSessions(sessions: WatchSessions | undefined): Promise<void> {
  if (!sessions) return;
  await Promise.all([sessions.runner, sessions.blocker, sessions.watcher].map((client) => client.end().catch(() => undefined)));
}

function sessionOf(client: Client): SqlSession {
  return {
    exec: async (sql) => {
      await client.query(sql);
    },
    rows: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
  };
}

interface RunResult {
  /** Strongest mode A asked for or held, per relation name (as it was named before the run). */
  seen: Map<string, LockMode>;
  /** Modes A queued for, per relation name. */
  queuedFor: Map<string, LockMode>;
}

function quoteIdentifier(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function describeFact(fact: LockFact): string {
  return `${fact.mode} on ${fact.relation}`;
}

/** Runs the statement in A while B holds `hold` (if any), watching A's locks from C. */
async function watchedRun(sessions: WatchSessions, lockCase: ConcurrentLockCase, hold?: { relation: string; mode: LockMode }): Promise<RunResult> {
  const { runner, blocker, watcher, runnerPid, blockerPid } = sessions;
  const relations: Map<number, FixtureRelation> = await fixtureRelations(sessionOf(watcher));
  const seen = new Map<string, LockMode>();
  const queuedFor = new Map<string, LockMode>();
  let holding = false;
  if (hold) {
    await blocker.query('BEGIN');
    await blocker.query(`LOCK TABLE ONLY ${quoteIdentifier(hold.relation)} IN ${hold.mode} MODE`);
    holding = true;
  }
  let settled = false;
  let failure: unknown;
  const running = runner.query(lockCase.sql).then(
    () => {
      settled = true;
    },
    (error: unknown) => {
      settled = true;
      failure = error;
    },
  );
  const deadline = Date.now() + 30_000;
  try {
    while (!settled) {
      if (Date.now() > deadline) {
        await watcher.query('SELECT pg_cancel_backend($1)', [runnerPid]);
        throw new Error(`${lockCase.sql}: still running after 30 s`);
      }
      const readLocks = async (): Promise<void> => {
        const rows = (await watcher.query(`SELECT relation::int AS oid, mode, granted FROM pg_locks WHERE pid = $1 AND locktype = 'relation'`, [runnerPid]))
          .rows as { oid: number; mode: string; granted: boolean }[];
        for (const row of rows) {
          const relation = relations.get(row.oid);
          const mode = lockModeFromPgLocks(row.mode);
          if (!relation || !mode) continue;
          const previous = seen.get(relation.name);
          seen.set(relation.name, previous ? strongerLock(previous, mode) : mode);
          if (!row.granted) queuedFor.set(relation.name, mode);
        }
      };
      await readLocks();
      if (holding) {
        const [state] = (await watcher.query(`SELECT $2::int = ANY(pg_blocking_pids($1)) AS blocked_by_b`, [runnerPid, blockerPid])).rows as {
          blocked_by_b: boolean;
        }[];
        if (state?.blocked_by_b) {
          // A waits for B and cannot move until B lets go: read what it holds and asks for now, then let it go on.
          await readLocks();
          await blocker.query('ROLLBACK');
          holding = false;
        }
      }
      await sleep(2);
    }
  } finally {
    if (holding) await blocker.query('ROLLBACK');
    await running;
  }
  if (failure) throw failure;
  if (lockCase.undo) await runner.query(lockCase.undo);
  return { seen, queuedFor };
}

/**
 * Runs the floor and ceiling runs for each fact and asserts what was seen
 * (an AssertionError names the first disagreement). Returns the strongest
 * mode seen per table, view or sequence (not indexes: nothing can hold A
 * while it holds its strongest lock on one).
 */
export async function checkConcurrentCase(sessions: WatchSessions, lockCase: ConcurrentLockCase, facts: LockFact[]): Promise<Map<string, LockMode>> {
  assert.ok(facts.length > 0, `${lockCase.sql}: no facts`);
  const relations = [...(await fixtureRelations(sessionOf(sessions.watcher))).values()];
  const kindOf = new Map(relations.map((relation) => [relation.name, relation.kind]));
  const seen = new Map<string, LockMode>();
  const record = (result: RunResult): void => {
    for (const [name, mode] of result.seen) seen.set(name, seen.has(name) ? strongerLock(seen.get(name)!, mode) : mode);
  };

  for (const fact of facts) {
    const name = normaliseName(fact.relation);
    const kind = kindOf.get(name);
    assert.ok(kind, `${lockCase.sql}: the facts name "${fact.relation}", which is not a relation of the fixture`);
    if (!LOCKABLE_KINDS.has(kind)) continue;
    const floor = await watchedRun(sessions, lockCase, { relation: name, mode: FLOOR_HOLDER[fact.mode] });
    record(floor);
    assert.equal(
      floor.queuedFor.get(name),
      fact.mode,
      `${lockCase.sql}: while another session held ${FLOOR_HOLDER[fact.mode]} on ${name}, it queued for ${floor.queuedFor.get(name) ?? 'nothing'}; the facts say ${describeFact(fact)}`,
    );
    const ceiling = CEILING_HOLDER[fact.mode];
    if (ceiling) {
      const result = await watchedRun(sessions, lockCase, { relation: name, mode: ceiling });
      record(result);
      const queued = result.queuedFor.get(name);
      assert.ok(
        queued === undefined || lockStrength(queued) <= lockStrength(fact.mode),
        `${lockCase.sql}: while another session held ${ceiling} on ${name}, it queued for ${queued}: stronger than the facts' ${describeFact(fact)}`,
      );
    }
  }

  for (const fact of facts) {
    const name = normaliseName(fact.relation);
    const observed = seen.get(name);
    if (INDEX_KINDS.has(kindOf.get(name) ?? '')) {
      // Indexes cannot be locked with LOCK TABLE, so nothing makes A stop while it holds its strongest lock on one:
      // what C happened to see must not exceed the facts (the exact mode is from the source, e.g. index_drop()).
      assert.ok(
        observed === undefined || lockStrength(observed) <= lockStrength(fact.mode),
        `${lockCase.sql}: seen ${observed} on ${name}, stronger than the facts' ${describeFact(fact)}`,
      );
      continue;
    }
    if (observed === undefined && fact.onlyWhen) continue;
    assert.equal(observed, fact.mode, `${lockCase.sql}: seen ${observed ?? 'no lock'} on ${name}; the facts say ${describeFact(fact)}`);
  }
  for (const [name, mode] of seen) {
    if (INDEX_KINDS.has(kindOf.get(name) ?? '')) continue;
    assert.ok(
      facts.some((fact) => normaliseName(fact.relation) === name),
      `${lockCase.sql}: PostgreSQL took ${mode} on ${name}, which the facts do not list`,
    );
  }
  return new Map([...seen].filter(([name]) => !INDEX_KINDS.has(kindOf.get(name) ?? '')));
}
