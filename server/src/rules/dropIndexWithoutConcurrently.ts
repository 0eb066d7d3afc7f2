import { normaliseName } from '../schema/schemaModel';
import { droppedObjectNames, type RangeVarNode } from '../sql/astNames';
import type { Rule, RuleContext, RuleFinding, StatementFacts } from './rule';
import { insertAt } from './support/edits';
import { migrationSlug, outsideTransactionFix } from './support/ownMigration';
import { bodyOf, statementRange, wordRange } from '../sql/statementParts';
import { existedBefore } from './support/transactions';
import { tableLocks } from './support/tableLocks';
import { shortBlocking } from '../locks/lockModes';
import { lockInParentheses } from './support/messages';

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

/** The lock a plain DROP INDEX takes on the index's table: brief, but every query queues behind it while it waits. */
const LOCK = { mode: 'ACCESS EXCLUSIVE', scan: false, rewrite: false } as const;

/** `"a"`, `"a" and "b"`, `"a" and 3 more`: a list that keeps the message one short line. */
function listed(names: readonly string[]): string {
  if (names.length <= 2) return names.map((name) => `"${name}"`).join(' and ');
  return `"${names[0]}" and ${names.length - 1} more`;
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
      const on =
        tables.length > 2
          ? `on ${tables.length} tables`
          : tables.length > 0
            ? `on ${listed(tables)}`
            : existing.length > 1
              ? 'on their tables'
              : "on the index's table";
      const keyword = wordRange(facts.statement, 'INDEX');
      const canFix = names.length === 1 && body.behavior !== 'DROP_CASCADE' && keyword && !facts.statement.newerSyntax;
      const fix = canFix
        ? outsideTransactionFix(facts, context, 'Drop the index CONCURRENTLY', [insertAt(keyword.end, ' CONCURRENTLY')], migrationSlug('drop', names[0]!))
        : undefined;
      return [
        {
          ...statementRange(facts.statement),
          message: `DROP INDEX ${listed(existing)} ${shortBlocking(LOCK.mode)} ${on} ${lockInParentheses(LOCK)}`,
          advice:
            existing.length > 1
              ? `Use DROP INDEX CONCURRENTLY, one statement for each of the ${existing.length} indexes, outside a transaction block.`
              : 'Use DROP INDEX CONCURRENTLY (one index per statement, outside a transaction block).',
          ...(fix ? { fixes: [fix] } : {}),
        },
      ];
    });
  },
};
