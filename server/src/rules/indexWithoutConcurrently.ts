import { findKeyword } from '../sql/findKeyword';
import { normaliseName } from '../schema/schemaModel';
import type { Rule, RuleContext, RuleFinding, StatementFacts } from './rule';
import { blocksMessage } from './support/messages';
import { tableLocks } from './support/tableLocks';
import { insertAt } from './support/edits';
import { migrationSlug, outsideTransactionFix } from './support/ownMigration';
import { howToRunOutsideTransaction } from './support/outsideTransaction';

/**
 * `CREATE INDEX` without `CONCURRENTLY` on a table that already exists holds
 * a SHARE lock for the whole build, so every write to the table waits for
 * the build to finish.
 */
export const indexWithoutConcurrently: Rule = {
  id: 'index-without-concurrently',
  title: 'Index built without CONCURRENTLY on an existing table',
  defaultSeverity: 'error',
  counterparts: { squawk: 'require-concurrent-index-creation', strongMigrations: 'add_index' },
  docs: {
    why:
      'CREATE INDEX takes a SHARE lock on the table for the whole build, which blocks INSERT, UPDATE and DELETE until the index is ' +
      'complete: minutes to hours on a big table. CREATE INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE instead, which lets reads ' +
      'and writes continue. It cannot run inside a transaction block, and a failed concurrent build leaves an INVALID index to drop ' +
      'before retrying. Indexes on tables created in the same migration are fine: nobody uses those tables yet.',
    bad: 'CREATE INDEX events_tenant_id_idx ON events (tenant_id);',
    good: 'CREATE INDEX CONCURRENTLY events_tenant_id_idx ON events (tenant_id);',
  },
  check(context) {
    const findings: RuleFinding[] = [];
    for (const facts of context.statements) {
      const finding = checkStatement(facts, context);
      if (finding) findings.push(finding);
    }
    return findings;
  },
};

function checkStatement(facts: StatementFacts, context: RuleContext): RuleFinding | undefined {
  const { statement } = facts;
  if (statement.kind !== 'IndexStmt') return undefined;
  const lock = tableLocks(facts).find((fact) => fact.mode === 'SHARE');
  // No build, no long lock: CREATE INDEX ... ON ONLY a partitioned table creates the parent's (invalid) index alone.
  if (!lock?.scan || facts.tablesCreatedEarlierInFile.has(normaliseName(lock.relation))) return undefined;
  // A partitioned table cannot build an index CONCURRENTLY.
  if (context.schemaBefore.table(lock.relation)?.kind === 'partitioned table') {
    return {
      start: statement.start,
      end: statement.end,
      message: `CREATE INDEX blocks writes on every partition of "${lock.relation}" (SHARE locks, full scans)`,
      advice:
        `CONCURRENTLY is not supported on partitioned tables: CREATE INDEX ... ON ONLY "${lock.relation}", then CREATE INDEX CONCURRENTLY ` +
        'on each partition and ALTER INDEX ... ATTACH PARTITION each one.',
    };
  }
  const indexKeyword = findKeyword(statement.text, 'INDEX');
  const name = (statement.node?.['IndexStmt'] as { idxname?: string } | undefined)?.idxname;
  const fix =
    indexKeyword >= 0 && !statement.newerSyntax
      ? outsideTransactionFix(
          facts,
          context,
          'Build the index CONCURRENTLY',
          [insertAt(statement.start + indexKeyword + 5, ' CONCURRENTLY')],
          migrationSlug('build', name ?? `index_on_${lock.relation}`),
        )
      : undefined;
  return {
    start: statement.start,
    end: statement.end,
    message: blocksMessage('CREATE INDEX', lock),
    advice: `Use CREATE INDEX CONCURRENTLY${facts.inTransaction ? `: ${howToRunOutsideTransaction(facts, context)}` : ' (outside a transaction block)'}.`,
    ...(fix ? { fixes: [fix] } : {}),
  };
}
