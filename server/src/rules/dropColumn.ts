import type { Rule, RuleFinding, StatementFacts } from './rule';
import { alterTableParts } from '../sql/statementParts';
import { existedBefore, inReversePart } from './support/transactions';

/** Dropping a column breaks every deployed query, insert and ORM model that still names it. */
export const dropColumn: Rule = {
  id: 'drop-column',
  title: 'Column dropped while deployed code may still use it',
  defaultSeverity: 'warning',
  counterparts: { squawk: 'ban-drop-column', strongMigrations: 'remove_column' },
  docs: {
    why:
      'DROP COLUMN itself is quick (a catalog change under a brief ACCESS EXCLUSIVE lock; the space is reclaimed later), but every ' +
      'query, INSERT and ORM model of the running application that still names the column fails the moment it commits, and ' +
      "ORMs that cache a table's columns (Active Record, Django) fail even on SELECT *. Deploy code that no longer reads or writes " +
      'the column first (ignore it in the ORM), then drop it in a later release; the drop cannot be undone without a restore.',
    bad: 'ALTER TABLE events DROP COLUMN legacy_payload;',
    good: '-- after the release that stopped using events.legacy_payload:\n-- fearless-ignore drop-column\nALTER TABLE events DROP COLUMN legacy_payload;',
  },
  check(context) {
    return context.statements.flatMap((facts: StatementFacts): RuleFinding[] => {
      const parts = alterTableParts(facts.statement);
      if (!parts || !existedBefore(facts, parts.table) || inReversePart(facts)) return [];
      return parts.commands
        .filter((command) => command.node.subtype === 'AT_DropColumn' && command.node.name)
        .map((command) => ({
          start: command.start,
          end: command.end,
          // `DROP COLUMN "events"."legacy" breaks deployed code that still uses it`
          message: `DROP COLUMN "${parts.table}"."${command.node.name!}" breaks deployed code that still uses it`,
          advice: 'Ship code that no longer uses the column first, then drop it in a later migration (and keep a backup: it cannot be undone).',
        }));
    });
  },
};
