/**
 * Per statement kind, the relation locks the statement takes. Facts only:
 * whether a lock is a problem is for the rules to decide.
 */

import type { ParsedStatement } from '../sql/parseSql';
import { relationName, type RangeVarNode } from '../sql/astNames';
import { alterTableCommandLocks, type AlterTableCmdNode } from './alterTableLocks';
import type { LockContext, LockFact } from './lockFact';
import { LOCK_MODES, strongerLock, type LockMode } from './lockModes';

type LocksOfKind = (body: Record<string, unknown>, context: LockContext) => LockFact[];

function fact(relation: RangeVarNode | undefined, mode: LockMode, reason: string, effects: { rewrite?: boolean; scan?: boolean } = {}): LockFact[] {
  const name = relationName(relation);
  if (!name) return [];
  return [
    {
      relation: name,
      mode,
      rewrite: effects.rewrite ?? false,
      scan: effects.scan ?? false,
      reason,
      ...(relation?.location === undefined ? {} : { byteLocation: relation.location }),
    },
  ];
}

interface ConstraintLike {
  contype?: string;
  pktable?: RangeVarNode;
}

/** Foreign keys declared in CREATE TABLE lock the tables they reference. */
function referencedTables(tableElements: unknown[] | undefined): RangeVarNode[] {
  const referenced: RangeVarNode[] = [];
  for (const element of tableElements ?? []) {
    const entry = element as { Constraint?: ConstraintLike; ColumnDef?: { constraints?: { Constraint?: ConstraintLike }[] } };
    const constraints = entry.Constraint ? [entry.Constraint] : (entry.ColumnDef?.constraints ?? []).map((c) => c.Constraint ?? {});
    for (const constraint of constraints) {
      if (constraint.contype === 'CONSTR_FOREIGN' && constraint.pktable) referenced.push(constraint.pktable);
    }
  }
  return referenced;
}

const LOCKS_BY_KIND: Record<string, LocksOfKind> = {
  IndexStmt: (body) => {
    const concurrent = body['concurrent'] === true;
    return fact(
      body['relation'] as RangeVarNode,
      concurrent ? 'SHARE UPDATE EXCLUSIVE' : 'SHARE',
      concurrent ? 'CREATE INDEX CONCURRENTLY builds the index while writes continue' : 'CREATE INDEX builds the index while writes wait',
      { scan: true },
    );
  },

  AlterTableStmt: (body, context) => {
    const relation = body['relation'] as RangeVarNode | undefined;
    const table = relationName(relation);
    if (!table) return [];
    const commands = (body['cmds'] as { AlterTableCmd?: AlterTableCmdNode }[] | undefined) ?? [];
    return commands.flatMap((entry) => alterTableCommandLocks(table, relation?.location, entry.AlterTableCmd ?? {}, context));
  },

  CreateStmt: (body) =>
    referencedTables(body['tableElts'] as unknown[] | undefined).flatMap((referenced) =>
      fact(referenced, 'SHARE ROW EXCLUSIVE', 'CREATE TABLE with a FOREIGN KEY adds triggers to the referenced table'),
    ),

  DropStmt: (body) => {
    if (body['removeType'] !== 'OBJECT_TABLE') return [];
    const objects = (body['objects'] as { List?: { items?: { String?: { sval?: string } }[] } }[] | undefined) ?? [];
    return objects.flatMap((object) => {
      const parts = (object.List?.items ?? []).map((item) => item.String?.sval ?? '');
      const relname = parts.at(-1);
      if (!relname) return [];
      const relation: RangeVarNode = parts.length > 1 ? { schemaname: parts.at(-2)!, relname } : { relname };
      return fact(relation, 'ACCESS EXCLUSIVE', 'DROP TABLE');
    });
  },

  TruncateStmt: (body) =>
    ((body['relations'] as { RangeVar?: RangeVarNode }[] | undefined) ?? []).flatMap((entry) =>
      fact(entry.RangeVar, 'ACCESS EXCLUSIVE', 'TRUNCATE'),
    ),

  InsertStmt: (body) => fact(body['relation'] as RangeVarNode, 'ROW EXCLUSIVE', 'INSERT'),
  UpdateStmt: (body) => fact(body['relation'] as RangeVarNode, 'ROW EXCLUSIVE', 'UPDATE'),
  DeleteStmt: (body) => fact(body['relation'] as RangeVarNode, 'ROW EXCLUSIVE', 'DELETE'),

  LockStmt: (body) => {
    const mode = LOCK_MODES[((body['mode'] as number | undefined) ?? 8) - 1] ?? 'ACCESS EXCLUSIVE';
    return ((body['relations'] as { RangeVar?: RangeVarNode }[] | undefined) ?? []).flatMap((entry) =>
      fact(entry.RangeVar, mode, `LOCK TABLE IN ${mode} MODE`),
    );
  },

  RenameStmt: (body) => {
    const renameType = body['renameType'];
    if (renameType !== 'OBJECT_TABLE' && renameType !== 'OBJECT_COLUMN') return [];
    return fact(body['relation'] as RangeVarNode, 'ACCESS EXCLUSIVE', renameType === 'OBJECT_TABLE' ? 'RENAME TABLE' : 'RENAME COLUMN');
  },
};

/**
 * The locks `statement` takes, one fact per relation: when several parts of
 * a statement lock the same relation, PostgreSQL holds the strongest mode,
 * and the relation is rewritten or scanned if any part does so.
 */
export function lockFactsFor(statement: ParsedStatement, context: LockContext): LockFact[] {
  if (!statement.kind) return [];
  const locksOfKind: LocksOfKind | undefined = LOCKS_BY_KIND[statement.kind];
  if (locksOfKind === undefined) return [];
  const body = statement.node?.[statement.kind] as Record<string, unknown> | undefined;
  return body ? mergeByRelation(locksOfKind(body, context)) : [];
}

function mergeByRelation(facts: LockFact[]): LockFact[] {
  const merged = new Map<string, LockFact>();
  for (const next of facts) {
    const seen = merged.get(next.relation);
    if (!seen) {
      merged.set(next.relation, { ...next });
      continue;
    }
    seen.mode = strongerLock(seen.mode, next.mode);
    seen.rewrite ||= next.rewrite;
    seen.scan ||= next.scan;
    seen.reason = `${seen.reason}; ${next.reason}`;
  }
  return [...merged.values()];
}
