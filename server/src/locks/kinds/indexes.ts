/**
 * CREATE INDEX and REINDEX. CREATE INDEX holds SHARE on the table (reads go
 * on, writes wait) for the whole build; CONCURRENTLY holds SHARE UPDATE
 * EXCLUSIVE and lets writes go on. REINDEX holds SHARE on the table and
 * ACCESS EXCLUSIVE on each index it rebuilds, which also blocks every query
 * that would plan with that index, so in practice reads of the table too.
 */

import { optionOn } from '../../sql/statementOptions';
import { relationName, type RangeVarNode } from '../../sql/astNames';
import type { LockContext, LockFact } from '../lockFact';
import { lockOn, lockOnRangeVar, needsVersion, reachesChildren, withNote } from '../lockFactBuilder';
import { descendantsOf, indexIn, indexesOf, isPartitioned } from '../schemaFacts';

type Body = Record<string, unknown>;

const NOT_IN_TRANSACTION = 'cannot run inside a transaction block';

function createIndex(body: Body, context: LockContext): LockFact[] {
  const relation = body['relation'] as RangeVarNode | undefined;
  const table = relationName(relation);
  if (!table) return [];
  const concurrent = body['concurrent'] === true;
  const mode = concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE';
  const partitioned = isPartitioned(context, table);
  const only = !reachesChildren(relation);
  if (partitioned && only) {
    return lockOnRangeVar(relation, mode, 'CREATE INDEX ON ONLY creates an invalid index on the parent alone (no build)');
  }
  const facts = lockOnRangeVar(
    relation,
    mode,
    concurrent ? 'CREATE INDEX CONCURRENTLY builds the index while writes continue' : 'CREATE INDEX builds the index while writes wait',
    { scan: true },
  );
  if (partitioned) {
    for (const partition of descendantsOf(context, table, 'partitions')) {
      facts.push(lockOn(partition, mode, 'CREATE INDEX builds the index on each partition', { scan: true }));
    }
  }
  if (!concurrent) return facts;
  return withNote(facts, partitioned ? `CONCURRENTLY is not supported on partitioned tables; ${NOT_IN_TRANSACTION}` : NOT_IN_TRANSACTION);
}

function reindex(body: Body, context: LockContext): LockFact[] {
  const relation = body['relation'] as RangeVarNode | undefined;
  const name = relationName(relation);
  if (!name) return [];
  const concurrent = optionOn(body['params'], 'concurrently');
  const tableMode = concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE';
  // CONCURRENTLY builds a replacement under SHARE UPDATE EXCLUSIVE, swaps it in, and drops the old index under ACCESS EXCLUSIVE once no query uses it.
  const indexMode = 'ACCESS EXCLUSIVE';
  const rebuilt = concurrent
    ? 'REINDEX CONCURRENTLY builds a replacement, swaps it in, then drops the old index once no query uses it'
    : 'REINDEX rebuilds the index; queries that would use it wait';
  const facts: LockFact[] = [];
  const kind = body['kind'];
  if (kind === 'REINDEX_OBJECT_INDEX') {
    facts.push(...lockOnRangeVar(relation, indexMode, rebuilt, { rewrite: true, relationKind: 'index' }));
    const table = indexIn(context, name)?.table;
    if (table) facts.push(lockOn(table, tableMode, 'REINDEX reads the whole table to rebuild the index', { scan: true }));
  } else if (kind === 'REINDEX_OBJECT_TABLE') {
    facts.push(...lockOnRangeVar(relation, tableMode, 'REINDEX TABLE reads the whole table once per index', { scan: true }));
    // Before 14, REINDEX of a partitioned table only warns that it is not implemented (observed: nothing else is locked).
    const skipped = isPartitioned(context, name) && context.pgVersion < 14;
    if (!skipped) for (const index of indexesOf(context, name)) facts.push(lockOn(index.name, indexMode, rebuilt, { rewrite: true, relationKind: 'index' }));
    if (context.pgVersion >= 14) {
      for (const partition of descendantsOf(context, name, 'partitions')) {
        facts.push(lockOn(partition, tableMode, 'REINDEX of a partitioned table rebuilds the indexes of each partition', { scan: true }));
      }
    }
  } else {
    return [];
  }
  const notes = [concurrent ? needsVersion(context, 12, 'REINDEX CONCURRENTLY') : undefined];
  const partitioned = isPartitioned(context, name) || isPartitioned(context, indexIn(context, name)?.table ?? '');
  if (partitioned && context.pgVersion < 14)
    notes.push('REINDEX of a partitioned table does nothing before PostgreSQL 14 (a warning says it is not implemented)');
  if (concurrent || (partitioned && context.pgVersion >= 14)) notes.push(NOT_IN_TRANSACTION);
  return withNote(facts, notes.filter(Boolean).join('; ') || undefined);
}

export const INDEX_LOCKS = {
  IndexStmt: createIndex,
  ReindexStmt: reindex,
};
