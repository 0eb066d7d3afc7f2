import { relationName, schemaPrefixOf, type RangeVarNode } from '../sql/astNames';
import { quoteQualified } from '../sql/quoteIdentifier';
import type { Rule, RuleFinding } from './rule';
import { fixOf, insertAt, removeClause } from './support/edits';
import { bodyOf, statementRange, wordRange } from '../sql/statementParts';

/**
 * A CREATE INDEX CONCURRENTLY that fails (a deadlock, a duplicate in a
 * unique index, a cancel) leaves an INVALID index behind, which IF NOT
 * EXISTS then accepts: the retry "succeeds" and the table has an index that
 * is maintained on every write and used by no query.
 */
export const concurrentIndexIfNotExists: Rule = {
  id: 'concurrent-index-if-not-exists',
  title: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS accepts an INVALID index',
  defaultSeverity: 'warning',
  docs: {
    why:
      'A CREATE INDEX CONCURRENTLY that fails part way (a deadlock, a duplicate value in a unique index, a statement timeout, a ' +
      'cancelled deploy) does not roll back: it leaves the index in place, marked INVALID. When the migration is retried, IF NOT ' +
      'EXISTS sees that name and succeeds without building anything, and the table keeps an index that every write maintains and ' +
      'no query can use (a unique one enforces nothing). The retry-safe form drops a leftover first: DROP INDEX CONCURRENTLY IF ' +
      'EXISTS, then CREATE INDEX CONCURRENTLY without IF NOT EXISTS.',
    bad: 'CREATE INDEX CONCURRENTLY IF NOT EXISTS events_tenant_id_idx ON events (tenant_id);',
    good: 'DROP INDEX CONCURRENTLY IF EXISTS events_tenant_id_idx;\nCREATE INDEX CONCURRENTLY events_tenant_id_idx ON events (tenant_id);',
  },
  check(context) {
    return context.statements.flatMap((facts): RuleFinding[] => {
      const body = bodyOf<{ concurrent?: boolean; if_not_exists?: boolean; idxname?: string; relation?: RangeVarNode }>(facts.statement, 'IndexStmt');
      if (!body?.concurrent || !body.if_not_exists || !body.idxname) return [];
      const table = relationName(body.relation);
      const name = `${table ? schemaPrefixOf(table) : ''}${body.idxname}`;
      const index = quoteQualified(name);
      const ifNotExists = wordRange(facts.statement, 'IF');
      const exists = wordRange(facts.statement, 'EXISTS');
      const clause = ifNotExists && exists ? { start: ifNotExists.start, end: exists.end } : undefined;
      return [
        {
          ...(clause ?? statementRange(facts.statement)),
          message: `IF NOT EXISTS accepts an INVALID index "${name}" left by a failed CONCURRENTLY build`,
          advice: `Drop a leftover first (DROP INDEX CONCURRENTLY IF EXISTS ${index}), then build it without IF NOT EXISTS.`,
          ...(clause && !facts.statement.newerSyntax
            ? {
                fixes: [
                  fixOf(`Drop a leftover ${index} first, without IF NOT EXISTS`, [
                    insertAt(facts.statement.start, `DROP INDEX CONCURRENTLY IF EXISTS ${index};\n`),
                    removeClause(facts.statement, clause),
                  ]),
                ],
              }
            : {}),
        },
      ];
    });
  },
};
