import { describeBlocking } from '../locks/lockModes';
import { findKeyword } from '../sql/findKeyword';
import { normaliseName } from '../migrations/schemaModel';
import type { Rule, RuleFinding, StatementFacts } from './rule';

/**
 * `CREATE INDEX` without `CONCURRENTLY` on a table that already exists holds
 * a SHARE lock for the whole build, so every write to the table waits for
 * the build to finish.
 */
export const indexWithoutConcurrently: Rule = {
  id: 'index-without-concurrently',
  title: 'Index built without CONCURRENTLY on an existing table',
  defaultSeverity: 'error',
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
      const finding = checkStatement(facts);
      if (finding) findings.push(finding);
    }
    return findings;
  },
};

function checkStatement(facts: StatementFacts): RuleFinding | undefined {
  const { statement } = facts;
  if (statement.kind !== 'IndexStmt') return undefined;
  const lock = facts.locks.find((fact) => fact.mode === 'SHARE');
  if (!lock || facts.tablesCreatedEarlierInFile.has(normaliseName(lock.relation))) return undefined;
  const indexKeyword = findKeyword(statement.text, 'INDEX');
  return {
    start: statement.start,
    end: statement.end,
    message:
      `CREATE INDEX without CONCURRENTLY holds a SHARE lock on "${lock.relation}" for the whole index build: ` +
      `it ${describeBlocking('SHARE')}. Use CREATE INDEX CONCURRENTLY (outside a transaction block).`,
    ...(indexKeyword >= 0
      ? {
          fixes: [
            {
              title: 'Build the index CONCURRENTLY',
              edits: [{ start: statement.start + indexKeyword + 5, end: statement.start + indexKeyword + 5, newText: ' CONCURRENTLY' }],
            },
          ],
        }
      : {}),
  };
}
