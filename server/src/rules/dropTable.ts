import { droppedObjectNames } from '../sql/astNames';
import type { Rule, RuleFinding } from './rule';
import { bodyOf, statementRange } from '../sql/statementParts';
import { existedBefore, inReversePart } from './support/transactions';
import { quotedList } from './support/messages';

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
      const them = existing.length === 1 ? 'it' : 'them';
      const keys = referencing.length === 1 ? `"${referencing[0]!.table}"."${referencing[0]!.name}"` : `${referencing.length} foreign keys`;
      // `DROP TABLE "tenants" deletes its data (fails while "events"."events_tenant_id_fkey" references it)`
      const consequence =
        referencing.length === 0
          ? ` and breaks deployed code using ${them}`
          : cascade
            ? ` (CASCADE also drops ${keys})`
            : ` (fails while ${keys} reference${referencing.length === 1 ? 's' : ''} ${them})`;
      return [
        {
          ...statementRange(facts.statement),
          message: `DROP TABLE ${quotedList(existing)} deletes ${existing.length === 1 ? 'its' : 'their'} data${consequence}`,
          advice:
            'Stop using the table in a release first and keep a backup.' +
            (referencing.length > 1 ? ` The foreign keys: ${referencing.map((fk) => `${fk.table}.${fk.name}`).join(', ')}.` : ''),
        },
      ];
    });
  },
};
