/**
 * VACUUM, ANALYZE, CLUSTER and REFRESH MATERIALIZED VIEW. Plain VACUUM and
 * ANALYZE take SHARE UPDATE EXCLUSIVE (reads and writes go on); VACUUM FULL
 * and CLUSTER rewrite the table under ACCESS EXCLUSIVE; REFRESH rebuilds the
 * view under ACCESS EXCLUSIVE, or under EXCLUSIVE (reads go on) with
 * CONCURRENTLY, reading the tables under it either way.
 */

import { optionOn } from '../../sql/statementOptions';
import { relationName, type RangeVarNode } from '../../sql/astNames';
import type { LockContext, LockFact } from '../lockFact';
import { lockOn, lockOnRangeVar, reachesChildren, withNote } from '../lockFactBuilder';
import type { LockMode } from '../lockModes';
import { childrenOf, descendantsOf, viewSourcesOf } from '../schemaFacts';

type Body = Record<string, unknown>;

/**
 * Partitions are always processed with their table. Inheritance children are
 * processed too from PostgreSQL 18; before, ANALYZE only samples them.
 */
function vacuumChildren(table: string, mode: LockMode, analyze: boolean, context: LockContext, what: string): LockFact[] {
  const partitions = new Set(descendantsOf(context, table, 'partitions'));
  const facts = [...partitions].map((partition) =>
    lockOn(partition, mode, `${what} processes each partition`, { scan: true, rewrite: mode === 'ACCESS EXCLUSIVE' }),
  );
  for (const child of childrenOf(context, table, 'all')) {
    if (partitions.has(child)) continue;
    if (context.pgVersion >= 18)
      facts.push(lockOn(child, mode, `${what} processes inheritance children too (PostgreSQL 18)`, { scan: true, rewrite: mode === 'ACCESS EXCLUSIVE' }));
    else if (analyze) facts.push(lockOn(child, 'ACCESS SHARE', `${what} samples inheritance children for the parent's statistics`));
  }
  return facts;
}

function vacuum(body: Body, context: LockContext): LockFact[] {
  const isVacuum = body['is_vacuumcmd'] === true;
  const full = isVacuum && optionOn(body['options'], 'full');
  const analyze = !isVacuum || optionOn(body['options'], 'analyze');
  const what = full ? 'VACUUM FULL' : isVacuum ? (analyze ? 'VACUUM ANALYZE' : 'VACUUM') : 'ANALYZE';
  const mode: LockMode = full ? 'ACCESS EXCLUSIVE' : 'SHARE UPDATE EXCLUSIVE';
  const facts: LockFact[] = [];
  for (const entry of (body['rels'] as { VacuumRelation?: { relation?: RangeVarNode } }[] | undefined) ?? []) {
    const relation = entry.VacuumRelation?.relation;
    const name = relationName(relation);
    if (!name) continue;
    const reason = full
      ? 'VACUUM FULL rewrites the table into a new file'
      : isVacuum
        ? `${what} reads the table while reads and writes go on`
        : 'ANALYZE samples the table while reads and writes go on';
    facts.push(...lockOnRangeVar(relation, mode, reason, { rewrite: full, scan: isVacuum }));
    if (reachesChildren(relation)) facts.push(...vacuumChildren(name, mode, analyze, context, what));
  }
  if (!isVacuum) return facts;
  const notes = ['cannot run inside a transaction block'];
  if (!full) notes.push('may briefly take ACCESS EXCLUSIVE, without waiting, to cut empty pages off the end');
  return withNote(facts, notes.join('; '));
}

function cluster(body: Body, context: LockContext): LockFact[] {
  const relation = body['relation'] as RangeVarNode | undefined;
  const name = relationName(relation);
  if (!name) return [];
  const facts = lockOnRangeVar(relation, 'ACCESS EXCLUSIVE', 'CLUSTER rewrites the table in index order', { rewrite: true, scan: true });
  const index = body['indexname'] as string | undefined;
  if (index) facts.push(lockOn(index, 'ACCESS EXCLUSIVE', 'CLUSTER rebuilds the index it sorts by', { rewrite: true, relationKind: 'index' }));
  const partitions = descendantsOf(context, name, 'partitions');
  for (const partition of partitions) facts.push(lockOn(partition, 'ACCESS EXCLUSIVE', 'CLUSTER rewrites each partition', { rewrite: true, scan: true }));
  return partitions.length > 0 ? withNote(facts, 'CLUSTER of a partitioned table needs PostgreSQL 15 and cannot run inside a transaction block') : facts;
}

function refresh(body: Body, context: LockContext): LockFact[] {
  const relation = body['relation'] as RangeVarNode | undefined;
  const name = relationName(relation);
  if (!name) return [];
  const concurrent = body['concurrent'] === true;
  const noData = body['skipData'] === true;
  const facts = concurrent
    ? lockOnRangeVar(relation, 'EXCLUSIVE', 'REFRESH MATERIALIZED VIEW CONCURRENTLY applies the changes row by row while reads go on', { scan: true })
    : lockOnRangeVar(
        relation,
        'ACCESS EXCLUSIVE',
        noData ? 'REFRESH ... WITH NO DATA empties the view' : 'REFRESH MATERIALIZED VIEW fills a new file while reads wait',
        {
          rewrite: true,
          scan: !noData,
        },
      );
  if (!noData) {
    for (const source of viewSourcesOf(context, name)) {
      for (const read of [source, ...descendantsOf(context, source)])
        facts.push(lockOn(read, 'ACCESS SHARE', "REFRESH MATERIALIZED VIEW runs the view's query"));
    }
  }
  return concurrent ? withNote(facts, 'CONCURRENTLY needs a unique index on the view') : facts;
}

export const MAINTENANCE_LOCKS = {
  VacuumStmt: vacuum,
  ClusterStmt: cluster,
  RefreshMatViewStmt: refresh,
};
