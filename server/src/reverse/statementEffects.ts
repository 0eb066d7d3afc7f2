/**
 * What a statement does to the schema's tables: creates, drops or renames
 * them. The schema model folds these over a history; rules read them to
 * tell a table created in this migration (empty, nobody using it) from an
 * existing one.
 */

import { relationName, type RangeVarNode } from '../sql/astNames';
import type { ParsedStatement } from '../sql/parseSql';

export interface TableEffects {
  created: string[];
  dropped: string[];
  renamed: { from: string; to: string }[];
}

const NO_EFFECTS: TableEffects = { created: [], dropped: [], renamed: [] };

/** `public.events` and `events` name the same table for our purposes. */
export function normaliseTableName(name: string): string {
  return name.startsWith('public.') ? name.slice('public.'.length) : name;
}

const KINDS_WITH_TABLE_EFFECTS = new Set(['CreateStmt', 'CreateTableAsStmt', 'DropStmt', 'RenameStmt']);

export function tableEffectsOf(statement: ParsedStatement): TableEffects {
  // Checked before touching the node: decoding a statement's tree is the expensive part.
  if (!statement.kind || !KINDS_WITH_TABLE_EFFECTS.has(statement.kind)) return NO_EFFECTS;
  const body = statement.node?.[statement.kind] as Record<string, unknown> | undefined;
  if (!body) return NO_EFFECTS;
  switch (statement.kind) {
    case 'CreateStmt':
    case 'CreateTableAsStmt': {
      const relation = (statement.kind === 'CreateStmt' ? body['relation'] : (body['into'] as { rel?: RangeVarNode } | undefined)?.rel) as
        | RangeVarNode
        | undefined;
      const name = relationName(relation);
      return name ? { ...NO_EFFECTS, created: [normaliseTableName(name)] } : NO_EFFECTS;
    }
    case 'DropStmt': {
      if (body['removeType'] !== 'OBJECT_TABLE') return NO_EFFECTS;
      const objects = (body['objects'] as { List?: { items?: { String?: { sval?: string } }[] } }[] | undefined) ?? [];
      const dropped = objects
        .map((object) => (object.List?.items ?? []).map((item) => item.String?.sval ?? '').join('.'))
        .filter((name) => name !== '')
        .map(normaliseTableName);
      return { ...NO_EFFECTS, dropped };
    }
    case 'RenameStmt': {
      if (body['renameType'] !== 'OBJECT_TABLE') return NO_EFFECTS;
      const relation = body['relation'] as RangeVarNode | undefined;
      const from = relationName(relation);
      const newname = body['newname'] as string | undefined;
      if (!from || !newname) return NO_EFFECTS;
      const to = relation?.schemaname ? `${relation.schemaname}.${newname}` : newname;
      return { ...NO_EFFECTS, renamed: [{ from: normaliseTableName(from), to: normaliseTableName(to) }] };
    }
    default:
      return NO_EFFECTS;
  }
}
