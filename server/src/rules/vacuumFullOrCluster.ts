import { optionOn } from '../sql/statementOptions';
import { relationName, type RangeVarNode } from '../sql/astNames';
import type { Rule, RuleFinding, StatementFacts } from './rule';
import { bodyOf, statementRange } from '../sql/statementParts';
import { existedBefore } from './support/transactions';
import { quotedList } from './support/messages';

interface VacuumBody {
  options?: { DefElem?: { defname?: string; arg?: { String?: { sval?: string }; Integer?: { ival?: number } } } }[];
  rels?: { VacuumRelation?: { relation?: RangeVarNode } }[];
  is_vacuumcmd?: boolean;
}

/** The relations VACUUM FULL or CLUSTER rewrites; [] when none; ['every table'] when none is named. */
function rewrittenRelations(facts: StatementFacts): { command: string; relations: string[] } | undefined {
  const vacuum = bodyOf<VacuumBody>(facts.statement, 'VacuumStmt');
  if (vacuum?.is_vacuumcmd) {
    if (!optionOn(vacuum.options, 'full')) return undefined;
    const relations = (vacuum.rels ?? []).map((rel) => relationName(rel.VacuumRelation?.relation)).filter((name): name is string => name !== undefined);
    return { command: 'VACUUM FULL', relations };
  }
  const cluster = bodyOf<{ relation?: RangeVarNode }>(facts.statement, 'ClusterStmt');
  if (cluster) return { command: 'CLUSTER', relations: [relationName(cluster.relation)].filter((name): name is string => name !== undefined) };
  return undefined;
}

/** VACUUM FULL and CLUSTER rewrite the whole table under ACCESS EXCLUSIVE. */
export const vacuumFullOrCluster: Rule = {
  id: 'vacuum-full-or-cluster',
  title: 'VACUUM FULL or CLUSTER rewrites the table under ACCESS EXCLUSIVE',
  defaultSeverity: 'error',
  counterparts: { squawk: 'prefer-repack' },
  docs: {
    why:
      'VACUUM FULL and CLUSTER copy the whole table and rebuild its indexes while holding ACCESS EXCLUSIVE: no query can read or ' +
      'write it until the copy ends, and the disk needs room for a second copy. Without a table name they do it to every table. ' +
      'Plain VACUUM reclaims space for reuse without blocking; to shrink or reorder a table online use pg_repack or pg_squeeze ' +
      '(or REPACK CONCURRENTLY where the server has it).',
    bad: 'VACUUM FULL events;',
    good: 'VACUUM (ANALYZE) events;',
  },
  check(context) {
    return context.statements.flatMap((facts): RuleFinding[] => {
      const rewritten = rewrittenRelations(facts);
      if (!rewritten) return [];
      const existing = rewritten.relations.filter((name) => existedBefore(facts, name));
      if (rewritten.relations.length > 0 && existing.length === 0) return [];
      // `VACUUM FULL rewrites "events", blocking reads and writes (ACCESS EXCLUSIVE lock)`
      // Without a name, VACUUM FULL processes every table; CLUSTER every table clustered before.
      const what = existing.length > 0 ? quotedList(existing) : rewritten.command === 'CLUSTER' ? 'every clustered table' : 'every table';
      return [
        {
          ...statementRange(facts.statement),
          message: `${rewritten.command} rewrites ${what}, blocking reads and writes (ACCESS EXCLUSIVE lock)`,
          advice: 'Use plain VACUUM, or pg_repack / pg_squeeze to rewrite online.',
        },
      ];
    });
  },
};
