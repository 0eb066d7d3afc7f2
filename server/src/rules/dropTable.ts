import { droppedObjectNames } from '../sql/astNames';
import type { Rule, RuleFinding } from './rule';
import { bodyOf, statementRange } from '../sql/statementParts';
import { existedBefore, inReversePart } from './support/transactions';

/** Dropping a table breaks the code still using it and cannot be undone without a restore. */
export const dropTable: Rule = {
  id: 'drop-table',
  title: 'Table dropped while deployed code may still use it',
  defaultSeverity: 'warning',
  counterparts: { squawk: 'ban-drop-table' },
  docs: {
    why:
      'DROP TABLE takes ACCESS EXCLUSIVE on the table (and on tables whose foreign keys reference it, or are referenced by it), ' +
      'deletes its data for good, and every deployed query that still names it fails. Stop using the table in a release first, ' +
      'consider renaming it aside for a while, and keep a backup. Tables created earlier in the same migration are exempt.',
    bad: 'DROP TABLE legacy_events;',
    good: 'CREATE TABLE scratch (id bigint);\nDROP TABLE scratch;',
  },
  check(context) {
    return context.statements.flatMap((facts): RuleFinding[] => {
      const body = bodyOf<{ removeType?: string; objects?: unknown[]; behavior?: string }>(facts.statement, 'DropStmt');
      if (body?.removeType !== 'OBJECT_TABLE' || inReversePart(facts)) return [];
      const existing = droppedObjectNames(body.objects).filter((name) => existedBefore(facts, name));
      if (existing.length === 0) return [];
      const referencing = existing.flatMap((name) => context.schemaBefore.foreignKeysTo(name).filter((fk) => !existing.includes(fk.table)));
      const cascade = body.behavior === 'DROP_CASCADE';
      const note =
        referencing.length === 0
          ? ''
          : cascade
            ? ` CASCADE also drops the foreign keys ${referencing.map((fk) => `${fk.table}.${fk.name}`).join(', ')}.`
            : ` It fails while ${referencing.map((fk) => `${fk.table}.${fk.name}`).join(', ')} still reference${referencing.length === 1 ? 's' : ''} it.`;
      return [
        {
          ...statementRange(facts.statement),
          message:
            `DROP TABLE ${existing.map((name) => `"${name}"`).join(', ')} deletes the data for good and breaks every deployed query that still uses it.${note} ` +
            `Stop using the table in a release first and keep a backup.`,
        },
      ];
    });
  },
};
