/**
 * What exists before a statement runs, folded from the migrations before it
 * (and the statements before it in the same file): relations with their
 * columns, constraints (foreign keys with the table they reference, checks
 * and whether they are validated), indexes with their table, sequences and
 * enum types. Lock facts need it to name the relations people forget (the
 * table a foreign key references, the table of an index) and to know when a
 * scan or rewrite is skipped.
 *
 * Records are immutable and replaced on change, and `clone()` is copy on
 * write: the copy shares its maps until one side first changes one of them.
 * Folding a history clones per file, so this keeps a long history linear.
 */

import { schemaPrefixOf, type ColumnType } from '../sql/astNames';
import type { ParsedStatement } from '../sql/parseSql';
import { namesOf, queryRelations } from '../sql/queryRelations';
import { renameIdentifier, renameIndexTable } from '../sql/renameIdentifier';

/** What each view's defining statement reads, computed once per statement. */
const sourcesByStatement = new WeakMap<ParsedStatement, string[]>();

export type RelationKind = 'table' | 'partitioned table' | 'view' | 'materialized view' | 'foreign table';

export interface ColumnInSchema {
  name: string;
  type: ColumnType | undefined;
  notNull: boolean;
  hasDefault: boolean;
  /** The default expression as written, when the history wrote one. */
  defaultSql?: string;
  /** `GENERATED ... AS IDENTITY` (its sequence is named `table_column_seq`). */
  identity?: boolean;
}

export interface TableInSchema {
  name: string;
  kind: RelationKind;
  /** Path of the migration that created it ('' when unknown). */
  createdIn: string;
  columns: readonly ColumnInSchema[];
  /** Parent table when this is a partition. */
  partitionOf?: string;
  /** Views and materialized views: the statement that (last) defined it, as written. */
  definition?: string;
  /**
   * Views and materialized views: the parsed defining statement, read only
   * when someone asks what the view reads (decoding a view's tree is the
   * costly part, so the fold does not do it).
   */
  definingStatement?: ParsedStatement;
  /** Views restored from a record (no parsed statement): the relations the view reads. */
  readsFrom?: readonly string[];
  /** `CREATE TABLE ... PARTITION OF p DEFAULT`. */
  defaultPartition?: boolean;
  /** Parents of `CREATE TABLE ... INHERITS (...)` (not partitions). */
  inheritsFrom?: readonly string[];
  /** A partitioned table's key columns (`PARTITION BY RANGE (created_at)`); `undefined` entries are expressions. */
  partitionKey?: readonly (string | undefined)[];
  /** `ALTER TABLE ... REPLICA IDENTITY` other than DEFAULT (the primary key): FULL, NOTHING, or USING INDEX `name`. */
  replicaIdentity?: { kind: 'full' | 'nothing' } | { kind: 'index'; index: string };
}

export type ReferentialAction = 'no action' | 'restrict' | 'cascade' | 'set null' | 'set default';

export type ConstraintKind = 'check' | 'foreign key' | 'unique' | 'primary key' | 'exclusion' | 'not null';

/** Kinds of constraint that own an index of their own name (renamed and dropped with it). */
export const INDEX_BACKED_KINDS: ReadonlySet<ConstraintKind> = new Set<ConstraintKind>(['primary key', 'unique', 'exclusion']);

export interface ConstraintInSchema {
  name: string;
  table: string;
  kind: ConstraintKind;
  validated: boolean;
  columns: readonly string[];
  /** Foreign keys: the referenced table. */
  referencedTable?: string;
  /** A `CHECK (col IS NOT NULL)`: the column it proves non-null. */
  provesNotNull?: string;
  /** Foreign keys: the referenced columns (empty: the referenced table's primary key) and the referential actions. */
  referencedColumns?: readonly string[];
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
  /** A CHECK constraint's `CHECK (...)` as written (columns renamed since followed). */
  checkSql?: string;
  /** Made from an existing index (`... USING INDEX`): recreating it needs that index. */
  usingIndex?: true;
  createdIn: string;
}

export interface IndexInSchema {
  name: string;
  table: string;
  unique: boolean;
  columns: readonly string[];
  createdIn: string;
  /** The CREATE INDEX statement as written, when it came from one (not from a constraint). */
  definition?: string;
}

export interface TriggerInSchema {
  name: string;
  table: string;
  /** The CREATE TRIGGER statement as written. */
  definition: string;
  createdIn: string;
}

export interface FunctionInSchema {
  /** Name without arguments, as written (schema-qualified when it was). */
  name: string;
  /** The CREATE [OR REPLACE] FUNCTION / PROCEDURE statement that last defined it, as written. */
  definition: string;
  createdIn: string;
}

/** `public.events` and `events` name the same relation; everything else keeps its schema. */
export function normaliseName(name: string): string {
  return name.startsWith('public.') ? name.slice('public.'.length) : name;
}

/** The schema part of a relation name, `public` when there is none. */
function namespaceOfName(name: string): string {
  const normalised = normaliseName(name);
  return normalised.includes('.') ? normalised.slice(0, normalised.lastIndexOf('.')) : 'public';
}

function constraintKey(table: string, name: string): string {
  return `${normaliseName(table)}\u0000${name}`;
}

/** A schema model as plain data (maps of plain records), for a cache on disk. */
export interface SchemaRecord {
  tables: Map<string, TableInSchema>;
  indexes: Map<string, IndexInSchema>;
  constraints: Map<string, ConstraintInSchema>;
  sequences: Set<string>;
  enums: Map<string, readonly string[]>;
  functions: Map<string, FunctionInSchema>;
  triggers: Map<string, TriggerInSchema>;
  comments: Map<string, string>;
  statistics: Map<string, string>;
}

export class SchemaModel {
  private tables = new Map<string, TableInSchema>();
  private indexes = new Map<string, IndexInSchema>();
  private constraints = new Map<string, ConstraintInSchema>();
  private sequences = new Set<string>();
  private enums = new Map<string, readonly string[]>();
  private functions = new Map<string, FunctionInSchema>();
  private triggers = new Map<string, TriggerInSchema>();
  /** `COMMENT ON` texts by `kind:name` (few and small, so copied on clone rather than shared). */
  private comments = new Map<string, string>();
  /** Extended statistics objects → their table (only ever added to; tiny, so not copy-on-write). */
  private statistics = new Map<string, string>();
  /** Names of the collections this model shares with a clone and must copy before changing. */
  private shared = new Set<'tables' | 'indexes' | 'constraints' | 'sequences' | 'enums' | 'functions' | 'triggers'>();

  static empty(): SchemaModel {
    return new SchemaModel();
  }

  clone(): SchemaModel {
    const copy = new SchemaModel();
    copy.tables = this.tables;
    copy.indexes = this.indexes;
    copy.constraints = this.constraints;
    copy.sequences = this.sequences;
    copy.enums = this.enums;
    copy.functions = this.functions;
    copy.triggers = this.triggers;
    copy.statistics = new Map(this.statistics);
    copy.comments = new Map(this.comments);
    const all = ['tables', 'indexes', 'constraints', 'sequences', 'enums', 'functions', 'triggers'] as const;
    this.shared = new Set(all);
    copy.shared = new Set(all);
    return copy;
  }

  /** Plain data: a view's parsed statement is replaced by the relations it reads. */
  toRecord(): SchemaRecord {
    const tables = new Map<string, TableInSchema>();
    for (const [key, table] of this.tables) {
      if (!table.definingStatement) tables.set(key, table);
      else {
        const { definingStatement: _parsed, ...plain } = table;
        tables.set(key, { ...plain, readsFrom: this.viewSources(table.name) });
      }
    }
    return {
      tables,
      indexes: new Map(this.indexes),
      constraints: new Map(this.constraints),
      sequences: new Set(this.sequences),
      enums: new Map(this.enums),
      functions: new Map(this.functions),
      triggers: new Map(this.triggers),
      comments: new Map(this.comments),
      statistics: new Map(this.statistics),
    };
  }

  static fromRecord(record: SchemaRecord): SchemaModel {
    const model = new SchemaModel();
    model.tables = record.tables;
    model.indexes = record.indexes;
    model.constraints = record.constraints;
    model.sequences = record.sequences;
    model.enums = record.enums;
    model.functions = record.functions;
    model.triggers = record.triggers;
    model.comments = record.comments;
    model.statistics = record.statistics;
    return model;
  }

  private own(collection: 'tables'): Map<string, TableInSchema>;
  private own(collection: 'indexes'): Map<string, IndexInSchema>;
  private own(collection: 'constraints'): Map<string, ConstraintInSchema>;
  private own(collection: 'sequences'): Set<string>;
  private own(collection: 'enums'): Map<string, readonly string[]>;
  private own(collection: 'functions'): Map<string, FunctionInSchema>;
  private own(collection: 'triggers'): Map<string, TriggerInSchema>;
  private own(collection: 'tables' | 'indexes' | 'constraints' | 'sequences' | 'enums' | 'functions' | 'triggers'): Map<string, unknown> | Set<string> {
    if (this.shared.delete(collection)) {
      if (collection === 'tables') this.tables = new Map(this.tables);
      else if (collection === 'indexes') this.indexes = new Map(this.indexes);
      else if (collection === 'constraints') this.constraints = new Map(this.constraints);
      else if (collection === 'sequences') this.sequences = new Set(this.sequences);
      else if (collection === 'functions') this.functions = new Map(this.functions);
      else if (collection === 'triggers') this.triggers = new Map(this.triggers);
      else this.enums = new Map(this.enums);
    }
    return this[collection];
  }

  // ---- reading ----

  table(name: string): TableInSchema | undefined {
    return this.tables.get(normaliseName(name));
  }

  get tableCount(): number {
    return this.tables.size;
  }

  column(table: string, column: string): ColumnInSchema | undefined {
    return this.table(table)?.columns.find((candidate) => candidate.name === column);
  }

  index(name: string): IndexInSchema | undefined {
    return this.indexes.get(normaliseName(name));
  }

  indexesOf(table: string): IndexInSchema[] {
    const wanted = normaliseName(table);
    return [...this.indexes.values()].filter((index) => index.table === wanted);
  }

  constraint(table: string, name: string): ConstraintInSchema | undefined {
    return this.constraints.get(constraintKey(table, name));
  }

  constraintsOf(table: string): ConstraintInSchema[] {
    const wanted = normaliseName(table);
    return [...this.constraints.values()].filter((constraint) => constraint.table === wanted);
  }

  /** A constraint of that name on any table of the schema `namespace` (`public` for unqualified names): PostgreSQL keeps them unique per schema. */
  constraintNameInSchema(namespace: string, name: string): boolean {
    for (const constraint of this.constraints.values()) {
      if (constraint.name === name && namespaceOfName(constraint.table) === namespace) return true;
    }
    return false;
  }

  /** A table, view, index or sequence of that name in the schema `namespace`. */
  relationNameInSchema(namespace: string, name: string): boolean {
    const key = namespace === 'public' ? name : `${namespace}.${name}`;
    if (this.tables.has(key) || this.sequences.has(key)) return true;
    for (const index of this.indexes.values()) {
      if (index.name === name && namespaceOfName(index.table) === namespace) return true;
    }
    return false;
  }

  /** Whether the history shows the schema `namespace` exists: a table or type in it (schemas themselves are not tracked). */
  holdsObjectsIn(namespace: string): boolean {
    const prefix = `${namespace}.`;
    for (const key of this.tables.keys()) if (key.startsWith(prefix)) return true;
    for (const key of this.enums.keys()) if (key.startsWith(prefix)) return true;
    return false;
  }

  /** Foreign keys declared on `table` (it references others). */
  foreignKeysFrom(table: string): ConstraintInSchema[] {
    return this.constraintsOf(table).filter((constraint) => constraint.kind === 'foreign key');
  }

  /** Foreign keys on other tables (or itself) that reference `table`. */
  foreignKeysTo(table: string): ConstraintInSchema[] {
    const wanted = normaliseName(table);
    return [...this.constraints.values()].filter((constraint) => constraint.kind === 'foreign key' && constraint.referencedTable === wanted);
  }

  /** A validated `CHECK (column IS NOT NULL)` exists: from PostgreSQL 12, SET NOT NULL skips its scan. */
  hasValidatedNotNullCheck(table: string, column: string): boolean {
    return this.constraintsOf(table).some((constraint) => constraint.validated && constraint.provesNotNull === column);
  }

  partitionsOf(table: string): TableInSchema[] {
    const wanted = normaliseName(table);
    return [...this.tables.values()].filter((candidate) => candidate.partitionOf === wanted);
  }

  /** The relations a view or materialized view reads (its FROM clauses), from its recorded definition. */
  viewSources(view: string): readonly string[] {
    const relation = this.table(view);
    if (relation?.readsFrom) return relation.readsFrom;
    const statement = relation?.definingStatement;
    if (!statement) return [];
    let sources = sourcesByStatement.get(statement);
    if (!sources) {
      const body = statement.kind ? (statement.node?.[statement.kind] as { query?: unknown } | undefined) : undefined;
      sources = body ? [...new Set(namesOf(queryRelations(body.query).reads).map(normaliseName))] : [];
      sourcesByStatement.set(statement, sources);
    }
    return sources;
  }

  /** Views and materialized views whose query reads `table` (DROP ... CASCADE drops them). */
  dependentViewsOf(table: string): TableInSchema[] {
    const wanted = normaliseName(table);
    return [...this.tables.values()].filter(
      (candidate) => (candidate.kind === 'view' || candidate.kind === 'materialized view') && this.viewSources(candidate.name).includes(wanted),
    );
  }

  /** Tables that `INHERITS (table)` (not partitions). */
  inheritorsOf(table: string): TableInSchema[] {
    const wanted = normaliseName(table);
    return [...this.tables.values()].filter((candidate) => candidate.inheritsFrom?.includes(wanted) ?? false);
  }

  /** The table of a `CREATE STATISTICS` object. */
  statisticsTable(name: string): string | undefined {
    return this.statistics.get(normaliseName(name));
  }

  putStatistics(name: string, table: string): void {
    this.statistics.set(normaliseName(name), normaliseName(table));
  }

  hasSequence(name: string): boolean {
    return this.sequences.has(normaliseName(name));
  }

  enumValues(name: string): readonly string[] | undefined {
    return this.enums.get(normaliseName(name));
  }

  functionNamed(name: string): FunctionInSchema | undefined {
    return this.functions.get(normaliseName(name));
  }

  // ---- changing ----

  putTable(table: TableInSchema): void {
    this.own('tables').set(normaliseName(table.name), { ...table, name: normaliseName(table.name) });
  }

  dropTable(name: string): void {
    const key = normaliseName(name);
    this.own('tables').delete(key);
    for (const [indexName, index] of this.indexes) if (index.table === key) this.own('indexes').delete(indexName);
    for (const [constraintName, constraint] of this.constraints) {
      if (constraint.table === key) this.own('constraints').delete(constraintName);
    }
  }

  /** A column rename, followed into the constraints and indexes that name the column. */
  renameColumn(table: string, from: string, to: string): void {
    const key = normaliseName(table);
    this.updateColumns(table, (columns) => columns.map((column) => (column.name === from ? { ...column, name: to } : column)));
    const rename = (names: readonly string[]): readonly string[] => names.map((name) => (name === from ? to : name));
    for (const [constraintKeyOf, constraint] of [...this.constraints]) {
      let changed = constraint;
      if (constraint.table === key) {
        changed = {
          ...changed,
          columns: rename(constraint.columns),
          ...(constraint.checkSql ? { checkSql: renameIdentifier(constraint.checkSql, from, to) } : {}),
        };
      }
      if (constraint.referencedTable === key && constraint.referencedColumns) changed = { ...changed, referencedColumns: rename(constraint.referencedColumns) };
      if (changed !== constraint) this.own('constraints').set(constraintKeyOf, changed);
    }
    for (const [name, index] of [...this.indexes]) {
      if (index.table !== key) continue;
      this.own('indexes').set(name, {
        ...index,
        columns: rename(index.columns),
        ...(index.definition ? { definition: renameIdentifier(index.definition, from, to) } : {}),
      });
    }
  }

  renameTable(from: string, to: string): void {
    const oldKey = normaliseName(from);
    const table = this.tables.get(oldKey);
    if (!table) return;
    // A rename keeps the schema: `ALTER TABLE s.a RENAME TO b` makes `s.b`.
    const schemaPrefix = schemaPrefixOf(oldKey);
    const newKey = normaliseName(to.includes('.') ? to : `${schemaPrefix}${to}`);
    this.own('tables').delete(oldKey);
    this.own('tables').set(newKey, { ...table, name: newKey });
    const oldBare = oldKey.slice(schemaPrefix.length);
    const newBare = newKey.slice(schemaPrefixOf(newKey).length);
    for (const [name, index] of [...this.indexes]) {
      if (index.table !== oldKey) continue;
      this.own('indexes').set(name, {
        ...index,
        table: newKey,
        ...(index.definition ? { definition: renameIndexTable(index.definition, oldBare, newBare) } : {}),
      });
    }
    for (const [key, constraint] of [...this.constraints]) {
      let changed = constraint;
      if (constraint.table === oldKey) changed = { ...changed, table: newKey };
      if (constraint.referencedTable === oldKey) changed = { ...changed, referencedTable: newKey };
      if (changed !== constraint) {
        this.own('constraints').delete(key);
        this.own('constraints').set(constraintKey(changed.table, changed.name), changed);
      }
    }
    for (const [name, candidate] of this.tables) {
      if (candidate.partitionOf === oldKey) this.own('tables').set(name, { ...candidate, partitionOf: newKey });
    }
  }

  updateColumns(table: string, update: (columns: readonly ColumnInSchema[]) => readonly ColumnInSchema[]): void {
    const existing = this.table(table);
    if (existing) this.putTable({ ...existing, columns: update(existing.columns) });
  }

  putIndex(index: IndexInSchema): void {
    this.own('indexes').set(normaliseName(index.name), { ...index, name: normaliseName(index.name), table: normaliseName(index.table) });
  }

  dropIndex(name: string): void {
    this.own('indexes').delete(normaliseName(name));
  }

  renameIndex(from: string, to: string): void {
    const index = this.index(from);
    if (!index) return;
    this.own('indexes').delete(normaliseName(from));
    this.putIndex({ ...index, name: to });
  }

  putConstraint(constraint: ConstraintInSchema): void {
    const normalised = {
      ...constraint,
      table: normaliseName(constraint.table),
      ...(constraint.referencedTable ? { referencedTable: normaliseName(constraint.referencedTable) } : {}),
    };
    this.own('constraints').set(constraintKey(normalised.table, normalised.name), normalised);
  }

  dropConstraint(table: string, name: string): void {
    this.own('constraints').delete(constraintKey(table, name));
  }

  putSequence(name: string): void {
    this.own('sequences').add(normaliseName(name));
  }

  dropSequence(name: string): void {
    this.own('sequences').delete(normaliseName(name));
  }

  putEnum(name: string, values: readonly string[]): void {
    this.own('enums').set(normaliseName(name), values);
  }

  dropType(name: string): void {
    this.own('enums').delete(normaliseName(name));
  }

  /** ALTER TYPE ... RENAME TO: the enum's values move, and columns of that type follow it (PostgreSQL keeps them by OID). */
  renameType(from: string, to: string): void {
    const values = this.enumValues(from);
    if (values) {
      this.own('enums').delete(normaliseName(from));
      this.putEnum(to, values);
    }
    const [oldName, newName] = [from, to].map((name) => name.slice(name.lastIndexOf('.') + 1).toLowerCase());
    for (const table of [...this.tables.values()]) {
      if (!table.columns.some((column) => column.type?.name === oldName)) continue;
      this.updateColumns(table.name, (columns) =>
        columns.map((column) =>
          column.type?.name === oldName
            ? { ...column, type: { ...column.type, name: newName!, display: column.type.display.replace(oldName!, newName!) } }
            : column,
        ),
      );
    }
  }

  putFunction(fn: FunctionInSchema): void {
    this.own('functions').set(normaliseName(fn.name), { ...fn, name: normaliseName(fn.name) });
  }

  dropFunction(name: string): void {
    this.own('functions').delete(normaliseName(name));
  }

  /** The comment on an object (`kind` as in COMMENT ON: table, column, index...), if the history set one. */
  comment(kind: string, name: string): string | undefined {
    return this.comments.get(`${kind}:${normaliseName(name)}`);
  }

  /** `text` undefined: COMMENT ... IS NULL. */
  setComment(kind: string, name: string, text: string | undefined): void {
    if (text === undefined) this.comments.delete(`${kind}:${normaliseName(name)}`);
    else this.comments.set(`${kind}:${normaliseName(name)}`, text);
  }

  trigger(table: string, name: string): TriggerInSchema | undefined {
    return this.triggers.get(constraintKey(table, name));
  }

  triggersOf(table: string): TriggerInSchema[] {
    const name = normaliseName(table);
    return [...this.triggers.values()].filter((trigger) => trigger.table === name);
  }

  putTrigger(trigger: TriggerInSchema): void {
    this.own('triggers').set(constraintKey(trigger.table, trigger.name), { ...trigger, table: normaliseName(trigger.table) });
  }

  dropTrigger(table: string, name: string): void {
    this.own('triggers').delete(constraintKey(table, name));
  }
}
