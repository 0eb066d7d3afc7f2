/**
 * The relation locks this session holds, read from pg_locks before the
 * forward's transaction commits, and compared with what the lock knowledge
 * base predicted for the forward's statements.
 */

import { lockModeFromPgLocks, strongerLock, type LockMode } from '../locks/lockModes';
import type { Database } from './database';

export interface HeldLock {
  relation: string;
  mode: LockMode;
  oid: number;
}

const RELATION_NAMES = `SELECT c.oid::int AS oid, CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END AS relation
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%'`;

/** Every relation outside the system schemas, by oid, named as migrations write it (`events`, `app.events`). */
export async function relationsByOid(database: Database): Promise<Map<number, string>> {
  return new Map((await database.rows<{ oid: number; relation: string }>(RELATION_NAMES)).map((row) => [row.oid, row.relation]));
}

/**
 * Strongest mode per relation this session holds. Relations are named from
 * the catalog now, or from `before` when the transaction dropped them.
 */
export async function heldRelationLocks(database: Database, before: ReadonlyMap<number, string>): Promise<HeldLock[]> {
  const now = await relationsByOid(database);
  const rows = await database.rows<{ oid: number; mode: string }>(
    `SELECT relation::int AS oid, mode FROM pg_locks WHERE locktype = 'relation' AND pid = pg_backend_pid() AND granted`,
  );
  const strongest = new Map<string, HeldLock>();
  for (const row of rows) {
    const mode = lockModeFromPgLocks(row.mode);
    const relation = now.get(row.oid) ?? before.get(row.oid);
    if (!mode || !relation) continue;
    const seen = strongest.get(relation);
    strongest.set(relation, { relation, oid: row.oid, mode: seen ? strongerLock(seen.mode, mode) : mode });
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

export function compareLocks(observed: readonly HeldLock[], predicted: ReadonlyMap<string, LockMode>, existedBefore: ReadonlyMap<number, string>): LockComparison[] {
  const byName = new Map<string, LockComparison>();
  for (const lock of observed) {
    const created = !existedBefore.has(lock.oid);
    byName.set(normalised(lock.relation), { relation: lock.relation, observed: lock.mode, ...(created ? { createdByForward: true as const } : {}), agrees: created });
  }
  for (const [relation, mode] of predicted) {
    const key = normalised(relation);
    const entry = byName.get(key);
    if (entry) byName.set(key, { ...entry, predicted: mode, agrees: entry.createdByForward === true || entry.observed === mode });
    else byName.set(key, { relation, predicted: mode, agrees: false });
  }
  return [...byName.values()].sort((a, b) => a.relation.localeCompare(b.relation));
}
