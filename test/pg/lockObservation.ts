/**
 * Runs one statement inside a transaction and compares what PostgreSQL
 * holds in pg_locks with what the lock knowledge base claims, relation by
 * relation (by oid, taken before the statement, so drops and renames are
 * followed). Works over any session that can run SQL: PGlite or `pg`.
 */

import assert from 'node:assert/strict';
import type { LockFact } from '../../server/src/locks/lockFact';
import { lockModeFromPgLocks, strongerLock, type LockMode } from '../../server/src/locks/lockModes';

export interface SqlSession {
  exec(sql: string): Promise<void>;
  rows<T>(sql: string, params?: unknown[]): Promise<T[]>;
}

export interface FixtureRelation {
  oid: number;
  name: string;
  /** pg_class.relkind: r table, p partitioned table, v view, m materialized view, S sequence, i/I index. */
  kind: string;
  filenode: number | null;
}

const INDEX_KINDS = new Set(['i', 'I']);
/** Kinds whose file holds rows: a new file there means the rows were written again. */
const STORAGE_KINDS = new Set(['r', 'm', 'i']);

/** Every relation in the fixture's schemas, by oid. */
export async function fixtureRelations(session: SqlSession): Promise<Map<number, FixtureRelation>> {
  const rows = await session.rows<FixtureRelation>(
    `SELECT c.oid::int AS oid, CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END AS name,
            c.relkind::text AS kind, pg_relation_filenode(c.oid)::int AS filenode
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname IN ('public', 'app')`,
  );
  return new Map(rows.map((row) => [row.oid, row]));
}

/** Strongest mode per relation oid among `rows` of pg_locks. */
export function strongestByOid(rows: { oid: number; mode: string }[]): Map<number, LockMode> {
  const held = new Map<number, LockMode>();
  for (const row of rows) {
    const mode = lockModeFromPgLocks(row.mode);
    if (!mode) continue;
    const seen = held.get(row.oid);
    held.set(row.oid, seen ? strongerLock(seen, mode) : mode);
  }
  return held;
}

/** The oid each fact's relation names, resolved before the statement runs (the statement may drop or rename it). */
export async function resolveFacts(session: SqlSession, facts: LockFact[]): Promise<Map<LockFact, number | undefined>> {
  const resolved = new Map<LockFact, number | undefined>();
  for (const fact of facts) {
    const [row] = await session.rows<{ oid: number | null }>(`SELECT to_regclass($1)::oid::int AS oid`, [fact.relation]);
    resolved.set(fact, row?.oid ?? undefined);
  }
  return resolved;
}

export interface Observation {
  relations: Map<number, FixtureRelation>;
  held: Map<number, LockMode>;
  newFile: Set<number>;
}

/** Runs `sql` (after `setup`) in a transaction that is rolled back, and reads this session's relation locks. */
export async function observeInTransaction(
  session: SqlSession,
  sql: string,
  facts: LockFact[],
  setup?: string,
): Promise<{ observation: Observation; resolved: Map<LockFact, number | undefined> }> {
  await session.exec('BEGIN');
  try {
    if (setup) await session.exec(setup);
    const relations = await fixtureRelations(session);
    const resolved = await resolveFacts(session, facts);
    await session.exec(sql);
    const rows = await session.rows<{ oid: number; mode: string }>(
      `SELECT relation::int AS oid, mode FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation' AND granted`,
    );
    const held = strongestByOid(rows.filter((row) => relations.has(row.oid)));
    const after = await session.rows<{ oid: number; filenode: number | null }>(
      `SELECT oid::int AS oid, pg_relation_filenode(oid)::int AS filenode FROM pg_class WHERE oid = ANY($1::int[])`,
      [[...relations.keys()]],
    );
    const newFile = new Set(after.filter((row) => relations.get(row.oid)?.filenode !== row.filenode).map((row) => row.oid));
    return { observation: { relations, held, newFile }, resolved };
  } finally {
    await session.exec('ROLLBACK');
  }
}

export interface Expectations {
  /** TRUNCATE: a new, empty file, but no per-row work, so not a rewrite. */
  newFileWithoutRewrite?: boolean;
}

function describe(fact: LockFact): string {
  return `${fact.mode} on ${fact.relation}${fact.onlyWhen ? ` (only when ${fact.onlyWhen})` : ''}`;
}

/**
 * PostgreSQL and the facts agree: every fact is held in exactly its mode (a
 * fact with `onlyWhen` may also be absent), every table, view, materialized
 * view and sequence PostgreSQL locked is in the facts, and `rewrite` matches
 * a new file for the relations the facts name. Indexes are compared when the
 * facts name them (every query also locks all indexes of its tables, which
 * the facts leave out).
 */
export function assertAgreement(
  statement: string,
  facts: LockFact[],
  resolved: Map<LockFact, number | undefined>,
  observation: Observation,
  expectations: Expectations = {},
): void {
  // Every message names the statement and what the facts claimed, so a failure reads on its own.
  const sql = `${statement}\n  facts: ${summary(facts) || '(none)'}\n `;
  const claimedOids = new Set<number>();
  for (const fact of facts) {
    const oid = resolved.get(fact);
    assert.ok(oid !== undefined && observation.relations.has(oid), `${sql}: the facts name "${fact.relation}", which is not a relation of the fixture`);
    claimedOids.add(oid);
    const held = observation.held.get(oid);
    if (fact.onlyWhen && held === undefined) continue;
    assert.equal(held, fact.mode, `${sql}: PostgreSQL holds ${held ?? 'no lock'} on ${fact.relation}; the facts say ${describe(fact)}`);
    const relation = observation.relations.get(oid)!;
    if (!STORAGE_KINDS.has(relation.kind) || relation.filenode === null) continue;
    const newFile = observation.newFile.has(oid);
    if (expectations.newFileWithoutRewrite) {
      assert.ok(newFile && !fact.rewrite, `${sql}: expected a new file and rewrite=false on ${fact.relation}`);
    } else {
      assert.equal(
        fact.rewrite,
        newFile,
        `${sql}: ${fact.relation} ${newFile ? 'got a new file (rewritten)' : 'kept its file'}, the facts say rewrite=${fact.rewrite}`,
      );
    }
  }
  for (const [oid, mode] of observation.held) {
    const relation = observation.relations.get(oid)!;
    if (INDEX_KINDS.has(relation.kind) || claimedOids.has(oid)) continue;
    assert.fail(`${sql}: PostgreSQL took ${mode} on ${relation.name} (relkind ${relation.kind}), which the facts do not list`);
  }
}

/** For messages: the facts in one line. */
export function summary(facts: LockFact[]): string {
  return facts.map((fact) => `${describe(fact)}${fact.rewrite ? ' rewrite' : ''}${fact.scan ? ' scan' : ''}`).join(', ');
}
