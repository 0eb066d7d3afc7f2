import { normaliseName } from '../schema/schemaModel';
import type { Rule, RuleFinding } from './rule';
import { alterTableParts } from '../sql/statementParts';
import { blocksMessage } from './support/messages';
import { existedBefore } from './support/transactions';

/**
 * `ALTER COLUMN ... TYPE` rewrites the table and rebuilds its indexes under
 * ACCESS EXCLUSIVE unless the old type is binary-coercible to the new one
 * (the lock facts say which).
 */
export const changeColumnType: Rule = {
  id: 'change-column-type',
  title: 'Column type change rewrites the table',
  defaultSeverity: 'error',
  counterparts: { squawk: 'changing-column-type', strongMigrations: 'change_column' },
  docs: {
    why:
      'ALTER COLUMN ... TYPE takes ACCESS EXCLUSIVE and, unless the old type is binary-coercible to the new one, rewrites every ' +
      'row and rebuilds every index of the table: no query can use it until that ends. Changes that only relax a limit are ' +
      'free (varchar(n) to varchar(m > n) or text, numeric(p,s) to numeric(p2 > p,s), cidr to inet). Otherwise add a new column, ' +
      'write both, backfill in batches, switch reads, and drop the old column.',
    bad: 'ALTER TABLE events ALTER COLUMN id TYPE bigint;',
    good: 'ALTER TABLE events ADD COLUMN id_new bigint;\n-- write both, backfill in batches, switch reads, then drop the old column',
  },
  check(context) {
    return context.statements.flatMap((facts): RuleFinding[] => {
      const parts = alterTableParts(facts.statement);
      if (!parts || !existedBefore(facts, parts.table)) return [];
      const lock = facts.locks.find((candidate) => candidate.relation === parts.table && (candidate.rewrite || candidate.scan));
      if (!lock) return [];
      return parts.commands.flatMap((command) => {
        const column = command.node.subtype === 'AT_AlterColumnType' ? command.node.name : undefined;
        if (!column) return [];
        const before = facts.columnsBefore.get(`${normaliseName(parts.table)}.${column}`)?.type?.display;
        return [
          {
            start: command.start,
            end: command.end,
            // `Type change of "id" blocks reads and writes on "events" (ACCESS EXCLUSIVE lock, rewrites the table)`
            message: blocksMessage(`Type change of "${column}"`, lock),
            advice: `Leave "${column}"${before ? ` (now ${before})` : ''} as it is and add a new column: write both, backfill in batches, switch reads, then drop the old one.`,
          },
        ];
      });
    });
  },
};
