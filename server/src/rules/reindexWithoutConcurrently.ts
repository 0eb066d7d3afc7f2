import { optionOn } from '../sql/statementOptions';
import { relationName, type RangeVarNode } from '../sql/astNames';
import type { Rule, RuleFinding } from './rule';
import { insertAt, replaceRange } from './support/edits';
import { migrationSlug, outsideTransactionFix } from './support/ownMigration';
import { bodyOf, statementRange, tokensOf, wordRange } from '../sql/statementParts';
import { existedBefore } from './support/transactions';

interface ReindexBody {
  kind?: string;
  relation?: RangeVarNode;
  name?: string;
  params?: { DefElem?: { defname?: string } }[];
}

const TARGET_WORD: Record<string, string> = {
  REINDEX_OBJECT_INDEX: 'INDEX',
  REINDEX_OBJECT_TABLE: 'TABLE',
  REINDEX_OBJECT_SCHEMA: 'SCHEMA',
  REINDEX_OBJECT_DATABASE: 'DATABASE',
};

/** `REINDEX` blocks writes to the table (and reads through the index) for the whole rebuild; PostgreSQL 12+ can rebuild CONCURRENTLY. */
export const reindexWithoutConcurrently: Rule = {
  id: 'reindex-without-concurrently',
  title: 'REINDEX without CONCURRENTLY',
  defaultSeverity: 'error',
  counterparts: { squawk: 'require-concurrent-reindex' },
  docs: {
    why:
      'REINDEX takes SHARE on the table (writes wait) and ACCESS EXCLUSIVE on each index (queries that would use it wait) for the ' +
      'whole rebuild. From PostgreSQL 12, REINDEX ... CONCURRENTLY builds a new index next to the old one and swaps them while ' +
      'reads and writes continue. It cannot run in a transaction block, and a failed run leaves an INVALID _ccnew index to drop.',
    bad: 'REINDEX INDEX events_kind_idx;',
    good: 'REINDEX INDEX CONCURRENTLY events_kind_idx;',
  },
  check(context) {
    if (context.pgVersion < 12) return [];
    // Indexes built earlier in this file: nothing uses them yet.
    const builtHere = new Set<string>();
    return context.statements.flatMap((facts): RuleFinding[] => {
      const built = bodyOf<{ idxname?: string }>(facts.statement, 'IndexStmt')?.idxname;
      if (built) builtHere.add(built);
      const body = bodyOf<ReindexBody>(facts.statement, 'ReindexStmt');
      const word = body?.kind ? TARGET_WORD[body.kind] : undefined;
      if (!body || !word || optionOn(body.params, 'concurrently')) return [];
      const target = relationName(body.relation) ?? body.name ?? '';
      const table =
        body.kind === 'REINDEX_OBJECT_TABLE' ? target : body.kind === 'REINDEX_OBJECT_INDEX' ? context.schemaBefore.index(target)?.table : undefined;
      if (body.kind === 'REINDEX_OBJECT_INDEX' && builtHere.has(target)) return [];
      if (table && !existedBefore(facts, table)) return [];
      const keyword = wordRange(facts.statement, word);
      // `REINDEX (CONCURRENTLY false)`: the option is already written, so its value is what changes.
      const writtenOff = (body.params ?? []).some((param) => param.DefElem?.defname === 'concurrently');
      const value = writtenOff ? wordRange(facts.statement, 'CONCURRENTLY') : undefined;
      const off = value ? tokensOf(facts.statement).find((token) => facts.statement.start + token.start >= value.end) : undefined;
      const edit = writtenOff
        ? off && /^(false|off|0|no)$/i.test(off.text)
          ? replaceRange({ start: facts.statement.start + off.start, end: facts.statement.start + off.end }, 'true')
          : undefined
        : keyword
          ? insertAt(keyword.end, ' CONCURRENTLY')
          : undefined;
      const fix =
        edit && !facts.statement.newerSyntax
          ? outsideTransactionFix(facts, context, 'Rebuild CONCURRENTLY', [edit], migrationSlug('reindex', target))
          : undefined;
      return [
        {
          ...statementRange(facts.statement),
          message:
            `REINDEX ${word} "${target}" blocks writes on ${table ? `"${table}"` : word === 'INDEX' ? 'its table' : 'its tables'} ` +
            `and reads that use ${word === 'INDEX' ? 'the index' : 'its indexes'}`,
          advice: `Use REINDEX ${word} CONCURRENTLY (PostgreSQL 12+, outside a transaction block).`,
          ...(fix ? { fixes: [fix] } : {}),
        },
      ];
    });
  },
};
