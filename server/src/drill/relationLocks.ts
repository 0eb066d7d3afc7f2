/**
 * The relation locks this session holds, read from pg_locks before the
 * forward's transaction commits, and compared with what the lock knowledge
 * base predicted for the forward's statements.
 */

import { lockModeFromPgLocks, strongerLock, type LockMode } from '../locks/lockModes';
import type { Database } from './database';

export interface HeldLock {
  relation: string;
  /** The name it had before the forward, when the forward renamed it. */
  formerName?: string;
  mode: LockMode;
  oid: number;
  /** pg_class.relkind: r table, p partitioned table, v view, m materialized view, i/I index, S sequence. */
  kind: string;
}

export interface Relation {
  name: string;
  kind: string;
}

const RELATIONS = `SELECT c.oid::int AS oid, CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END AS name, c.relkind::text AS kind
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'`;

/** Every relation outside the system schemas, by oid, named as migrations write it (`events`, `app.events`). */
export async function relationsByOid(database: Database): Promise<Map<number, Relation>> {
  return new Map((await database.rows<{ oid: number; name: string; kind: string }>(RELATIONS)).map((row) => [row.oid, { name: row.name, kind: row.kind }]));
}

/**
 * Strongest mode per relation this session holds. Relations are named from
 * the catalog now, or from `before` when the transaction dropped them.
 */
export async function heldRelationLocks(database: Database, before: ReadonlyMap<number, Relation>): Promise<HeldLock[]> {
  const now = await relationsByOid(database);
  const rows = await database.rows<{ oid: number; mode: string }>(
    `SELECT relation::int AS oid, mode FROM pg_locks WHERE locktype = 'relation' AND pid = pg_backend_pid() AND granted`,
  );
  const strongest = new Map<number, HeldLock>();
  for (const row of rows) {
    const mode = lockModeFromPgLocks(row.mode);
    const relation = now.get(row.oid) ?? before.get(row.oid);
    if (!mode || !relation) continue;
    const formerName = before.get(row.oid)?.name;
    const seen = strongest.get(row.oid);
    strongest.set(row.oid, {
      relation: relation.name,
      ...(formerName && formerName !== relation.name ? { formerName } : {}),
      oid: row.oid,
      kind: relation.kind,
      mode: seen ? strongerLock(seen.mode, mode) : mode,
    });
  }
  return [...strongest.values()].sort((a, b) => a.relation.localeCompare(b.relation));
}

export interface LockComparison {
  relation: string;
  observed?: LockMode;
  predicted?: LockMode;
  /** The forward created the relation: its lock blocks no one, so it is listed but not compared. */
  createdByForward?: true;
  agrees: boolean;
}

function normalised(relation: string): string {
  const unquoted = relation.replace(/"([^"]*)"/g, '$1');
  const lower = relation.includes('"') ? unquoted : unquoted.toLowerCase();
  return lower.startsWith('public.') ? lower.slice('public.'.length) : lower;
}

/** Indexes and sequences are compared only when the lock facts name them: the facts speak of tables. */
const TABLE_KINDS = new Set(['r', 'p', 'v', 'm', 'f']);

/**
 * Observed against predicted, per relation: a relation is matched under its
 * name now or, when the forward renamed it, its former name.
 */
export interface PredictedLocks {
  /** Strongest lock per relation that the forward's statements always take. */
  always: ReadonlyMap<string, LockMode>;
  /** Locks taken only in some runs (a cascade when rows are deleted...): expected only when seen. */
  sometimes: ReadonlyMap<string, LockMode>;
}

export function compareLocks(observed: readonly HeldLock[], predictedLocks: PredictedLocks, existedBefore: ReadonlyMap<number, Relation>): LockComparison[] {
  const predicted = new Map(predictedLocks.always);
  // A conditional lock that was taken is matched like any other; one that was not taken is not missing.
  for (const lock of observed) {
    for (const name of [lock.relation, lock.formerName]) {
      const conditional = name === undefined ? undefined : [...predictedLocks.sometimes].find(([relation]) => normalised(relation) === normalised(name));
      if (conditional && !predicted.has(conditional[0])) predicted.set(conditional[0], conditional[1]);
    }
  }
  const remaining = new Map([...predicted].map(([relation, mode]) => [normalised(relation), { relation, mode }]));
  const comparisons: LockComparison[] = [];
  // Relations that existed before come first: a table dropped and created again under its name is predicted as the old one.
  const existingFirst = [...observed].sort((a, b) => Number(!existedBefore.has(a.oid)) - Number(!existedBefore.has(b.oid)));
  for (const lock of existingFirst) {
    const names = [lock.relation, ...(lock.formerName ? [lock.formerName] : [])].map(normalised);
    let prediction: LockMode | undefined;
    for (const name of names) {
      const entry = remaining.get(name);
      if (!entry) continue;
      prediction = prediction ? strongerLock(prediction, entry.mode) : entry.mode;
      remaining.delete(name);
    }
    const created = !existedBefore.has(lock.oid);
    if (!prediction && !created && !TABLE_KINDS.has(lock.kind)) continue;
    comparisons.push({
      relation: lock.relation,
      observed: lock.mode,
      ...(prediction ? { predicted: prediction } : {}),
      ...(created ? { createdByForward: true as const } : {}),
      agrees: created || lock.mode === prediction,
    });
  }
  const everName = new Set([...existedBefore.values()].map((relation) => normalised(relation.name)));
  for (const { relation, mode } of remaining.values()) {
    // A relation the forward both created and dropped (a backup table...) is gone from every list: nothing to compare.
    if (!everName.has(normalised(relation))) continue;
    comparisons.push({ relation, predicted: mode, agrees: false });
  }
  return comparisons.sort((a, b) => a.relation.localeCompare(b.relation));
}
