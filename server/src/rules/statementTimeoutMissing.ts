import { timeoutChangeOf } from '../locks/sessionSettings';
import { normaliseName } from '../schema/schemaModel';
import type { Rule, RuleFinding, StatementFacts } from './rule';
import { fixOf, insertAt } from './support/edits';
import { statementRange } from '../sql/statementParts';
import { tableLocks } from './support/tableLocks';

/** The existing table a statement scans or rewrites under a lock, if any. */
function longUnderLock(facts: StatementFacts): { relation: string; mode: string; how: string } | undefined {
  const lock = tableLocks(facts).find(
    (fact) => (fact.scan || fact.rewrite) && !facts.tablesCreatedEarlierInFile.has(normaliseName(fact.relation)) && fact.mode !== 'ACCESS SHARE',
  );
  return lock ? { relation: lock.relation, mode: lock.mode, how: lock.rewrite ? 'rewrites' : 'scans' } : undefined;
}

/**
 * Opt-in: a statement that scans or rewrites an existing table under a lock
 * runs as long as the table is big; statement_timeout caps how long the
 * lock can be held before the migration gives up.
 */
export const statementTimeoutMissing: Rule = {
  id: 'statement-timeout-missing',
  title: 'Scan or rewrite under a lock without statement_timeout (opt-in)',
  defaultSeverity: 'off',
  counterparts: { squawk: 'require-statement-timeout, require-timeout-settings' },
  docs: {
    why:
      'A statement that scans or rewrites a table while holding a lock (a validation, a type change, SET NOT NULL, an index build) ' +
      'takes as long as the table is big, and its lock is held all that time. statement_timeout caps it: past the limit the ' +
      'statement fails and the lock is released, instead of an outage that lasts as long as the table takes. Off by default, ' +
      'because the cap also aborts the long work some migrations are meant to do: turn it on for projects that want every ' +
      'migration bounded ("rules": {"statement-timeout-missing": "warning"}).',
    bad: 'ALTER TABLE events VALIDATE CONSTRAINT events_tenant_fk;',
    good: "SET statement_timeout = '5min';\nALTER TABLE events VALIDATE CONSTRAINT events_tenant_fk;",
  },
  check(context) {
    let capped = false;
    let reported = false;
    return context.statements.flatMap((facts): RuleFinding[] => {
      const change = timeoutChangeOf(facts.statement, 'statement_timeout');
      if (change) capped = change.kind === 'set';
      const long = capped || reported ? undefined : longUnderLock(facts);
      if (!long) return [];
      // One finding per file: one SET at the top covers the rest.
      reported = true;
      return [
        {
          ...statementRange(facts.statement),
          // `This scans "events" under ACCESS EXCLUSIVE with no statement_timeout set before it`
          message: `This ${long.how} "${long.relation}" under ${long.mode} with no statement_timeout set before it`,
          advice: "Add SET statement_timeout = '5min'; before it: past the limit the statement fails and releases its lock.",
          ...(!facts.statement.newerSyntax
            ? { fixes: [fixOf("Add SET statement_timeout = '5min' before it", [insertAt(facts.statement.start, "SET statement_timeout = '5min';\n")])] }
            : {}),
        },
      ];
    });
  },
};
