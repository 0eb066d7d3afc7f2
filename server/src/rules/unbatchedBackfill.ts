import type { Rule, RuleFinding } from './rule';
import { backfillOf } from './support/backfills';
import { statementRange } from '../sql/statementParts';
import { existedBefore } from './support/transactions';

/** One UPDATE or DELETE over a whole existing table: row locks on every row, one huge transaction, bloat and replication lag. */
export const unbatchedBackfill: Rule = {
  id: 'unbatched-backfill',
  title: 'UPDATE or DELETE of a whole existing table in one statement',
  defaultSeverity: 'warning',
  docs: {
    why:
      'An UPDATE or DELETE without a WHERE (or with only WHERE col IS NULL on the column it sets) touches every row in one ' +
      'transaction: it holds a row lock on each until commit, so application writes to those rows wait; it writes a new version ' +
      'of every row (table and index bloat, a burst of WAL and replication lag); and it cannot be stopped half-way without ' +
      'losing all of it. Backfill in batches of a few thousand rows, each in its own transaction, from a job or script.',
    bad: "UPDATE events SET region = 'eu';",
    good: "UPDATE events SET region = 'eu' WHERE id IN (SELECT id FROM events WHERE region IS NULL ORDER BY id LIMIT 5000);",
  },
  check(context) {
    return context.statements.flatMap((facts): RuleFinding[] => {
      const backfill = backfillOf(facts.statement);
      if (!backfill?.wholeTable || !existedBefore(facts, backfill.table)) return [];
      return [
        {
          ...statementRange(facts.statement),
          // `This UPDATE touches every row of "events" in one transaction, locking each until commit`
          message: `This ${backfill.verb} touches every row of "${backfill.table}" in one transaction, locking each until commit`,
          advice: 'Backfill in batches (e.g. WHERE id IN (SELECT id ... LIMIT 5000)), each its own transaction.',
        },
      ];
    });
  },
};
