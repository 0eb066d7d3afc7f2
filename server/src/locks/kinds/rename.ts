/**
 * ALTER ... RENAME. Renaming a relation, column, constraint, trigger, rule
 * or policy takes ACCESS EXCLUSIVE on the table: queries must not see the
 * old name and the new one at once. Renaming an index takes only SHARE
 * UPDATE EXCLUSIVE on the index from PostgreSQL 12 (when spelled ALTER
 * INDEX), and renaming an index-backed constraint renames its index too.
 */

import { relationName, type RangeVarNode } from '../../sql/astNames';
import type { LockContext, LockFact } from '../lockFact';
import { lockOn, lockOnRangeVar, reachesChildren } from '../lockFactBuilder';
import { constraintOf, descendantsOf } from '../schemaFacts';

type Body = Record<string, unknown>;

const RELATION_RENAMES: Record<string, string> = {
  OBJECT_TABLE: 'RENAME TABLE',
  OBJECT_VIEW: 'RENAME VIEW',
  OBJECT_MATVIEW: 'RENAME MATERIALIZED VIEW',
  OBJECT_FOREIGN_TABLE: 'RENAME FOREIGN TABLE',
};

const RENAMES_ON_TABLE: Record<string, string> = {
  OBJECT_TRIGGER: 'RENAME TRIGGER',
  OBJECT_RULE: 'RENAME RULE',
  OBJECT_POLICY: 'RENAME POLICY',
};

function rename(body: Body, context: LockContext): LockFact[] {
  const relation = body['relation'] as RangeVarNode | undefined;
  const name = relationName(relation);
  if (!name) return [];
  const renameType = body['renameType'] as string | undefined;
  const subname = (body['subname'] as string | undefined) ?? '';
  switch (renameType) {
    case 'OBJECT_INDEX':
      return lockOnRangeVar(
        relation,
        context.pgVersion >= 12 ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE',
        context.pgVersion >= 12 ? 'ALTER INDEX RENAME (queries go on)' : 'ALTER INDEX RENAME',
        { relationKind: 'index' },
      );
    case 'OBJECT_SEQUENCE':
      return lockOnRangeVar(relation, 'ACCESS EXCLUSIVE', 'RENAME SEQUENCE', { relationKind: 'sequence' });
    case 'OBJECT_COLUMN': {
      const facts = lockOnRangeVar(relation, 'ACCESS EXCLUSIVE', `RENAME COLUMN ${subname}`);
      if (reachesChildren(relation)) {
        for (const child of descendantsOf(context, name))
          facts.push(lockOn(child, 'ACCESS EXCLUSIVE', 'RENAME COLUMN renames it in the partitions and children too'));
      }
      return facts;
    }
    case 'OBJECT_TABCONSTRAINT': {
      const facts = lockOnRangeVar(relation, 'ACCESS EXCLUSIVE', `RENAME CONSTRAINT ${subname}`);
      const kind = constraintOf(context, name, subname)?.kind;
      if (kind === 'primary key' || kind === 'unique' || kind === 'exclusion') {
        const indexMode = context.pgVersion >= 12 ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE';
        facts.push(lockOn(subname, indexMode, "RENAME CONSTRAINT renames the constraint's index too", { relationKind: 'index' }));
      }
      return facts;
    }
    default: {
      const what = RELATION_RENAMES[renameType ?? ''] ?? RENAMES_ON_TABLE[renameType ?? ''];
      return what ? lockOnRangeVar(relation, 'ACCESS EXCLUSIVE', what) : [];
    }
  }
}

export const RENAME_LOCKS = { RenameStmt: rename };
