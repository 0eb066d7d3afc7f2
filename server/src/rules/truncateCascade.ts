import { relationName, type RangeVarNode } from '../sql/astNames';
import type { Rule, RuleFinding } from './rule';
import { fixOf, removeClause } from './support/edits';
import { bodyOf, statementRange, wordRange } from '../sql/statementParts';
import { quotedList } from './support/messages';

/** How many names a message lists in full; beyond, the first and "and N more". */
const LISTED = 2;

/** `TRUNCATE ... CASCADE` also empties every table with a foreign key to the named ones, recursively. */
export const truncateCascade: Rule = {
  id: 'truncate-cascade',
  title: 'TRUNCATE ... CASCADE empties every referencing table too',
  defaultSeverity: 'error',
  counterparts: { squawk: 'ban-truncate-cascade' },
  docs: {
    why:
      'TRUNCATE ... CASCADE empties the named tables and, recursively, every table that has a foreign key to them, under ACCESS ' +
      'EXCLUSIVE on all of them: one statement can wipe most of a database. Name every table to empty explicitly; without ' +
      'CASCADE, TRUNCATE fails when another table references the ones named, which is the safe outcome.',
    bad: 'TRUNCATE tenants CASCADE;',
    good: 'TRUNCATE tenants, events;',
  },
  check(context) {
    return context.statements.flatMap((facts): RuleFinding[] => {
      const body = bodyOf<{ relations?: { RangeVar?: RangeVarNode }[]; behavior?: string }>(facts.statement, 'TruncateStmt');
      if (body?.behavior !== 'DROP_CASCADE') return [];
      const named = (body.relations ?? []).map((entry) => relationName(entry.RangeVar)).filter((name): name is string => name !== undefined);
      const referencing = [...new Set(named.flatMap((name) => context.schemaBefore.foreignKeysTo(name).map((fk) => fk.table)))].filter(
        (table) => !named.includes(table),
      );
      const keyword = wordRange(facts.statement, 'CASCADE', undefined, 'last');
      const range = keyword ?? statementRange(facts.statement);
      return [
        {
          ...range,
          // `TRUNCATE CASCADE also empties tables that reference "tenants", such as "events"`
          message: `TRUNCATE CASCADE also empties tables that reference ${quotedList(named)}${referencing.length > 0 ? `, such as ${quotedList(referencing)}` : ''}`,
          advice:
            'Name every table to empty and drop CASCADE.' +
            (referencing.length > LISTED ? ` Known referencing tables: ${referencing.join(', ')} (and whatever references those).` : ''),
          ...(keyword && !facts.statement.newerSyntax
            ? { fixes: [fixOf('Remove CASCADE (TRUNCATE then fails if other tables reference these)', [removeClause(facts.statement, keyword)])] }
            : {}),
        },
      ];
    });
  },
};
