import type { Rule, RuleFinding } from './rule';
import { bodyOf, statementRange } from '../sql/statementParts';

/** A migration that drops a database deletes everything in it. */
export const dropDatabase: Rule = {
  id: 'drop-database',
  title: 'DROP DATABASE in a migration',
  defaultSeverity: 'error',
  counterparts: { squawk: 'ban-drop-database' },
  docs: {
    why:
      'DROP DATABASE deletes every table, row and object of a database and cannot be undone without a restore. It has no place in ' +
      'a schema migration that runs unattended in every environment; it also cannot run inside a transaction block. Do it by ' +
      'hand, deliberately, with a backup.',
    bad: 'DROP DATABASE analytics;',
    good: '-- dropped by hand after the backup was verified, not in a migration\nSELECT 1;',
  },
  check(context) {
    return context.statements.flatMap((facts): RuleFinding[] => {
      const body = bodyOf<{ dbname?: string }>(facts.statement, 'DropdbStmt');
      if (!body) return [];
      return [
        {
          ...statementRange(facts.statement),
          // `DROP DATABASE "analytics" deletes everything in it wherever this migration runs`
          message: `DROP DATABASE ${body.dbname ? `"${body.dbname}" ` : ''}deletes everything in it wherever this migration runs`,
          advice: 'Do it by hand, with a verified backup, not in a migration.',
        },
      ];
    });
  },
};
