import type { Rule, RuleFinding, StatementFacts } from './rule';
import { statementRange, tokenRange } from '../sql/statementParts';

interface Target {
  ResTarget?: { name?: string; indirection?: unknown[]; location?: number };
}

/** The column lists a statement assigns (UPDATE's SET, INSERT's columns, ON CONFLICT DO UPDATE's SET), with the words the message says. */
function assignmentLists(facts: StatementFacts): { what: string; targets: Target[] }[] {
  // biome-ignore lint/suspicious/noExplicitAny: a walk over the parser's JSON reads fields of any node, checked as it goes
  const node = facts.statement.node as Record<string, Record<string, any> | undefined> | undefined;
  const update = node?.['UpdateStmt'];
  if (update) return [{ what: 'UPDATE sets', targets: update['targetList'] ?? [] }];
  const insert = node?.['InsertStmt'];
  if (!insert) return [];
  const lists = [{ what: 'INSERT lists', targets: (insert['cols'] ?? []) as Target[] }];
  const onConflict = insert['onConflictClause']?.OnConflictClause?.targetList ?? insert['onConflictClause']?.targetList;
  if (onConflict) lists.push({ what: 'ON CONFLICT DO UPDATE sets', targets: onConflict });
  return lists;
}

/**
 * The same column twice in one SET or INSERT column list: PostgreSQL
 * refuses the statement ("multiple assignments to same column", "column
 * specified more than once"), so the migration fails where it stands.
 */
export const duplicateColumnAssignment: Rule = {
  id: 'duplicate-column-assignment',
  title: 'The same column assigned twice in one UPDATE or INSERT',
  defaultSeverity: 'error',
  docs: {
    why:
      'An UPDATE that sets a column twice fails with "multiple assignments to same column", and an INSERT that lists a column ' +
      'twice with "column specified more than once": the migration stops there every time. It usually comes from a merge or a ' +
      'copy-paste; keep the assignment you meant. (Different array elements or fields of a composite column may be set ' +
      'separately: a[1] and a[2] are not a repeat.)',
    bad: "UPDATE events SET region = 'eu', status = 'new', region = 'us' WHERE id = 1;",
    good: "UPDATE events SET region = 'us', status = 'new' WHERE id = 1;",
  },
  check(context) {
    return context.statements.flatMap((facts): RuleFinding[] =>
      assignmentLists(facts).flatMap(({ what, targets }) => {
        const seen = new Set<string>();
        const findings: RuleFinding[] = [];
        for (const target of targets) {
          const name = target.ResTarget?.name;
          // a[1] = x, a[2] = y and composite fields assign different parts of one column.
          if (!name || (target.ResTarget?.indirection?.length ?? 0) > 0) continue;
          if (seen.has(name)) {
            findings.push({
              ...(tokenRange(facts.statement, target.ResTarget?.location) ?? statementRange(facts.statement)),
              // `UPDATE sets column "region" twice, which PostgreSQL refuses`
              message: `${what} column "${name}" twice, which PostgreSQL refuses`,
              advice: 'Keep the one assignment you meant.',
            });
          }
          seen.add(name);
        }
        return findings;
      }),
    );
  },
};
