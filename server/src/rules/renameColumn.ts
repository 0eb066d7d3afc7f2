import type { Rule, RuleFinding } from './rule';
import { bodyOf, statementRange } from '../sql/statementParts';
import { existedBefore, inReversePart } from './support/transactions';
import type { RangeVarNode } from '../sql/astNames';
import { relationName } from '../sql/astNames';

/** Renaming a column breaks every deployed query that uses the old name, at the moment the migration commits. */
export const renameColumn: Rule = {
  id: 'rename-column',
  title: 'Column renamed while deployed code uses the old name',
  defaultSeverity: 'error',
  counterparts: { squawk: 'renaming-column', strongMigrations: 'rename_column' },
  docs: {
    why:
      'RENAME COLUMN is instant, but the application version that is running when it commits still uses the old name, and every ' +
      'one of its queries on that column fails until the new version is fully deployed (and the other way round if the ' +
      'migration runs after the deploy). Add the new column, write both, backfill, move reads, stop writing the old one, then ' +
      'drop it; or keep the old name.',
    bad: 'ALTER TABLE events RENAME COLUMN kind TO event_kind;',
    good: 'ALTER TABLE events ADD COLUMN event_kind text;\n-- write both, backfill, switch reads, then drop kind in later releases',
  },
  check(context) {
    return context.statements.flatMap((facts): RuleFinding[] => {
      const body = bodyOf<{ renameType?: string; relation?: RangeVarNode; subname?: string; newname?: string }>(facts.statement, 'RenameStmt');
      const table = relationName(body?.relation);
      if (body?.renameType !== 'OBJECT_COLUMN' || !table || !body.subname || !existedBefore(facts, table) || inReversePart(facts)) return [];
      // A column added earlier in this migration (its table known from history, the column not) is used by no code yet.
      const known = context.schemaBefore.table(table);
      if (known && !known.columns.some((column) => column.name === body.subname)) return [];
      return [
        {
          ...statementRange(facts.statement),
          // `Renaming "events"."kind" to "event_kind" breaks deployed code using the old name`
          message: `Renaming "${table}"."${body.subname}" to "${body.newname ?? ''}" breaks deployed code using the old name`,
          advice: 'Add the new column, write both, backfill, switch reads, then drop the old one in a later release.',
        },
      ];
    });
  },
};
