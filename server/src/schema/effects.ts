/**
 * What a statement does to the database, as a list of effects on named
 * objects: created, dropped, renamed, changed, or data written. A reverse is
 * complete when its effects undo the forward's; these are the units that
 * comparison works in, and the deterministic inversion of issue 5 builds on
 * them.
 */

import {
  columnTypeOf,
  dottedName,
  droppedObjectNames,
  relationName,
  schemaPrefixOf,
  type RangeVarNode,
  type StringNode,
  type TypeNameNode,
} from '../sql/astNames';
import type { ParsedStatement } from '../sql/parseSql';
import { applyStatementToSchema, changesSchema, constraintNameOf } from './applyStatement';
import { namesFreedByDrops } from './alterTablePasses';
import { generatedIndexName } from './generatedNames';
import { normaliseName, type SchemaModel } from './schemaModel';
import type { ConstraintNode } from '../sql/ast';

export type ObjectKind =
  | 'table'
  | 'view'
  | 'materialized view'
  | 'column'
  | 'index'
  | 'constraint'
  | 'sequence'
  | 'type'
  | 'enum value'
  | 'function'
  | 'trigger'
  | 'policy'
  | 'schema'
  | 'extension'
  | 'comment'
  | 'column default'
  | 'column not null'
  | 'column type'
  | 'rows';

export type EffectAction = 'create' | 'drop' | 'rename' | 'set' | 'unset' | 'change' | 'write';

export interface Effect {
  action: EffectAction;
  kind: ObjectKind;
  /** Qualified the way it is unique: `events`, `events.tenant_id`, `events.events_pkey` (constraints), `mood.happy`. */
  name: string;
  /** For renames: the new name. For type changes: the new type. */
  to?: string;
  /** The table a column, constraint, index, trigger or policy belongs to, when known. */
  table?: string;
  /** The forward loses data when this runs (drop column/table, narrowing type change). */
  destroysData?: boolean;
  /** A DROP ... CASCADE: it also drops dependents (views over a table, their indexes) that it does not name. */
  cascade?: boolean;
  /** An UPDATE: the columns it sets (`table.column`). */
  columns?: string[];
  /** An enum type created, or dropped (when the history knows it): its values, in order. */
  values?: readonly string[];
  /** Index of the statement in its file. */
  statementIndex: number;
}

type Body = Record<string, unknown>;

function qualify(table: string, name: string): string {
  return `${normaliseName(table)}.${name}`;
}

const DROP_KINDS: Record<string, ObjectKind> = {
  OBJECT_TABLE: 'table',
  OBJECT_VIEW: 'view',
  OBJECT_MATVIEW: 'materialized view',
  OBJECT_INDEX: 'index',
  OBJECT_SEQUENCE: 'sequence',
  OBJECT_TYPE: 'type',
  OBJECT_DOMAIN: 'type',
  OBJECT_FUNCTION: 'function',
  OBJECT_PROCEDURE: 'function',
  OBJECT_SCHEMA: 'schema',
  OBJECT_EXTENSION: 'extension',
};

function functionName(body: Body): string | undefined {
  return dottedName(body['funcname'] as StringNode[] | undefined);
}

function alterTableEffects(table: string, body: Body, index: number, schema: SchemaModel | undefined): Effect[] {
  const effects: Effect[] = [];
  // Two unnamed constraints in one statement number each other, as PostgreSQL numbers them.
  const chosen = new Set<string>();
  const commands = ((body['cmds'] as { AlterTableCmd?: Body }[] | undefined) ?? []).map((entry) => entry.AlterTableCmd ?? {});
  const released = schema ? namesFreedByDrops(table, commands, schema) : undefined;
  for (const command of commands) {
    const column = command['name'] as string | undefined;
    const definition = command['def'] as
      | {
          ColumnDef?: { colname?: string; typeName?: TypeNameNode };
          Constraint?: { conname?: string; contype?: string; keys?: StringNode[]; fk_attrs?: StringNode[]; raw_expr?: unknown };
        }
      | undefined;
    const effect = (action: EffectAction, kind: ObjectKind, name: string, extra: Partial<Effect> = {}): void => {
      effects.push({ action, kind, name, statementIndex: index, table: normaliseName(table), ...extra });
    };
    switch (command['subtype']) {
      case 'AT_AddColumn':
        if (definition?.ColumnDef?.colname) effect('create', 'column', qualify(table, definition.ColumnDef.colname));
        break;
      case 'AT_DropColumn':
        // DROP COLUMN IF EXISTS of a column the history never had drops nothing.
        if (column && !(command['missing_ok'] === true && schema?.table(table) && !schema.column(table, column)))
          effect('drop', 'column', qualify(table, column), { destroysData: true });
        break;
      case 'AT_AlterColumnType':
        if (column) effect('change', 'column type', qualify(table, column), { to: columnTypeOf(definition?.ColumnDef?.typeName)?.display ?? '?' });
        break;
      case 'AT_ColumnDefault':
        if (column) effect(command['def'] ? 'set' : 'unset', 'column default', qualify(table, column));
        break;
      case 'AT_SetNotNull':
        if (column) effect('set', 'column not null', qualify(table, column));
        break;
      case 'AT_DropNotNull':
        if (column) effect('unset', 'column not null', qualify(table, column));
        break;
      case 'AT_AddConstraint': {
        // Unnamed: the name PostgreSQL gives it (numbered past the names the schema before it has taken, when known).
        const name = definition?.Constraint
          ? constraintNameOf(table, definition.Constraint as ConstraintNode, undefined, {
              chosen,
              ...(schema ? { schema } : {}),
              ...(released ? { released } : {}),
            })
          : undefined;
        effect('create', 'constraint', qualify(table, name ?? '(unnamed constraint)'));
        break;
      }
      case 'AT_DropConstraint':
        if (column && !(command['missing_ok'] === true && schema?.table(table) && !schema.constraint(table, column)))
          effect('drop', 'constraint', qualify(table, column));
        break;
      default:
        break;
    }
  }
  return effects;
}

const EFFECTS_BY_KIND: Record<string, (body: Body, index: number, schema: SchemaModel | undefined) => Effect[]> = {
  CreateStmt: (body, index) => {
    const name = relationName(body['relation'] as RangeVarNode);
    return name ? [{ action: 'create', kind: 'table', name: normaliseName(name), statementIndex: index }] : [];
  },
  CreateTableAsStmt: (body, index) => {
    const name = relationName((body['into'] as { rel?: RangeVarNode } | undefined)?.rel);
    const kind: ObjectKind = body['objtype'] === 'OBJECT_MATVIEW' ? 'materialized view' : 'table';
    return name ? [{ action: 'create', kind, name: normaliseName(name), statementIndex: index }] : [];
  },
  ViewStmt: (body, index) => {
    const name = relationName(body['view'] as RangeVarNode);
    return name ? [{ action: body['replace'] === true ? 'change' : 'create', kind: 'view', name: normaliseName(name), statementIndex: index }] : [];
  },
  IndexStmt: (body, index, schema) => {
    const table = relationName(body['relation'] as RangeVarNode);
    const elements = [
      ...((body['indexParams'] as { IndexElem?: { name?: string } }[] | undefined) ?? []),
      ...((body['indexIncludingParams'] as { IndexElem?: { name?: string } }[] | undefined) ?? []),
    ];
    const name =
      (body['idxname'] as string | undefined) ??
      (table
        ? generatedIndexName(
            table,
            elements.map((element) => element.IndexElem?.name),
            schema ? { schema } : {},
          )
        : undefined);
    return name
      ? [{ action: 'create', kind: 'index', name: normaliseName(name), statementIndex: index, ...(table ? { table: normaliseName(table) } : {}) }]
      : [];
  },
  AlterTableStmt: (body, index, schema) => {
    const table = relationName(body['relation'] as RangeVarNode);
    return table ? alterTableEffects(table, body, index, schema) : [];
  },
  DropStmt: (body, index, schema) => {
    const kind = DROP_KINDS[body['removeType'] as string];
    if (!kind) return [];
    const names = droppedObjectNames(body['objects'] as unknown[] | undefined);
    // DROP ... IF EXISTS of something the history never had drops nothing.
    const dropsSomething = (name: string): boolean => body['missing_ok'] !== true || !schema || knownTo(schema, kind, name) !== false;
    return names.filter(dropsSomething).map((name) => ({
      action: 'drop' as const,
      kind,
      name: normaliseName(kind === 'function' ? name.replace(/\(.*$/, '') : name),
      statementIndex: index,
      ...(kind === 'table' || kind === 'materialized view' ? { destroysData: true } : {}),
      ...(kind === 'index' && schema?.index(name) ? { table: schema.index(name)!.table } : {}),
      ...(body['behavior'] === 'DROP_CASCADE' ? { cascade: true } : {}),
      ...(kind === 'type' && schema?.enumValues(name) ? { values: schema.enumValues(name)! } : {}),
    }));
  },
  RenameStmt: (body, index, schema) => {
    const relation = relationName(body['relation'] as RangeVarNode);
    const newName = body['newname'] as string | undefined;
    if (!newName) return [];
    switch (body['renameType']) {
      case 'OBJECT_TABLE':
      case 'OBJECT_VIEW':
      case 'OBJECT_MATVIEW':
      case 'OBJECT_INDEX':
      case 'OBJECT_SEQUENCE':
        if (!relation) return [];
        // The new name is in the relation's schema: `to` says so, as every later reference will.
        return [
          {
            action: 'rename',
            kind: body['renameType'] === 'OBJECT_INDEX' ? 'index' : 'table',
            name: normaliseName(relation),
            to: normaliseName(`${schemaPrefixOf(relation)}${newName}`),
            statementIndex: index,
            ...(body['renameType'] === 'OBJECT_INDEX' && schema?.index(relation) ? { table: schema.index(relation)!.table } : {}),
          },
        ];
      case 'OBJECT_COLUMN':
        return relation && body['subname']
          ? [
              {
                action: 'rename',
                kind: 'column',
                name: qualify(relation, body['subname'] as string),
                to: newName,
                table: normaliseName(relation),
                statementIndex: index,
              },
            ]
          : [];
      case 'OBJECT_TABCONSTRAINT':
        return relation && body['subname']
          ? [{ action: 'rename', kind: 'constraint', name: qualify(relation, body['subname'] as string), to: newName, statementIndex: index }]
          : [];
      case 'OBJECT_TYPE': {
        const from = dottedName((body['object'] as { List?: { items?: StringNode[] } } | undefined)?.List?.items);
        return from
          ? [{ action: 'rename', kind: 'type', name: normaliseName(from), to: normaliseName(`${schemaPrefixOf(from)}${newName}`), statementIndex: index }]
          : [];
      }
      default:
        return [];
    }
  },
  CreateSeqStmt: (body, index) => {
    const name = relationName(body['sequence'] as RangeVarNode);
    return name ? [{ action: 'create', kind: 'sequence', name: normaliseName(name), statementIndex: index }] : [];
  },
  CreateEnumStmt: (body, index) => {
    const name = dottedName(body['typeName'] as StringNode[] | undefined);
    const values = ((body['vals'] as StringNode[] | undefined) ?? []).map((value) => value.String?.sval ?? '');
    return name ? [{ action: 'create', kind: 'type', name: normaliseName(name), statementIndex: index, values }] : [];
  },
  CompositeTypeStmt: (body, index) => {
    const name = relationName(body['typevar'] as RangeVarNode);
    return name ? [{ action: 'create', kind: 'type', name: normaliseName(name), statementIndex: index }] : [];
  },
  CreateDomainStmt: (body, index) => {
    const name = dottedName(body['domainname'] as StringNode[] | undefined);
    return name ? [{ action: 'create', kind: 'type', name: normaliseName(name), statementIndex: index }] : [];
  },
  AlterEnumStmt: (body, index) => {
    const type = dottedName(body['typeName'] as StringNode[] | undefined);
    const value = body['newVal'] as string | undefined;
    if (!type || !value) return [];
    if (body['oldVal'])
      return [{ action: 'rename', kind: 'enum value', name: `${normaliseName(type)}.${body['oldVal'] as string}`, to: value, statementIndex: index }];
    return [{ action: 'create', kind: 'enum value', name: `${normaliseName(type)}.${value}`, statementIndex: index }];
  },
  CreateFunctionStmt: (body, index, schema) => {
    const name = functionName(body);
    // OR REPLACE of a function the schema does not have yet creates it.
    const replaces = body['replace'] === true && (!schema || schema.functionNamed(name ?? '') !== undefined);
    return name ? [{ action: replaces ? 'change' : 'create', kind: 'function', name: normaliseName(name), statementIndex: index }] : [];
  },
  CreateTrigStmt: (body, index, schema) => {
    const table = relationName(body['relation'] as RangeVarNode);
    const name = body['trigname'] as string | undefined;
    const replaces = body['replace'] === true && (!schema || (table !== undefined && name !== undefined && schema.trigger(table, name) !== undefined));
    return table && name
      ? [{ action: replaces ? 'change' : 'create', kind: 'trigger', name: qualify(table, name), table: normaliseName(table), statementIndex: index }]
      : [];
  },
  CreatePolicyStmt: (body, index) => {
    const table = relationName(body['table'] as RangeVarNode);
    const name = body['policy_name'] as string | undefined;
    return table && name ? [{ action: 'create', kind: 'policy', name: qualify(table, name), table: normaliseName(table), statementIndex: index }] : [];
  },
  CreateSchemaStmt: (body, index, schema) => {
    const name = body['schemaname'] as string | undefined;
    // IF NOT EXISTS of a schema the history already has objects in creates nothing.
    if (body['if_not_exists'] === true && name && schema?.holdsObjectsIn(name)) return [];
    return name ? [{ action: 'create', kind: 'schema', name, statementIndex: index }] : [];
  },
  CreateExtensionStmt: (body, index) => {
    const name = body['extname'] as string | undefined;
    return name ? [{ action: 'create', kind: 'extension', name, statementIndex: index }] : [];
  },
  CommentStmt: (body, index) => [{ action: 'set', kind: 'comment', name: JSON.stringify(body['object'] ?? null), statementIndex: index }],
  InsertStmt: (body, index) => dataEffect(body, index),
  UpdateStmt: (body, index) => dataEffect(body, index),
  DeleteStmt: (body, index) => dataEffect(body, index),
};

/** Whether the schema has the object; undefined for kinds it does not keep (schemas, extensions, domains). */
function knownTo(schema: SchemaModel, kind: ObjectKind, name: string): boolean | undefined {
  switch (kind) {
    case 'table':
    case 'view':
    case 'materialized view':
      return schema.table(name) !== undefined;
    case 'index':
      return schema.index(name) !== undefined;
    case 'sequence':
      return schema.hasSequence(name);
    case 'function':
      return schema.functionNamed(name.replace(/\(.*$/, '')) !== undefined;
    default:
      return undefined;
  }
}

/** Triggers and policies are dropped with `DROP TRIGGER t ON table`: its objects list ends with the table then the name. */
function dropOnTable(body: Body, index: number, kind: ObjectKind): Effect[] {
  return droppedObjectNames(body['objects'] as unknown[] | undefined).map((dotted) => {
    const parts = dotted.split('.');
    const name = parts.pop()!;
    return { action: 'drop' as const, kind, name: qualify(parts.join('.'), name), statementIndex: index };
  });
}

function dataEffect(body: Body, index: number): Effect[] {
  const table = relationName(body['relation'] as RangeVarNode);
  if (!table) return [];
  const set = ((body['targetList'] as { ResTarget?: { name?: string } }[] | undefined) ?? [])
    .map((target) => target.ResTarget?.name)
    .filter((name): name is string => name !== undefined);
  const columns = body['fromClause'] !== undefined || set.length > 0 ? set.map((column) => qualify(table, column)) : [];
  return [{ action: 'write', kind: 'rows', name: normaliseName(table), statementIndex: index, ...(columns.length > 0 ? { columns } : {}) }];
}

/**
 * What a statement creates, changes or drops. `schema`, the schema just
 * before it, lets unnamed constraints and indexes get the numbered names
 * PostgreSQL gives when a name is taken (`events_check1`).
 */
export function effectsOf(statement: ParsedStatement, schema?: SchemaModel): Effect[] {
  const kind = statement.kind;
  if (!kind) return [];
  if (kind === 'DropStmt') {
    const body = statement.node?.['DropStmt'] as Body | undefined;
    if (body?.['removeType'] === 'OBJECT_TRIGGER') return dropOnTable(body, statement.index, 'trigger');
    if (body?.['removeType'] === 'OBJECT_POLICY') return dropOnTable(body, statement.index, 'policy');
  }
  const read = EFFECTS_BY_KIND[kind];
  if (!read) return [];
  if (kind === 'ViewStmt') {
    // Only the name is needed and a view's tree is large.
    const name = relationName(statement.leadingRelation());
    const replace = /^\s*CREATE\s+OR\s+REPLACE\b/i.test(statement.text) && (!schema || (name !== undefined && schema.table(name) !== undefined));
    return name ? [{ action: replace ? 'change' : 'create', kind: 'view', name: normaliseName(name), statementIndex: statement.index }] : [];
  }
  const body = statement.node?.[kind] as Body | undefined;
  return body ? read(body, statement.index, schema) : [];
}

/** The effects of statements run in order, each read against the schema just before it (`schemaBefore`, then the statements before it). */
export function effectsInOrder(
  statements: readonly ParsedStatement[],
  schemaBefore: SchemaModel,
  file: string,
): { effects: Effect[]; schemaAfter: SchemaModel } {
  const schema = schemaBefore.clone();
  const effects: Effect[] = [];
  for (const statement of statements) {
    effects.push(...effectsOf(statement, schema));
    if (changesSchema(statement)) applyStatementToSchema(schema, statement, file);
  }
  return { effects, schemaAfter: schema };
}
