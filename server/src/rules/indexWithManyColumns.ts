import { relationName, type RangeVarNode } from '../sql/astNames';
import type { Rule, RuleFinding } from './rule';
import { bodyOf, statementRange } from '../sql/statementParts';

/** Non-unique B-tree indexes on more than three columns are large and rarely used beyond their first columns. */
export const indexWithManyColumns: Rule = {
  id: 'index-with-many-columns',
  title: 'Non-unique index on more than three columns',
  defaultSeverity: 'hint',
  counterparts: { strongMigrations: 'add_index_columns' },
  docs: {
    why:
      'A B-tree index helps most through its leading columns; a non-unique index on four or more columns is large, slows every ' +
      'write, and is rarely used beyond its first two or three columns. Start the index with the columns that narrow results ' +
      'the most, and consider INCLUDE for columns only needed to answer the query from the index. Indexes that declare a sort ' +
      'order (DESC, NULLS FIRST) serve an ORDER BY and are not flagged.',
    bad: 'CREATE INDEX CONCURRENTLY events_lookup_idx ON events (tenant_id, kind, region, created_at);',
    good: 'CREATE INDEX CONCURRENTLY events_lookup_idx ON events (tenant_id, created_at) INCLUDE (kind, region);',
  },
  check(context) {
    return context.statements.flatMap((facts): RuleFinding[] => {
      const body = bodyOf<{
        unique?: boolean;
        idxname?: string;
        relation?: RangeVarNode;
        indexParams?: { IndexElem?: { ordering?: string; nulls_ordering?: string } }[];
        accessMethod?: string;
      }>(facts.statement, 'IndexStmt');
      const columns = body?.indexParams?.length ?? 0;
      if (!body || body.unique || columns <= 3 || (body.accessMethod && body.accessMethod !== 'btree')) return [];
      // An explicit ASC/DESC or NULLS order means the index serves an ORDER BY, where every column counts.
      const sortsResults = body.indexParams?.some(
        (param) =>
          (param.IndexElem?.ordering ?? 'SORTBY_DEFAULT') !== 'SORTBY_DEFAULT' ||
          (param.IndexElem?.nulls_ordering ?? 'SORTBY_NULLS_DEFAULT') !== 'SORTBY_NULLS_DEFAULT',
      );
      if (sortsResults) return [];
      const table = relationName(body.relation);
      return [
        {
          ...statementRange(facts.statement),
          message: `Non-unique index ${body.idxname ? `"${body.idxname}" ` : ''}on ${table ? `"${table}"` : 'the table'} has ${columns} columns (large, slows every write)`,
          advice: 'Keep the most selective two or three columns and move the rest to INCLUDE.',
        },
      ];
    });
  },
};
