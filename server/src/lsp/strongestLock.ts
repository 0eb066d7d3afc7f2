import { lockStrength } from '../locks/lockModes';
import type { LockFact } from '../locks/lockFact';
import { normaliseName } from '../schema/schemaModel';
import type { StatementFacts } from '../rules';

/**
 * The lock worth showing inline for a statement: the strongest one on a
 * relation that existed before this migration (locks on relations created
 * in the same migration harm nobody).
 */
export function strongestLock(facts: StatementFacts): LockFact | undefined {
  let strongest: LockFact | undefined;
  for (const lock of facts.locks) {
    if (facts.tablesCreatedEarlierInFile.has(normaliseName(lock.relation))) continue;
    if (!strongest || lockStrength(lock.mode) > lockStrength(strongest.mode)) strongest = lock;
  }
  return strongest;
}
