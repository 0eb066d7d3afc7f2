/**
 * Per statement, the relation locks it takes (the knowledge base lives in
 * `kinds/`, one module per statement family). Facts only: whether a lock is
 * a problem is for the rules to decide.
 */

import type { ParsedStatement } from '../sql/parseSql';
import { LOCKS_BY_KIND } from './kinds';
import type { LockContext, LockFact } from './lockFact';
import { mergeByRelation } from './mergeFacts';

/**
 * The locks `statement` takes, one fact per relation: when several parts of
 * a statement lock the same relation, PostgreSQL holds the strongest mode,
 * and the relation is rewritten or scanned if any part does so.
 */
export function lockFactsFor(statement: ParsedStatement, context: LockContext): LockFact[] {
  if (!statement.kind) return [];
  const locksOfKind = LOCKS_BY_KIND[statement.kind];
  if (locksOfKind === undefined) return [];
  const body = statement.node?.[statement.kind] as Record<string, unknown> | undefined;
  return body ? mergeByRelation(locksOfKind(body, context)) : [];
}
