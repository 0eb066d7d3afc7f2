import { relationName, type RangeVarNode } from '../sql/astNames';
import type { Rule, RuleFinding } from './rule';
import { fixOf, insertAt } from './support/edits';
import { bodyOf, statementRange, wordRange } from '../sql/statementParts';
import { existedBefore } from './support/transactions';

/** `REFRESH MATERIALIZED VIEW` blocks reads of the view for the whole refresh; CONCURRENTLY keeps it readable. */
export const refreshMatviewWithoutConcurrently: Rule = {
  id: 'refresh-matview-without-concurrently',
  title: 'REFRESH MATERIALIZED VIEW without CONCURRENTLY',
  defaultSeverity: 'warning',
  docs: {
    why:
      'REFRESH MATERIALIZED VIEW takes ACCESS EXCLUSIVE on the view for the whole time its query runs: every SELECT from it waits. ' +
      'REFRESH MATERIALIZED VIEW CONCURRENTLY takes EXCLUSIVE instead, so reads continue while it computes and applies the ' +
      'difference. It needs a unique index on the view (without WHERE, on plain columns) and a view that has been populated ' +
      'once; views created earlier in the same migration are exempt.',
    bad: 'REFRESH MATERIALIZED VIEW daily_totals;',
    good: 'REFRESH MATERIALIZED VIEW CONCURRENTLY daily_totals;',
  },
  check(context) {
    return context.statements.flatMap((facts): RuleFinding[] => {
      const body = bodyOf<{ concurrent?: boolean; skipData?: boolean; relation?: RangeVarNode }>(facts.statement, 'RefreshMatViewStmt');
      const view = relationName(body?.relation);
      if (!body || body.concurrent || body.skipData || !view || !existedBefore(facts, view)) return [];
      const keyword = wordRange(facts.statement, 'VIEW');
      return [
        {
          ...statementRange(facts.statement),
          message: `REFRESH MATERIALIZED VIEW blocks reads of "${view}" while its query runs (ACCESS EXCLUSIVE lock)`,
          advice: 'Use REFRESH MATERIALIZED VIEW CONCURRENTLY (it needs a unique index on the view).',
          ...(keyword && !facts.statement.newerSyntax ? { fixes: [fixOf('Refresh CONCURRENTLY', [insertAt(keyword.end, ' CONCURRENTLY')])] } : {}),
        },
      ];
    });
  },
};
