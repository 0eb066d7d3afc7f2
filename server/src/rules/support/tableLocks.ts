/** The lock facts rules reason about as "this table is blocked". */

import type { LockFact } from '../../locks/lockFact';
import type { StatementFacts } from '../rule';

/**
 * Locks on tables, views and materialized views that the statement always
 * takes: locks on indexes and sequences follow their table's, and a lock
 * taken only in some runs (`onlyWhen`) is not a certainty to warn about.
 */
export function tableLocks(facts: StatementFacts): LockFact[] {
  return facts.locks.filter((lock) => lock.relationKind === undefined && lock.onlyWhen === undefined);
}
