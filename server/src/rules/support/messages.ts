/**
 * The shape of a diagnostic's message: one short sentence, what and the lock
 * and the table, as the Problems panel shows it without cutting it
 * (`CREATE INDEX blocks writes on "events" (SHARE lock, full scan)`). The
 * safe way goes to the finding's `advice`; the why to the rule's docs.
 */

import type { LockFact } from '../../locks/lockFact';
import { shortBlocking } from '../../locks/lockModes';

/** `(SHARE lock, full scan)`, `(ACCESS EXCLUSIVE lock, rewrites the table)`, `(ACCESS EXCLUSIVE lock)`. */
export function lockInParentheses(lock: Pick<LockFact, 'mode' | 'scan' | 'rewrite'>): string {
  const work = lock.rewrite ? ', rewrites the table' : lock.scan ? ', full scan' : '';
  return `(${lock.mode} lock${work})`;
}

/** `CREATE INDEX blocks writes on "events" (SHARE lock, full scan)`. */
export function blocksMessage(what: string, lock: Pick<LockFact, 'mode' | 'scan' | 'rewrite' | 'relation'>): string {
  return `${what} ${shortBlocking(lock.mode)} on "${lock.relation}" ${lockInParentheses(lock)}`;
}

/** `"a", "b"` or `"a" and 4 more`: names for a one-line message (the advice or the hover can list them all). */
export function quotedList(names: readonly string[], listed = 2): string {
  const quoted = names.map((name) => `"${name}"`);
  return quoted.length <= listed ? quoted.join(', ') : `${quoted[0]} and ${quoted.length - 1} more`;
}
