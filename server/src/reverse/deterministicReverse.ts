/**
 * The reverse that can be proven from the forward and the schema the
 * history left: each forward statement inverted (created objects dropped,
 * renames swapped, changed columns restored, dropped indexes, views and
 * functions recreated from their recorded definitions), in reverse order.
 * What cannot be proven is listed as unresolved with the reason, never
 * left out silently.
 */

import { generatedIndexName } from '../schema/generatedNames';
import { inExecutionOrder, namesFreedByDrops } from '../schema/alterTablePasses';
import { applyStatementToSchema, commentTarget, constraintNameOf, triggerOfDroppedName } from '../schema/applyStatement';
import { withSemicolon } from '../sql/statementParts';
import { isWord, tokenize } from '../sql/tokens';
import { normaliseName, type ColumnInSchema, type SchemaModel } from '../schema/schemaModel';
import { dottedName, droppedObjectNames, relationName, schemaPrefixOf, type RangeVarNode, type StringNode, type TypeNameNode } from '../sql/astNames';
import type { ParsedStatement } from '../sql/parseSql';
import { addConstraintSql } from './constraintSql';
import { effectsOf } from '../schema/effects';
import { quoteName, quoteQualified } from '../sql/quoteIdentifier';
import type { ConstraintNode } from '../sql/ast';

export interface ReverseStatement {
  sql: string;
  /** Index of the forward statement this undoes. */
  forwardStatement: number;
}

export interface UnresolvedStatement {
  statement: number;
  reason: string;
}

export interface DeterministicReverse {
  statements: ReverseStatement[];
  unresolved: UnresolvedStatement[];
}

type Body = Record<string, unknown>;

interface Inversion {
  sql: string[];
  unresolved: string[];
  /** Set when the inversion recreates views: the relations their definitions read. */
  viewReads?: readonly string[];
  /** Set when the inversion drops columns of this table (undoing ADD COLUMN). */
  dropsColumnsOf?: string;
}

const NOTHING: Inversion = { sql: [], unresolved: [] };

function sql(...statements: string[]): Inversion {
  return { sql: statements, unresolved: [] };
}

function unresolved(reason: string): Inversion {
  return { sql: [], unresolved: [reason] };
}

/** What the forward itself created: undoing it drops these, so changes to them need no undoing of their own. */
interface CreatedByForward {
  tables: Set<string>;
  columns: Set<string>;
  /** Types the forward creates: the reverse drops them whole, values added to them included. */
  types: Set<string>;
}

function alterTableInversions(table: string, commands: Body[], schema: SchemaModel, only: boolean, created: CreatedByForward): Inversion {
  // Unnamed constraints are named in the order PostgreSQL adds them (events_check, events_check1), before undoing backwards.
  const chosen = new Set<string>();
  const released = namesFreedByDrops(table, commands, schema);
  const addedNames = new Map<Body, string | undefined>();
  for (const command of commands) {
    const added = command['subtype'] === 'AT_AddConstraint' ? (command['def'] as { Constraint?: ConstraintNode } | undefined)?.Constraint : undefined;
    if (added) addedNames.set(command, constraintNameOf(table, added, undefined, { schema, chosen, released }));
  }
  const target = `ALTER TABLE ${only ? 'ONLY ' : ''}${quoteQualified(table)}`;
  const result: Inversion = { sql: [], unresolved: [] };
  // Subcommands are undone in the reverse of the order PostgreSQL ran them (its drops first): what an addition took a
  // freed name for is dropped before the dropped object comes back under that name.
  for (const command of inExecutionOrder(commands, (entry) => entry['subtype'] as string | undefined).reverse()) {
    const column = command['name'] as string | undefined;
    if (column && created.columns.has(`${normaliseName(table)}.${column}`) && command['subtype'] !== 'AT_DropColumn') continue;
    undoSubcommand(command, { target, table, schema, addedNames }, result);
  }
  return result;
}

interface SubcommandContext {
  /** `ALTER TABLE [ONLY] t`, as the undo statements start. */
  target: string;
  table: string;
  schema: SchemaModel;
  /** The names PostgreSQL gave the statement's unnamed constraints. */
  addedNames: ReadonlyMap<Body, string | undefined>;
}

type ColumnDefinition =
  | { ColumnDef?: { colname?: string; typeName?: TypeNameNode; raw_default?: unknown }; Constraint?: { conname?: string; contype?: string } }
  | undefined;

function undoDropColumn(
  column: string,
  before: ColumnInSchema | undefined,
  command: Body,
  { target, table, schema }: SubcommandContext,
  result: Inversion,
): void {
  // IF EXISTS of a column a known table never had: nothing was dropped.
  if (command['missing_ok'] === true && !before && schema.table(table)) return;
  if (!before?.type) {
    result.unresolved.push(`DROP COLUMN ${table}.${column}: the column's type is not in the migration history, so it cannot be recreated.`);
    return;
  }
  const recreated = recreateColumn(target, table, before, schema);
  result.sql.push(...recreated.sql);
  result.unresolved.push(...recreated.unresolved);
  const lost = before.notNull && !before.defaultSql ? ' nor its NOT NULL (no default to fill existing rows)' : '';
  result.unresolved.push(`DROP COLUMN ${table}.${column}: the reverse recreates the column as ${describeColumn(before)}, but not its values${lost}.`);
}

function undoColumnType(
  column: string | undefined,
  before: ColumnInSchema | undefined,
  using: unknown,
  { target, table }: SubcommandContext,
  result: Inversion,
): void {
  if (!column || !before?.type) {
    result.unresolved.push(`ALTER COLUMN ${table}.${column ?? '?'} TYPE: the previous type is not in the migration history.`);
    return;
  }
  const type = before.type.display;
  if (using !== undefined && !throughText(using, column)) {
    // A conversion written by hand has no inverse the tool can prove (the cast back may not even exist).
    result.unresolved.push(
      `ALTER COLUMN ${table}.${column} TYPE ... USING: the forward converted the values with its own expression; write the conversion back to ${type} by hand.`,
    );
    return;
  }
  // `USING col::text::new_type` (an enum swap, say) has its mirror image: through text back to the old type.
  const back = using !== undefined ? `${quoteName(column)}::text::${type}` : `${quoteName(column)}::${type}`;
  result.sql.push(`${target} ALTER COLUMN ${quoteName(column)} TYPE ${type} USING ${back};`);
  // The default was cast to the new type; put back the expression as the history wrote it.
  if (before.defaultSql) result.sql.push(`${target} ALTER COLUMN ${quoteName(column)} SET DEFAULT ${before.defaultSql};`);
}

function undoSubcommand(command: Body, context: SubcommandContext, result: Inversion): void {
  const { target, table, schema } = context;
  const column = command['name'] as string | undefined;
  const before = column ? schema.column(table, column) : undefined;
  const definition = command['def'] as ColumnDefinition;
  switch (command['subtype']) {
    case 'AT_AddColumn': {
      const added = definition?.ColumnDef?.colname;
      if (added) {
        result.sql.push(`${target} DROP COLUMN ${quoteName(added)};`);
        result.dropsColumnsOf = normaliseName(table);
      }
      return;
    }
    case 'AT_DropColumn':
      if (column) undoDropColumn(column, before, command, context, result);
      return;
    case 'AT_AlterColumnType':
      undoColumnType(column, before, definition?.ColumnDef?.raw_default, context, result);
      return;
    case 'AT_ColumnDefault':
      if (!column) return;
      if (before && !before.hasDefault) result.sql.push(`${target} ALTER COLUMN ${quoteName(column)} DROP DEFAULT;`);
      else if (before?.defaultSql) result.sql.push(`${target} ALTER COLUMN ${quoteName(column)} SET DEFAULT ${before.defaultSql};`);
      else
        result.unresolved.push(
          `ALTER COLUMN ${table}.${column} ${command['def'] ? 'SET' : 'DROP'} DEFAULT: the previous default expression is not recorded in the history.`,
        );
      return;
    case 'AT_SetNotNull':
      if (column && before && !before.notNull) result.sql.push(`${target} ALTER COLUMN ${quoteName(column)} DROP NOT NULL;`);
      else if (column && !before)
        result.unresolved.push(`SET NOT NULL on ${table}.${column}: the column is not in the history, so whether it was nullable is unknown.`);
      return;
    case 'AT_DropNotNull':
      if (column && before?.notNull) result.sql.push(`${target} ALTER COLUMN ${quoteName(column)} SET NOT NULL;`);
      else if (column && !before)
        result.unresolved.push(`DROP NOT NULL on ${table}.${column}: the column is not in the history, so whether it was NOT NULL is unknown.`);
      return;
    case 'AT_AddConstraint': {
      // Unnamed, it gets the name PostgreSQL generates (`events_tenant_id_fkey`, `events_pkey`), clear of the names taken.
      const name = context.addedNames.get(command);
      if (name) result.sql.push(`${target} DROP CONSTRAINT ${quoteName(name)};`);
      else result.unresolved.push(`ADD CONSTRAINT on ${table}: its name cannot be told; name the constraint so the reverse can drop it.`);
      return;
    }
    case 'AT_DropConstraint': {
      const dropped = column ? schema.constraint(table, column) : undefined;
      const recreate = dropped ? addConstraintSql(target, dropped) : undefined;
      if (recreate) result.sql.push(recreate);
      else
        result.unresolved.push(
          `DROP CONSTRAINT ${column ?? '?'} on ${table}: the constraint's definition is not in the migration history; recreate it by hand.`,
        );
      return;
    }
    case 'AT_ValidateConstraint':
      // Validation only checks rows; there is nothing to undo.
      return;
    default:
      result.unresolved.push(`ALTER TABLE ${table} ${String(command['subtype']).replace(/^AT_/, '')}: no deterministic inverse.`);
  }
}

/** COMMENT ON put back: the history's previous comment, or none when the object came from the history without one. */
function invertComment(statement: ParsedStatement, body: Body, schema: SchemaModel): Inversion {
  const target = commentTarget(body);
  const onWhat = commentedObjectText(statement.text);
  if (!target || !onWhat) return unresolved('COMMENT ON: the commented object could not be read.');
  const previous = schema.comment(target.kind, target.name);
  if (previous !== undefined) return sql(`${onWhat} IS ${quoteLiteral(previous)};`);
  const known =
    target.kind === 'column'
      ? schema.column(target.name.slice(0, target.name.lastIndexOf('.')), target.name.slice(target.name.lastIndexOf('.') + 1)) !== undefined
      : ['table', 'view', 'matview'].includes(target.kind)
        ? schema.table(target.name) !== undefined
        : target.kind === 'index'
          ? schema.index(target.name) !== undefined
          : false;
  if (known) return sql(`${onWhat} IS NULL;`);
  return unresolved(`COMMENT ON ${target.kind} ${target.name}: the ${target.kind} is not in the history, so its previous comment is unknown.`);
}

/** `COMMENT ON <object>` as written, up to its top-level IS. */
function commentedObjectText(text: string): string | undefined {
  const tokens = tokenize(text);
  let depth = 0;
  for (const token of tokens) {
    if (token.text === '(') depth++;
    else if (token.text === ')') depth--;
    else if (depth === 0 && isWord(token, 'IS')) return text.slice(tokens[0]!.start, token.start).trim();
  }
  return undefined;
}

function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

function describeColumn(column: ColumnInSchema): string {
  const nullability = column.notNull && column.defaultSql ? 'NOT NULL' : 'nullable';
  return `${column.type!.display} (${nullability}, ${column.defaultSql ? `default ${column.defaultSql}` : 'no default'})`;
}

/**
 * A dropped column back as the history left it: type, default (and NOT NULL
 * when the default can fill existing rows), then the constraints and indexes
 * PostgreSQL dropped with it.
 */
function recreateColumn(target: string, table: string, column: ColumnInSchema, schema: SchemaModel): Inversion {
  const defaultClause = column.defaultSql ? ` DEFAULT ${column.defaultSql}${column.notNull ? ' NOT NULL' : ''}` : '';
  const statements = [`${target} ADD COLUMN ${quoteName(column.name)} ${column.type!.display}${defaultClause};`];
  const unresolvedReasons: string[] = [];
  const byConstraint = new Set<string>();
  for (const constraint of schema.constraintsOf(table).filter((candidate) => candidate.columns.includes(column.name) && candidate.kind !== 'not null')) {
    const recreate = addConstraintSql(target, constraint);
    if (recreate) statements.push(recreate);
    else
      unresolvedReasons.push(
        `DROP COLUMN ${table}.${column.name} also dropped constraint ${constraint.name}, which cannot be rebuilt from the history; recreate it by hand.`,
      );
    byConstraint.add(constraint.name);
  }
  for (const index of schema.indexesOf(table)) {
    if (!index.columns.includes(column.name) || byConstraint.has(index.name)) continue;
    if (index.definition) statements.push(withSemicolon(index.definition));
    else
      unresolvedReasons.push(
        `DROP COLUMN ${table}.${column.name} also dropped index ${index.name}, whose definition is not in the history; recreate it by hand.`,
      );
  }
  return { sql: statements, unresolved: unresolvedReasons };
}

function functionSignature(body: Body): string | undefined {
  const name = dottedName(body['funcname'] as StringNode[] | undefined);
  if (!name) return undefined;
  const parameters = ((body['parameters'] as { FunctionParameter?: { argType?: TypeNameNode; mode?: string } }[] | undefined) ?? [])
    .map((entry) => entry.FunctionParameter)
    .filter((parameter) => parameter && parameter.mode !== 'FUNC_PARAM_OUT' && parameter.mode !== 'FUNC_PARAM_TABLE')
    .map(
      (parameter) =>
        (parameter?.argType?.names ?? [])
          .map((part) => part.String?.sval ?? '')
          .filter((part) => part !== 'pg_catalog')
          .join('.') + ((parameter?.argType as { arrayBounds?: unknown[] } | undefined)?.arrayBounds ? '[]' : ''),
    );
  return `${quoteQualified(name)}(${parameters.join(', ')})`;
}

interface InversionContext {
  statement: ParsedStatement;
  body: Body;
  schema: SchemaModel;
  created: CreatedByForward;
}

type Inverter = (context: InversionContext) => Inversion;

function invertView(statement: ParsedStatement, schema: SchemaModel): Inversion {
  const name = relationName(statement.leadingRelation());
  if (!name) return unresolved('a view without a name');
  const previous = schema.table(name);
  if (!previous) return sql(`DROP VIEW ${quoteQualified(name)};`);
  if (previous.definition) {
    return { ...sql(previous.definition.replace(/^\s*CREATE\s+(OR\s+REPLACE\s+)?VIEW/i, 'CREATE OR REPLACE VIEW')), viewReads: schema.viewSources(name) };
  }
  return unresolved(`CREATE OR REPLACE VIEW ${name}: its previous definition is not in the migration history.`);
}

function invertCreateIndex({ body, schema }: InversionContext): Inversion {
  const table = relationName(body['relation'] as RangeVarNode);
  if (!table) return unresolved('CREATE INDEX without a table');
  // Unnamed, it gets the name PostgreSQL generates, clear of the relations the history has (events_tenant_id_idx1).
  const elements = [
    ...((body['indexParams'] as { IndexElem?: { name?: string } }[] | undefined) ?? []),
    ...((body['indexIncludingParams'] as { IndexElem?: { name?: string } }[] | undefined) ?? []),
  ];
  const name =
    (body['idxname'] as string | undefined) ??
    generatedIndexName(
      table,
      elements.map((element) => element.IndexElem?.name),
      { schema },
    );
  const qualified = `${schemaPrefixOf(table)}${name}`;
  return sql(`DROP INDEX ${body['concurrent'] === true ? 'CONCURRENTLY ' : ''}${quoteQualified(qualified)};`);
}

function invertAlterTable({ body, schema, created }: InversionContext): Inversion {
  const relation = body['relation'] as RangeVarNode | undefined;
  const table = relationName(relation);
  if (!table) return unresolved('ALTER TABLE without a table');
  if (body['objtype'] !== 'OBJECT_TABLE') return unresolved(`ALTER ${String(body['objtype']).replace(/^OBJECT_/, '')}: no deterministic inverse.`);
  const commands = ((body['cmds'] as { AlterTableCmd?: Body }[] | undefined) ?? []).map((entry) => entry.AlterTableCmd ?? {});
  return alterTableInversions(table, commands, schema, (relation as { inh?: boolean } | undefined)?.inh === false, created);
}

function invertRename({ body }: InversionContext): Inversion {
  const relation = relationName(body['relation'] as RangeVarNode);
  const newName = body['newname'] as string | undefined;
  if (body['renameType'] === 'OBJECT_TYPE' && newName) {
    const from = dottedName((body['object'] as { List?: { items?: StringNode[] } } | undefined)?.List?.items);
    return from
      ? sql(`ALTER TYPE ${quoteQualified(`${schemaPrefixOf(from)}${newName}`)} RENAME TO ${quoteName(from.slice(schemaPrefixOf(from).length))};`)
      : unresolved('ALTER TYPE ... RENAME without a name');
  }
  if (!relation || !newName) return unresolved('a rename of an object kind without a deterministic inverse');
  const schemaPrefix = schemaPrefixOf(relation);
  const renamedBack = (what: string): Inversion =>
    sql(`ALTER ${what} ${quoteQualified(`${schemaPrefix}${newName}`)} RENAME TO ${quoteName(relation.slice(schemaPrefix.length))};`);
  switch (body['renameType']) {
    case 'OBJECT_TABLE':
      return renamedBack('TABLE');
    case 'OBJECT_VIEW':
      return renamedBack('VIEW');
    case 'OBJECT_INDEX':
      return renamedBack('INDEX');
    case 'OBJECT_COLUMN':
      return sql(`ALTER TABLE ${quoteQualified(relation)} RENAME COLUMN ${quoteName(newName)} TO ${quoteName(body['subname'] as string)};`);
    case 'OBJECT_TABCONSTRAINT':
      return sql(`ALTER TABLE ${quoteQualified(relation)} RENAME CONSTRAINT ${quoteName(newName)} TO ${quoteName(body['subname'] as string)};`);
    default:
      return unresolved(
        `RENAME of ${String(body['renameType'])
          .replace(/^OBJECT_/, '')
          .toLowerCase()}: no deterministic inverse.`,
      );
  }
}

/** What puts one dropped object back: its definition from the history, or why it cannot be. */
function recreateDropped(removeType: string, name: string, concurrent: boolean, schema: SchemaModel, result: Inversion): void {
  switch (removeType) {
    case 'OBJECT_INDEX': {
      const index = schema.index(name);
      if (index?.definition)
        result.sql.push(
          withSemicolon(
            concurrent ? index.definition.replace(/^\s*CREATE\s+(UNIQUE\s+)?INDEX\b(?!\s+CONCURRENTLY)/i, (m) => `${m} CONCURRENTLY`) : index.definition,
          ),
        );
      else
        result.unresolved.push(
          `DROP INDEX ${name}: ${index ? 'it came from a constraint' : 'its definition is not in the migration history'}, so it cannot be recreated here.`,
        );
      return;
    }
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW': {
      const view = schema.table(name);
      if (!view?.definition) {
        result.unresolved.push(`DROP VIEW ${name}: its definition is not in the migration history.`);
        return;
      }
      result.sql.push(withSemicolon(view.definition));
      for (const index of schema.indexesOf(name)) if (index.definition) result.sql.push(withSemicolon(index.definition));
      result.viewReads = [...(result.viewReads ?? []), ...schema.viewSources(name)];
      return;
    }
    case 'OBJECT_FUNCTION':
    case 'OBJECT_PROCEDURE': {
      const fn = schema.functionNamed(name);
      if (fn) result.sql.push(withSemicolon(fn.definition));
      else result.unresolved.push(`DROP FUNCTION ${name}: its definition is not in the migration history.`);
      return;
    }
    case 'OBJECT_TRIGGER': {
      const { table, trigger } = triggerOfDroppedName(name);
      const previous = schema.trigger(table, trigger);
      if (previous) result.sql.push(withSemicolon(previous.definition));
      else result.unresolved.push(`DROP TRIGGER ${trigger} ON ${table}: its definition is not in the migration history.`);
      return;
    }
    case 'OBJECT_TYPE': {
      const values = schema.enumValues(name);
      if (values) result.sql.push(`CREATE TYPE ${quoteQualified(name)} AS ENUM (${values.map(quoteLiteral).join(', ')});`);
      else result.unresolved.push(`DROP TYPE ${name}: its definition is not in the migration history.`);
      return;
    }
    case 'OBJECT_TABLE': {
      const createdIn = schema.table(name)?.createdIn;
      result.unresolved.push(
        `DROP TABLE ${name}: the reverse cannot recreate the table with its rows${createdIn ? ` (it was created in ${createdIn.split('/').slice(-2).join('/')})` : ''}; restore it from a backup or recreate it by hand.`,
      );
      return;
    }
    default:
      result.unresolved.push(`DROP ${removeType.replace(/^OBJECT_/, '')} ${name}: no deterministic inverse.`);
  }
}

function invertDrop({ body, schema }: InversionContext): Inversion {
  const result: Inversion = { sql: [], unresolved: [] };
  for (const name of droppedObjectNames(body['objects'] as unknown[] | undefined)) {
    // DROP ... IF EXISTS of something the history never had: nothing to put back.
    if (body['missing_ok'] === true && neverExisted(schema, body['removeType'] as string, name)) continue;
    recreateDropped(String(body['removeType']), name, body['concurrent'] === true, schema, result);
  }
  return result;
}

function invertCreateFunction({ body, schema }: InversionContext): Inversion {
  const signature = functionSignature(body);
  const name = dottedName(body['funcname'] as StringNode[] | undefined);
  if (!signature || !name) return unresolved('CREATE FUNCTION without a name');
  const previous = schema.functionNamed(name);
  if (previous && body['replace'] === true) {
    return sql(withSemicolon(previous.definition.replace(/^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(FUNCTION|PROCEDURE)\b/i, 'CREATE OR REPLACE $1')));
  }
  return sql(`DROP ${body['is_procedure'] === true ? 'PROCEDURE' : 'FUNCTION'} ${signature};`);
}

function invertCreateTrigger({ body, schema }: InversionContext): Inversion {
  const table = relationName(body['relation'] as RangeVarNode);
  const name = body['trigname'] as string | undefined;
  if (!table || !name) return unresolved('CREATE TRIGGER without a name');
  const previous = body['replace'] === true ? schema.trigger(table, name) : undefined;
  if (previous)
    return sql(withSemicolon(previous.definition.replace(/^\s*CREATE\s+(?:OR\s+REPLACE\s+)?(CONSTRAINT\s+)?TRIGGER\b/i, 'CREATE OR REPLACE $1TRIGGER')));
  return sql(`DROP TRIGGER ${quoteName(name)} ON ${quoteQualified(table)};`);
}

const nothingToUndo: Inverter = () => NOTHING;
const dataStatement: Inverter = () =>
  unresolved('a data statement (backfill): which rows it changed, and their previous values, cannot be known from the SQL.');
const dropNamed =
  (what: string, nameOf: (body: Body) => string | undefined, unnamed: string): Inverter =>
  ({ body }) => {
    const name = nameOf(body);
    return name ? sql(`DROP ${what} ${quoteQualified(name)};`) : unresolved(unnamed);
  };

/** Per statement kind, what undoes it. */
const INVERTERS: Record<string, Inverter> = {
  VariableSetStmt: nothingToUndo,
  TransactionStmt: nothingToUndo,
  VariableShowStmt: nothingToUndo,
  CreateStmt: dropNamed('TABLE', (body) => relationName(body['relation'] as RangeVarNode), 'CREATE TABLE without a name'),
  CreateTableAsStmt: ({ body }) => {
    const name = relationName((body['into'] as { rel?: RangeVarNode } | undefined)?.rel);
    if (!name) return unresolved('CREATE TABLE AS without a name');
    return sql(`DROP ${body['objtype'] === 'OBJECT_MATVIEW' ? 'MATERIALIZED VIEW' : 'TABLE'} ${quoteQualified(name)};`);
  },
  IndexStmt: invertCreateIndex,
  AlterTableStmt: invertAlterTable,
  RenameStmt: invertRename,
  DropStmt: invertDrop,
  CreateFunctionStmt: invertCreateFunction,
  CreateTrigStmt: invertCreateTrigger,
  CreatePolicyStmt: ({ body }) => {
    const table = relationName(body['table'] as RangeVarNode);
    const name = body['policy_name'] as string | undefined;
    return table && name ? sql(`DROP POLICY ${quoteName(name)} ON ${quoteQualified(table)};`) : unresolved('CREATE POLICY without a name');
  },
  CreateSeqStmt: dropNamed('SEQUENCE', (body) => relationName(body['sequence'] as RangeVarNode), 'CREATE SEQUENCE without a name'),
  CreateEnumStmt: dropNamed('TYPE', (body) => dottedName(body['typeName'] as StringNode[] | undefined), 'CREATE TYPE without a name'),
  CreateDomainStmt: dropNamed('DOMAIN', (body) => dottedName(body['domainname'] as StringNode[] | undefined), 'CREATE DOMAIN without a name'),
  AlterEnumStmt: ({ body, created }) =>
    created.types.has(normaliseName(dottedName(body['typeName'] as StringNode[] | undefined) ?? ''))
      ? sql()
      : unresolved(
          'PostgreSQL cannot drop an enum value. To undo it: create the type anew without the value, ALTER COLUMN ... TYPE new_type USING col::text::new_type for each column using it, drop the old type and rename the new one (after checking no row holds the value).',
        ),
  CreateExtensionStmt: ({ body }) => sql(`DROP EXTENSION ${quoteName(body['extname'] as string)};`),
  CreateSchemaStmt: ({ body }) => sql(`DROP SCHEMA ${quoteName(body['schemaname'] as string)};`),
  InsertStmt: dataStatement,
  UpdateStmt: dataStatement,
  DeleteStmt: dataStatement,
  MergeStmt: dataStatement,
  CommentStmt: ({ statement, body, schema }) => invertComment(statement, body, schema),
  SelectStmt: ({ statement }) =>
    /\bINTO\b/i.test(statement.text)
      ? unresolved('SELECT ... INTO creates a table whose reverse must be written by hand.')
      : unresolved('a SELECT may call functions with side effects; its reverse, if any, must be written by hand.'),
  DoStmt: () => unresolved('a DO block runs arbitrary code; its reverse must be written by hand.'),
};

function invert(statement: ParsedStatement, schema: SchemaModel, created: CreatedByForward): Inversion {
  const kind = statement.kind;
  if (!kind) return unresolved('the statement does not parse');
  // Indexes and table changes on a table this forward created go away with the table. (Triggers are still
  // dropped first: a function the forward created cannot be dropped while a trigger uses it.)
  if (kind === 'IndexStmt' || kind === 'AlterTableStmt') {
    const table = relationName((statement.node?.[kind] as { relation?: RangeVarNode } | undefined)?.relation);
    if (table && created.tables.has(normaliseName(table))) return NOTHING;
  }
  if (kind === 'ViewStmt') return invertView(statement, schema);
  const body = statement.node?.[kind] as Body | undefined;
  if (!body) return unresolved('the statement does not parse');
  const inverter = INVERTERS[kind];
  return inverter ? inverter({ statement, body, schema, created }) : unresolved(`${kind.replace(/Stmt$/, '')}: no deterministic inverse.`);
}

/** A USING expression of the form `column::text::type`: a conversion through text that text brings back. */
function throughText(using: unknown, column: string): boolean {
  const outer = (using as { TypeCast?: { arg?: unknown } } | undefined)?.TypeCast;
  const inner = (outer?.arg as { TypeCast?: { arg?: unknown; typeName?: { names?: StringNode[] } } } | undefined)?.TypeCast;
  const castTo = inner?.typeName?.names?.at(-1)?.String?.sval;
  const source = (inner?.arg as { ColumnRef?: { fields?: StringNode[] } } | undefined)?.ColumnRef?.fields;
  return (castTo === 'text' || castTo === 'varchar') && source?.length === 1 && source[0]?.String?.sval === column;
}

/** The schema does not have the object a DROP ... IF EXISTS names (for the kinds it keeps). */
function neverExisted(schema: SchemaModel, removeType: string, name: string): boolean {
  switch (removeType) {
    case 'OBJECT_TABLE':
    case 'OBJECT_VIEW':
    case 'OBJECT_MATVIEW':
      return !schema.table(name);
    case 'OBJECT_INDEX':
      return !schema.index(name);
    case 'OBJECT_FUNCTION':
    case 'OBJECT_PROCEDURE':
      return !schema.functionNamed(name);
    case 'OBJECT_TRIGGER': {
      const { table, trigger } = triggerOfDroppedName(name);
      return !schema.trigger(table, trigger);
    }
    case 'OBJECT_SEQUENCE':
      return !schema.hasSequence(name);
    default:
      return false;
  }
}

/**
 * Inverts `statements` (a forward part) against `schemaBefore` (the schema
 * the history left). `migrationPath` is recorded in the working schema.
 */
export function deterministicReverse(statements: readonly ParsedStatement[], schemaBefore: SchemaModel, migrationPath: string): DeterministicReverse {
  const schema = schemaBefore.clone();
  const created: CreatedByForward = { tables: new Set(), columns: new Set(), types: new Set() };
  const perStatement: { index: number; inversion: Inversion }[] = [];
  for (const statement of statements) {
    perStatement.push({ index: statement.index, inversion: invert(statement, schema, created) });
    applyStatementToSchema(schema, statement, migrationPath);
    for (const effect of effectsOf(statement)) {
      if (effect.action !== 'create') continue;
      if (effect.kind === 'table') created.tables.add(effect.name);
      if (effect.kind === 'column') created.columns.add(effect.name);
      if (effect.kind === 'type') created.types.add(effect.name);
    }
  }
  const result: DeterministicReverse = { statements: [], unresolved: [] };
  for (const { index, inversion } of afterColumnDrops(perStatement.reverse())) {
    for (const text of inversion.sql) result.statements.push({ sql: text, forwardStatement: index });
    for (const reason of inversion.unresolved) result.unresolved.push({ statement: index, reason });
  }
  result.unresolved.sort((a, b) => a.statement - b.statement);
  return result;
}

/**
 * A view recreated from an old definition that says `SELECT *` would pick
 * up a column the reverse is about to drop, and then block the drop. So
 * views are recreated after the last column drop on a table any of them
 * reads (keeping their order among themselves).
 */
function afterColumnDrops<T extends { inversion: Inversion }>(inOrder: T[]): T[] {
  const reads = new Set<string>();
  let last = -1;
  inOrder.forEach((entry, i) => {
    for (const relation of entry.inversion.viewReads ?? []) reads.add(relation);
    if (entry.inversion.dropsColumnsOf && reads.has(entry.inversion.dropsColumnsOf)) last = i;
  });
  if (last < 0) return inOrder;
  const views = inOrder.slice(0, last).filter((entry) => entry.inversion.viewReads);
  const others = inOrder.filter((entry, i) => i > last || !entry.inversion.viewReads);
  const at = others.indexOf(inOrder[last]!) + 1;
  return [...others.slice(0, at), ...views, ...others.slice(at)];
}

/** The reverse as a file: a header, `SET lock_timeout` when the forward set one, the statements, the unresolved list as comments. */
export function reverseSqlText(reverse: DeterministicReverse, forwardName: string, forward: readonly ParsedStatement[]): string {
  const lines = [`-- Reverse of ${forwardName}, drafted by fearless from the forward and the migration history.`];
  const timeout = forward.find((statement) => statement.kind === 'VariableSetStmt' && /lock_timeout/i.test(statement.text));
  if (timeout) lines.push(withSemicolon(timeout.text));
  for (const statement of reverse.statements) lines.push(statement.sql);
  if (reverse.unresolved.length > 0) {
    lines.push('', '-- Not undone here (write these by hand):');
    for (const entry of reverse.unresolved) lines.push(`--   statement ${entry.statement + 1}: ${entry.reason.replace(/\n/g, ' ')}`);
  }
  return `${lines.join('\n')}\n`;
}
