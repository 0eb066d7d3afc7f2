import type { Rule, RuleFinding } from './rule';
import { alterTableParts } from '../sql/statementParts';
import { existedBefore, inReversePart } from './support/transactions';

/** Code that relies on a column never being NULL breaks once NULLs arrive, and NOT NULL is costly to restore. */
export const dropNotNull: Rule = {
  id: 'drop-not-null',
  title: 'NOT NULL dropped from an existing column',
  defaultSeverity: 'warning',
  counterparts: { squawk: 'ban-drop-not-null' },
  docs: {
    why:
      'DROP NOT NULL is instant, but running code that reads the column assumes it is never NULL (non-nullable fields in typed ' +
      'models, NOT IN subqueries, aggregates), and breaks once a NULL is written. Putting NOT NULL back later needs a full scan ' +
      '(or the CHECK-constraint dance). Make the readers NULL-safe first; this is usually the first step of removing a column.',
    bad: 'ALTER TABLE events ALTER COLUMN kind DROP NOT NULL;',
    good: 'CREATE TABLE drafts (kind text NOT NULL);\nALTER TABLE drafts ALTER COLUMN kind DROP NOT NULL;',
  },
  check(context) {
    return context.statements.flatMap((facts): RuleFinding[] => {
      const parts = alterTableParts(facts.statement);
      if (!parts || !existedBefore(facts, parts.table) || inReversePart(facts)) return [];
      return parts.commands
        .filter((command) => command.node.subtype === 'AT_DropNotNull')
        .map((command) => ({
          start: command.start,
          end: command.end,
          message: `DROP NOT NULL on "${parts.table}"."${command.node.name ?? ''}" breaks code that assumes it is never NULL`,
          advice: 'Make every reader of the column NULL-safe before dropping NOT NULL.',
        }));
    });
  },
};
