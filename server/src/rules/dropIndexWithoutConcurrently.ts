import { normaliseName } from '../schema/schemaModel';
import { droppedObjectNames, type RangeVarNode } from '../sql/astNames';
import type { Rule, RuleContext, RuleFinding, StatementFacts } from './rule';
import { fixOf, insertAt } from './support/edits';
import { bodyOf, statementRange, wordRange } from '../sql/statementParts';
import { existedBefore } from './support/transactions';
import { tableLocks } from './support/tableLocks';

/** The name an index built by this statement gets, when it is a named CREATE INDEX. */
function indexBuiltBy(facts: StatementFacts): string | undefined {
  const body = bodyOf<{ idxname?: string; relation?: RangeVarNode }>(facts.statement, 'IndexStmt');
  if (!body?.idxname) return undefined;
  return normaliseName(body.relation?.schemaname ? `${body.relation.schemaname}.${body.idxname}` : body.idxname);
}

/** The table an index belongs to: from the lock facts when they name it, else from the schema before the file. */
function tableOf(facts: StatementFacts, context: RuleContext, index: string, indexes: string[]): string | undefined {
  const locked = tableLocks(facts).find((lock) => lock.mode === 'ACCESS EXCLUSIVE' && !indexes.includes(lock.relation));
  return locked?.relation ?? context.schemaBefore.index(index)?.table;
}

/** `DROP INDEX` takes ACCESS EXCLUSIVE on the index's table; `DROP INDEX CONCURRENTLY` waits for queries instead. */
export const dropIndexWithoutConcurrently: Rule = {
  id: 'drop-index-without-concurrently',
  title: 'Index dropped without CONCURRENTLY',
  defaultSeverity: 'warning',
  counterparts: { squawk: 'require-concurrent-index-deletion', strongMigrations: 'remove_index' },
  docs: {
    why:
      "DROP INDEX takes ACCESS EXCLUSIVE on the index's table. The drop itself is quick, but the lock must wait for every running " +
      'query on the table, and every query that arrives meanwhile queues behind it: a long report turns it into an outage. DROP ' +
      'INDEX CONCURRENTLY waits for those queries without blocking anyone (it cannot run in a transaction block, and drops one ' +
      'index at a time, without CASCADE).',
    bad: 'DROP INDEX events_kind_idx;',
    good: 'DROP INDEX CONCURRENTLY events_kind_idx;',
  },
  check(context) {
    // Indexes built earlier in this file: nothing depends on them yet.
    const createdHere = new Set<string>();
    return context.statements.flatMap((facts): RuleFinding[] => {
      const built = indexBuiltBy(facts);
      if (built) createdHere.add(built);
      const body = bodyOf<{ removeType?: string; objects?: unknown[]; concurrent?: boolean; behavior?: string }>(facts.statement, 'DropStmt');
      if (body?.removeType !== 'OBJECT_INDEX' || body.concurrent) return [];
      const names = droppedObjectNames(body.objects);
      const existing = names.filter((name) => {
        if (createdHere.has(normaliseName(name))) return false;
        const table = tableOf(facts, context, name, names);
        return table === undefined || existedBefore(facts, table);
      });
      if (existing.length === 0) return [];
      const tables = [...new Set(existing.map((name) => tableOf(facts, context, name, names)).filter((table): table is string => table !== undefined))];
      const on = tables.length > 0 ? `on ${tables.map((table) => `"${table}"`).join(', ')}` : "on the index's table";
      const keyword = wordRange(facts.statement, 'INDEX');
      const canFix = names.length === 1 && body.behavior !== 'DROP_CASCADE' && keyword && !facts.statement.newerSyntax;
      return [
        {
          ...statementRange(facts.statement),
          message:
            `DROP INDEX ${existing.join(', ')} takes ACCESS EXCLUSIVE ${on}: while it waits for running queries, every read and write queues behind it. ` +
            `Use DROP INDEX CONCURRENTLY (one index per statement, outside a transaction block).`,
          ...(canFix ? { fixes: [fixOf('Drop the index CONCURRENTLY', [insertAt(keyword.end, ' CONCURRENTLY')])] } : {}),
        },
      ];
    });
  },
};
