import type { LockFact } from '../locks/lockFact';
import { lockModesConflict, type LockMode } from '../locks/lockModes';
import { SUGGESTED_LOCK_TIMEOUT } from '../locks/sessionSettings';
import { normaliseName } from '../schema/schemaModel';
import type { Rule, StatementFacts } from './rule';
import { tableLocks } from './support/tableLocks';

/** Modes that, while merely waiting in the lock queue, already stop reads or writes behind them. */
function blocksTrafficWhileQueued(mode: LockMode): boolean {
  return lockModesConflict(mode, 'ROW EXCLUSIVE') || lockModesConflict(mode, 'ACCESS SHARE');
}

function riskyLock(facts: StatementFacts): LockFact | undefined {
  return tableLocks(facts).find((lock) => blocksTrafficWhileQueued(lock.mode) && !facts.tablesCreatedEarlierInFile.has(normaliseName(lock.relation)));
}

/**
 * A statement that needs a write-blocking lock waits behind any long
 * transaction on the table, and while it waits every query behind it waits
 * too. `lock_timeout` bounds that wait.
 */
export const lockTimeoutMissing: Rule = {
  id: 'lock-timeout-missing',
  title: 'Lock-taking statement without lock_timeout',
  defaultSeverity: 'warning',
  counterparts: { squawk: 'require-lock-timeout' },
  docs: {
    why:
      'A statement that needs a lock conflicting with writes (SHARE or stronger) queues behind every transaction already using the ' +
      'table, and every later query on the table queues behind it. One slow report or idle-in-transaction session turns a ' +
      'millisecond ALTER into an outage. SET lock_timeout first so the migration fails fast and can be retried.',
    bad: 'ALTER TABLE events ADD COLUMN tenant_id bigint;',
    good: "SET lock_timeout = '5s';\nALTER TABLE events ADD COLUMN tenant_id bigint;",
  },
  check(context) {
    let timeoutInEffect = false;
    const unprotected: { facts: StatementFacts; lock: LockFact }[] = [];
    for (const facts of context.statements) {
      if (facts.lockTimeoutChange) timeoutInEffect = facts.lockTimeoutChange.kind === 'set';
      const lock = riskyLock(facts);
      if (lock && !timeoutInEffect) unprotected.push({ facts, lock });
    }
    const first = unprotected[0];
    if (!first) return [];
    const more = unprotected.length - 1;
    return [
      {
        start: first.facts.statement.start,
        end: first.facts.statement.end,
        // `This statement takes ACCESS EXCLUSIVE on "events" with no lock_timeout set`
        message: `This statement takes ${first.lock.mode} on "${first.lock.relation}" with no lock_timeout set`,
        advice:
          "Add SET lock_timeout = '5s'; before it." +
          (more === 0
            ? ''
            : more === 1
              ? ' 1 more statement in this file takes such a lock with no lock_timeout set.'
              : ` ${more} more statements in this file take such a lock with no lock_timeout set.`),
        fixes: [
          {
            title: "Set lock_timeout = '5s' before this statement",
            edits: [{ start: first.facts.statement.start, end: first.facts.statement.start, newText: `${SUGGESTED_LOCK_TIMEOUT}\n` }],
          },
        ],
      },
    ];
  },
};
