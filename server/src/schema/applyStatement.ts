/**
 * Folds one statement into the schema model: what it creates, changes,
 * renames or drops. Statements it does not understand leave the model as it
 * was; the model is a best effort reading of the history, never a reason to
 * fail.
 */

import {
  bareName,
  columnTypeOf,
  columnsMentionedIn,
  dottedName,
  droppedObjectNames,
  relationName,
  schemaPrefixOf,
  type RangeVarNode,
  type StringNode,
} from '../sql/astNames';
import type { ParsedStatement } from '../sql/parseSql';
import { checkClauseAt, defaultExpressionAt, setDefaultExpressions } from '../sql/clauseText';
import { generatedName } from '../sql/quoteIdentifier';
import { inExecutionOrder } from './alterTablePasses';
import { generatedConstraintName, generatedIndexName, type NameScope, type UnnamedConstraint } from './generatedNames';
import {
  INDEX_BACKED_KINDS,
  normaliseName,
  type ColumnInSchema,
  type ConstraintInSchema,
  type ConstraintKind,
  type ReferentialAction,
  type SchemaModel,
} from './schemaModel';
import type { ColumnDefNode, ConstraintNode } from '../sql/ast';

type Body = Record<string, unknown>;
type Fold = (schema: SchemaModel, body: Body, migrationPath: string, statement: ParsedStatement) => void;

const CONSTRAINT_KINDS: Record<string, ConstraintKind> = {
  CONSTR_CHECK: 'check',
  CONSTR_FOREIGN: 'foreign key',
  CONSTR_UNIQUE: 'unique',
  CONSTR_PRIMARY: 'primary key',
  CONSTR_EXCLUSION: 'exclusion',
  CONSTR_NOTNULL: 'not null',
};

function names(items: StringNode[] | undefined): string[] {
  return (items ?? []).map((item) => item.String?.sval ?? '').filter(Boolean);
}

function constraintFrom(
  table: string,
  node: ConstraintNode,
  migrationPath: string,
  statement: ParsedStatement,
  scope: NameScope,
  columnOfInline?: string,
): ConstraintInSchema | undefined {
  const kind = node.contype ? CONSTRAINT_KINDS[node.contype] : undefined;
  if (!kind) return undefined;
  const columns = columnOfInline ? [columnOfInline] : kind === 'foreign key' ? names(node.fk_attrs) : names(node.keys);
  const nullTest = (node.raw_expr as { NullTest?: { arg?: { ColumnRef?: { fields?: StringNode[] } }; nulltesttype?: string } } | undefined)?.NullTest;
  const provesNotNull = kind === 'check' && nullTest?.nulltesttype === 'IS_NOT_NULL' ? names(nullTest.arg?.ColumnRef?.fields).at(-1) : undefined;
  const referenced = relationName(node.pktable);
  const action = (code: string | undefined): ReferentialAction | undefined =>
    code ? ({ a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' } as Record<string, ReferentialAction>)[code] : undefined;
  const onDelete = action(node.fk_del_action);
  const onUpdate = action(node.fk_upd_action);
  const checkSql = kind === 'check' ? checkClauseAt(statement, node.location) : undefined;
  return {
    name: constraintNameOf(table, node, columnOfInline, scope) ?? '',
    table,
    kind,
    validated: !node.skip_validation,
    columns,
    ...(referenced ? { referencedTable: referenced, referencedColumns: names(node.pk_attrs) } : {}),
    ...(onDelete ? { onDelete } : {}),
    ...(onUpdate ? { onUpdate } : {}),
    ...(provesNotNull ? { provesNotNull } : {}),
    ...(checkSql ? { checkSql } : {}),
    ...(node.indexname ? { usingIndex: true } : {}),
    createdIn: migrationPath,
  };
}

/** What PostgreSQL names an unnamed constraint after: its kind, its columns (INCLUDE ones too), the columns a CHECK mentions. */
export function unnamedConstraintOf(node: ConstraintNode, columnOfInline?: string): UnnamedConstraint | undefined {
  const kind = node.contype ? CONSTRAINT_KINDS[node.contype] : undefined;
  if (!kind) return undefined;
  if (kind === 'check') return { kind, columns: [], mentioned: columnsMentionedIn(node.raw_expr) };
  if (columnOfInline) return { kind, columns: [columnOfInline] };
  if (kind === 'foreign key') return { kind, columns: names(node.fk_attrs) };
  if (kind === 'exclusion') {
    const elements = (node.exclusions ?? []).map((pair) => (pair.List?.items?.[0] as { IndexElem?: { name?: string } } | undefined)?.IndexElem);
    return { kind, columns: [...elements.map((element) => element?.name), ...names(node.including)] };
  }
  return { kind, columns: [...names(node.keys), ...names(node.including)] };
}

/**
 * The constraint's name: as written, else the one PostgreSQL generates, kept
 * clear of names the schema (and the statement, through `scope.chosen`) has taken.
 */
export function constraintNameOf(table: string, node: ConstraintNode, columnOfInline?: string, scope: NameScope = {}): string | undefined {
  if (node.conname) return node.conname;
  const unnamed = unnamedConstraintOf(node, columnOfInline);
  return unnamed ? generatedConstraintName(table, unnamed, scope) : undefined;
}

/** The key an index is kept under: a constraint's index in a schema is kept by its bare name, as the constraint is. */
function storedIndexName(schema: SchemaModel, name: string): string | undefined {
  if (schema.index(name)) return name;
  const bare = schema.index(bareName(name));
  return bare && schemaPrefixOf(bare.table) === schemaPrefixOf(normaliseName(name)) ? bareName(name) : undefined;
}

/** Constraints that bring an index: primary keys, unique and exclusion constraints (unless USING INDEX). */
function putConstraint(schema: SchemaModel, constraint: ConstraintInSchema, usesExistingIndex: string | undefined): void {
  schema.putConstraint(constraint);
  if (constraint.kind === 'primary key' || constraint.kind === 'unique' || constraint.kind === 'exclusion') {
    if (usesExistingIndex) {
      schema.renameIndex(usesExistingIndex, constraint.name);
    } else {
      schema.putIndex({
        name: constraint.name,
        table: constraint.table,
        unique: constraint.kind !== 'exclusion',
        columns: constraint.columns,
        createdIn: constraint.createdIn,
      });
    }
  }
}

function columnFrom(definition: ColumnDefNode, statement: ParsedStatement): ColumnInSchema {
  const constraints = (definition.constraints ?? []).map((entry) => entry.Constraint ?? {});
  const defaultClause = constraints.find((c) => c.contype === 'CONSTR_DEFAULT');
  const defaultSql = defaultClause ? defaultExpressionAt(statement, defaultClause.location) : undefined;
  return {
    name: definition.colname ?? '',
    type: columnTypeOf(definition.typeName),
    notNull: constraints.some((c) => c.contype === 'CONSTR_NOTNULL' || c.contype === 'CONSTR_PRIMARY' || c.contype === 'CONSTR_IDENTITY'),
    hasDefault: constraints.some((c) => c.contype === 'CONSTR_DEFAULT' || c.contype === 'CONSTR_IDENTITY' || c.contype === 'CONSTR_GENERATED'),
    ...(defaultSql ? { defaultSql } : {}),
    ...(constraints.some((c) => c.contype === 'CONSTR_IDENTITY') ? { identity: true } : {}),
  };
}

function inlineConstraints(
  schema: SchemaModel,
  table: string,
  definition: ColumnDefNode,
  migrationPath: string,
  statement: ParsedStatement,
  scope: NameScope,
): void {
  for (const entry of definition.constraints ?? []) {
    const node = entry.Constraint ?? {};
    if (node.contype === 'CONSTR_NOTNULL') continue;
    const constraint = constraintFrom(table, node, migrationPath, statement, scope, definition.colname);
    if (constraint) putConstraint(schema, constraint, node.indexname);
  }
  const typeName = columnTypeOf(definition.typeName)?.name;
  if (typeName && /^(small|big)?serial[248]?$/.test(typeName)) {
    schema.putSequence(generatedName(bareName(table), definition.colname ?? '', 'seq'));
  }
}

const FOLDS: Record<string, Fold> = {
  CreateStmt: (schema, body, migrationPath, statement) => {
    const table = relationName(body['relation'] as RangeVarNode);
    if (!table || (body['if_not_exists'] === true && schema.table(table))) return;
    const elements = (body['tableElts'] as { ColumnDef?: ColumnDefNode; Constraint?: ConstraintNode }[] | undefined) ?? [];
    const parents = (body['inhRelations'] as { RangeVar?: RangeVarNode }[] | undefined) ?? [];
    const partbound = body['partbound'] as { is_default?: boolean } | undefined;
    const partitionOf = partbound ? relationName(parents[0]?.RangeVar) : undefined;
    const inheritsFrom = partbound
      ? []
      : parents
          .map((parent) => relationName(parent.RangeVar))
          .filter((name): name is string => name !== undefined)
          .map(normaliseName);
    const partitionKey = (body['partspec'] as { partParams?: { PartitionElem?: { name?: string } }[] } | undefined)?.partParams?.map(
      (param) => param.PartitionElem?.name,
    );
    schema.putTable({
      name: table,
      kind: body['partspec'] ? 'partitioned table' : 'table',
      ...(partitionKey ? { partitionKey } : {}),
      createdIn: migrationPath,
      columns: elements.flatMap((element) => (element.ColumnDef ? [columnFrom(element.ColumnDef, statement)] : [])),
      ...(partitionOf ? { partitionOf: normaliseName(partitionOf) } : {}),
      ...(partbound?.is_default ? { defaultPartition: true } : {}),
      ...(inheritsFrom.length > 0 ? { inheritsFrom } : {}),
    });
    // One statement's unnamed constraints number each other (events_check, events_check1).
    const scope: NameScope = { schema, chosen: new Set() };
    for (const element of elements) {
      if (element.ColumnDef) inlineConstraints(schema, table, element.ColumnDef, migrationPath, statement, scope);
      else if (element.Constraint) {
        const constraint = constraintFrom(table, element.Constraint, migrationPath, statement, scope);
        if (constraint) putConstraint(schema, constraint, element.Constraint.indexname);
      }
    }
  },

  CreateTableAsStmt: (schema, body, migrationPath, statement) => {
    const into = body['into'] as { rel?: RangeVarNode } | undefined;
    const name = relationName(into?.rel);
    if (!name) return;
    const matview = body['objtype'] === 'OBJECT_MATVIEW';
    schema.putTable({
      name,
      kind: matview ? 'materialized view' : 'table',
      createdIn: migrationPath,
      columns: [],
      ...(matview ? { definition: statement.text, definingStatement: statement } : {}),
    });
  },

  IndexStmt: (schema, body, migrationPath, statement) => {
    const table = relationName(body['relation'] as RangeVarNode);
    if (!table) return;
    const elements = (body['indexParams'] as { IndexElem?: { name?: string } }[] | undefined) ?? [];
    const including = (body['indexIncludingParams'] as { IndexElem?: { name?: string } }[] | undefined) ?? [];
    const columns = elements.map((param) => param.IndexElem?.name ?? 'expr');
    const name =
      (body['idxname'] as string | undefined) ??
      generatedIndexName(
        table,
        [...elements, ...including].map((param) => param.IndexElem?.name),
        { schema },
      );
    if (body['if_not_exists'] === true && schema.index(name)) return;
    schema.putIndex({ name, table, unique: body['unique'] === true, columns, createdIn: migrationPath, definition: statement.text });
  },

  AlterTableStmt: (schema, body, migrationPath, statement) => {
    const table = relationName(body['relation'] as RangeVarNode);
    if (!table) return;
    const commands = ((body['cmds'] as { AlterTableCmd?: Body }[] | undefined) ?? []).map((entry) => entry.AlterTableCmd ?? {});
    // SET DEFAULT expressions are matched to their subcommands in order (the parser gives them no location).
    const setDefaults = commands.some(isSetDefault) ? setDefaultExpressions(statement) : [];
    const withDefaults = commands.map((command) => ({ command, defaultSql: isSetDefault(command) ? setDefaults.shift() : undefined }));
    for (const { command, defaultSql } of inExecutionOrder(withDefaults, (entry) => entry.command['subtype'] as string | undefined)) {
      foldAlterTableCommand(schema, table, command, migrationPath, statement, defaultSql);
    }
  },

  RenameStmt: (schema, body) => {
    const relation = relationName(body['relation'] as RangeVarNode);
    const newName = body['newname'] as string | undefined;
    if (body['renameType'] === 'OBJECT_TYPE' && newName) {
      const from = dottedName((body['object'] as { List?: { items?: StringNode[] } } | undefined)?.List?.items);
      if (from) schema.renameType(from, `${schemaPrefixOf(from)}${newName}`);
      return;
    }
    if (!relation || !newName) return;
    switch (body['renameType']) {
      case 'OBJECT_TABLE':
      case 'OBJECT_VIEW':
      case 'OBJECT_MATVIEW':
      case 'OBJECT_FOREIGN_TABLE':
        schema.renameTable(relation, newName);
        break;
      case 'OBJECT_INDEX': {
        // Renaming the index of a PRIMARY KEY, UNIQUE or EXCLUDE constraint renames the constraint too.
        const stored = storedIndexName(schema, relation);
        const index = stored ? schema.index(stored) : undefined;
        const constraint = index ? schema.constraint(index.table, bareName(relation)) : undefined;
        if (stored) schema.renameIndex(stored, `${schemaPrefixOf(stored)}${newName}`);
        if (index && constraint && INDEX_BACKED_KINDS.has(constraint.kind)) {
          schema.dropConstraint(index.table, constraint.name);
          schema.putConstraint({ ...constraint, name: newName });
        }
        break;
      }
      case 'OBJECT_COLUMN': {
        const oldName = body['subname'] as string | undefined;
        if (oldName) schema.renameColumn(relation, oldName, newName);
        break;
      }
      case 'OBJECT_TABCONSTRAINT': {
        const constraint = schema.constraint(relation, (body['subname'] as string | undefined) ?? '');
        if (constraint) {
          schema.dropConstraint(relation, constraint.name);
          schema.putConstraint({ ...constraint, name: newName });
          // And the other way round: the constraint's index takes the new name.
          const indexName = storedIndexName(schema, `${schemaPrefixOf(relation)}${constraint.name}`);
          if (indexName && INDEX_BACKED_KINDS.has(constraint.kind) && schema.index(indexName)?.table === normaliseName(relation))
            schema.renameIndex(indexName, `${schemaPrefixOf(indexName)}${newName}`);
        }
        break;
      }
      default:
        break;
    }
  },

  DropStmt: (schema, body) => {
    const dropped = droppedObjectNames(body['objects'] as unknown[] | undefined);
    switch (body['removeType']) {
      case 'OBJECT_TABLE':
      case 'OBJECT_VIEW':
      case 'OBJECT_MATVIEW':
      case 'OBJECT_FOREIGN_TABLE':
        for (const name of dropped) schema.dropTable(name);
        break;
      case 'OBJECT_INDEX':
        for (const name of dropped) schema.dropIndex(name);
        break;
      case 'OBJECT_SEQUENCE':
        for (const name of dropped) schema.dropSequence(name);
        break;
      case 'OBJECT_TYPE':
        for (const name of dropped) schema.dropType(name);
        break;
      case 'OBJECT_FUNCTION':
      case 'OBJECT_PROCEDURE':
        for (const name of dropped) schema.dropFunction(name);
        break;
      case 'OBJECT_TRIGGER':
        for (const { table, trigger } of dropped.map(triggerOfDroppedName)) schema.dropTrigger(table, trigger);
        break;
      default:
        break;
    }
  },

  CommentStmt: (schema, body) => {
    const target = commentTarget(body);
    if (target) schema.setComment(target.kind, target.name, body['comment'] as string | undefined);
  },

  CreateTrigStmt: (schema, body, migrationPath, statement) => {
    const table = relationName(body['relation'] as RangeVarNode);
    const name = body['trigname'] as string | undefined;
    if (table && name) schema.putTrigger({ name, table, definition: statement.text, createdIn: schema.trigger(table, name)?.createdIn ?? migrationPath });
  },

  CreateFunctionStmt: (schema, body, migrationPath, statement) => {
    const name = dottedName(body['funcname'] as StringNode[] | undefined);
    if (name) schema.putFunction({ name, definition: statement.text, createdIn: schema.functionNamed(name)?.createdIn ?? migrationPath });
  },

  CreateStatsStmt: (schema, body) => {
    const name = dottedName(body['defnames'] as StringNode[] | undefined);
    const table = relationName(((body['relations'] as { RangeVar?: RangeVarNode }[] | undefined) ?? [])[0]?.RangeVar);
    if (name && table) schema.putStatistics(name, table);
  },

  CreateSeqStmt: (schema, body) => {
    const name = relationName(body['sequence'] as RangeVarNode);
    if (name) schema.putSequence(name);
  },

  CreateEnumStmt: (schema, body) => {
    const name = dottedName(body['typeName'] as StringNode[] | undefined);
    if (name) schema.putEnum(name, names(body['vals'] as StringNode[] | undefined));
  },

  AlterEnumStmt: (schema, body) => {
    const name = dottedName(body['typeName'] as StringNode[] | undefined);
    const added = body['newVal'] as string | undefined;
    if (!name || !added || body['oldVal']) return;
    schema.putEnum(name, [...(schema.enumValues(name) ?? []), added]);
  },
};

/** What a COMMENT ON names: its kind (`table`, `column`, ...) and dotted name. */
export function commentTarget(body: Record<string, unknown>): { kind: string; name: string } | undefined {
  const name = droppedObjectNames(body['object'] === undefined ? [] : [body['object']])[0];
  const kind = String(body['objtype'] ?? '')
    .replace(/^OBJECT_/, '')
    .toLowerCase();
  return name && kind ? { kind, name } : undefined;
}

/** `DROP TRIGGER t ON s.tab` names its object `s.tab.t`: the trigger is the last part. */
export function triggerOfDroppedName(dotted: string): { table: string; trigger: string } {
  const at = dotted.lastIndexOf('.');
  return { table: dotted.slice(0, at), trigger: dotted.slice(at + 1) };
}

function isSetDefault(command: Body): boolean {
  return command['subtype'] === 'AT_ColumnDefault' && command['def'] !== undefined;
}

/** A dropped column takes the constraints and indexes on it along. */
function foldDropColumn(schema: SchemaModel, table: string, columnName: string): void {
  schema.updateColumns(table, (columns) => columns.filter((column) => column.name !== columnName));
  for (const constraint of schema.constraintsOf(table)) if (constraint.columns.includes(columnName)) schema.dropConstraint(table, constraint.name);
  for (const index of schema.indexesOf(table)) if (index.columns.includes(columnName)) schema.dropIndex(index.name);
}

function foldReplicaIdentity(schema: SchemaModel, table: string, identity: { identity_type?: string; name?: string } | undefined): void {
  const existing = schema.table(table);
  if (!existing || !identity) return;
  const { replicaIdentity: _previous, ...rest } = existing;
  const replicaIdentity =
    identity.identity_type === 'f'
      ? { kind: 'full' as const }
      : identity.identity_type === 'n'
        ? { kind: 'nothing' as const }
        : identity.identity_type === 'i' && identity.name
          ? { kind: 'index' as const, index: identity.name }
          : undefined;
  schema.putTable(replicaIdentity ? { ...rest, replicaIdentity } : rest);
}

/** ATTACH (`parent` given) or DETACH PARTITION: the partition's parent. */
function foldPartitionParent(schema: SchemaModel, partition: string | undefined, parent: string | undefined): void {
  const existing = partition ? schema.table(partition) : undefined;
  if (!existing) return;
  const { partitionOf: _previous, ...rest } = existing;
  schema.putTable(parent ? { ...rest, partitionOf: normaliseName(parent) } : rest);
}

function foldAlterTableCommand(
  schema: SchemaModel,
  table: string,
  command: Body,
  migrationPath: string,
  statement: ParsedStatement,
  defaultSql: string | undefined,
): void {
  const columnName = command['name'] as string | undefined;
  const definition = command['def'] as
    | { ColumnDef?: ColumnDefNode; Constraint?: ConstraintNode; RangeVar?: RangeVarNode; PartitionCmd?: { name?: RangeVarNode } }
    | undefined;
  const setColumn = (update: (column: ColumnInSchema) => ColumnInSchema): void =>
    schema.updateColumns(table, (columns) => columns.map((column) => (column.name === columnName ? update(column) : column)));
  switch (command['subtype']) {
    case 'AT_AddColumn': {
      const column = definition?.ColumnDef;
      if (!column || schema.column(table, column.colname ?? '')) return;
      schema.updateColumns(table, (columns) => [...columns, columnFrom(column, statement)]);
      inlineConstraints(schema, table, column, migrationPath, statement, { schema });
      return;
    }
    case 'AT_DropColumn':
      if (columnName) foldDropColumn(schema, table, columnName);
      return;
    case 'AT_AlterColumnType': {
      const type = columnTypeOf(definition?.ColumnDef?.typeName);
      setColumn((column) => ({ ...column, type }));
      return;
    }
    case 'AT_SetNotNull':
      setColumn((column) => ({ ...column, notNull: true }));
      return;
    case 'AT_DropNotNull':
      setColumn((column) => ({ ...column, notNull: false }));
      return;
    case 'AT_ColumnDefault':
      setColumn(({ defaultSql: _previous, ...column }) => ({ ...column, hasDefault: command['def'] !== undefined, ...(defaultSql ? { defaultSql } : {}) }));
      return;
    case 'AT_AddConstraint': {
      const node = definition?.Constraint;
      const constraint = node ? constraintFrom(table, node, migrationPath, statement, { schema }) : undefined;
      if (constraint) putConstraint(schema, constraint, node?.indexname);
      return;
    }
    case 'AT_ValidateConstraint': {
      const constraint = schema.constraint(table, columnName ?? '');
      if (constraint) schema.putConstraint({ ...constraint, validated: true });
      return;
    }
    case 'AT_DropConstraint': {
      // The constraint's index goes with it; a plain index of that name does not (DROP CONSTRAINT IF EXISTS leaves it).
      const constraint = columnName ? schema.constraint(table, columnName) : undefined;
      schema.dropConstraint(table, columnName ?? '');
      if (constraint && schema.index(constraint.name)?.table === normaliseName(table)) schema.dropIndex(constraint.name);
      return;
    }
    case 'AT_ReplicaIdentity':
      foldReplicaIdentity(schema, table, (definition as { ReplicaIdentityStmt?: { identity_type?: string; name?: string } } | undefined)?.ReplicaIdentityStmt);
      return;
    case 'AT_AttachPartition':
    case 'AT_DetachPartition':
      foldPartitionParent(schema, relationName(definition?.PartitionCmd?.name), command['subtype'] === 'AT_AttachPartition' ? table : undefined);
      return;
    default:
      return;
  }
}

/** Applies `statement` to `schema` (mutating it); `migrationPath` is recorded as where new objects came from. */
export function applyStatementToSchema(schema: SchemaModel, statement: ParsedStatement, migrationPath: string): void {
  const kind = statement.kind;
  if (kind === 'ViewStmt') {
    // Only the name matters, and a view's tree is large: read it without decoding.
    const name = relationName(statement.leadingRelation());
    if (name) {
      schema.putTable({
        name,
        kind: 'view',
        createdIn: schema.table(name)?.createdIn ?? migrationPath,
        columns: [],
        definition: statement.text,
        definingStatement: statement,
      });
    }
    return;
  }
  const fold = kind ? FOLDS[kind] : undefined;
  if (!fold || !kind) return;
  const body = statement.node?.[kind] as Body | undefined;
  if (body) fold(schema, body, migrationPath, statement);
}

/** Statement kinds that can change the schema model; others are skipped without decoding their tree. */
export function changesSchema(statement: ParsedStatement): boolean {
  return statement.kind !== undefined && (statement.kind in FOLDS || statement.kind === 'ViewStmt');
}
