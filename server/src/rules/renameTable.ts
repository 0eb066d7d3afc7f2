import type { RangeVarNode } from '../sql/astNames';
import { relationName } from '../sql/astNames';
import type { Rule, RuleFinding, StatementFacts } from './rule';
import { bodyOf, statementRange } from '../sql/statementParts';
import { existedBefore, inReversePart } from './support/transactions';

/** Renaming a table breaks every deployed query that uses the old name, at the moment the migration commits. */
export const renameTable: Rule = {
  id: 'rename-table',
  title: 'Table renamed while deployed code uses the old name',
  defaultSeverity: 'error',
  counterparts: { squawk: 'renaming-table', strongMigrations: 'rename_table' },
  docs: {
    why:
      'RENAME TO is instant, but the application version that is running when it commits still uses the old name, and all its ' +
      'queries on the table fail until the new version is deployed. A transition that keeps both names working: rename the ' +
      'table and, in the same transaction, CREATE VIEW old_name AS SELECT * FROM new_name (a simple view is updatable), then ' +
      'drop the view once no code uses the old name. Or create a new table, write both, backfill and switch.',
    bad: 'ALTER TABLE events RENAME TO activity_events;',
    good: 'CREATE TABLE staging_events (id bigint);\nALTER TABLE staging_events RENAME TO activity_events;',
  },
  check(context) {
    const lastViewAt = lastViewDefinitions(context.statements);
    return context.statements.flatMap((facts, index): RuleFinding[] => {
      const body = bodyOf<{ renameType?: string; relation?: RangeVarNode; newname?: string }>(facts.statement, 'RenameStmt');
      const table = relationName(body?.relation);
      if (body?.renameType !== 'OBJECT_TABLE' || !table || !existedBefore(facts, table) || inReversePart(facts)) return [];
      // A view with the old name created later in the migration keeps old code working.
      if ((lastViewAt.get(viewKey(body.relation!)) ?? -1) > index) return [];
      return [
        {
          ...statementRange(facts.statement),
          // `Renaming "events" to "activity" breaks deployed code using the old name`
          message: `Renaming "${table}" to "${body.newname ?? ''}" breaks deployed code using the old name`,
          advice:
            `Keep the old name working with CREATE VIEW ${body.relation!.relname} AS SELECT * FROM ${body.newname ?? 'the new name'} in the same transaction, ` +
            `and drop the view once no code uses it.`,
        },
      ];
    });
  },
};

function viewKey(relation: { schemaname?: string; relname?: string }): string {
  return `${relation.schemaname ?? 'public'}.${relation.relname ?? ''}`;
}

/** Per view name, the index of the last statement that (re)creates it. */
function lastViewDefinitions(statements: StatementFacts[]): Map<string, number> {
  const last = new Map<string, number>();
  statements.forEach(({ statement }, index) => {
    const view = statement.kind === 'ViewStmt' ? statement.leadingRelation() : undefined;
    if (view) last.set(viewKey(view), index);
  });
  return last;
}
