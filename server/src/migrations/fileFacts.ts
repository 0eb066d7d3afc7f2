/**
 * The facts layer for one migration file: per statement, the locks it takes
 * (computed against the schema as it is just before that statement), the
 * relations created earlier in the same file, the lock_timeout in force, the
 * transaction it runs in, and the columns it changes as they were before.
 * Rules read these; they never fold the schema or parse themselves.
 */

import type { LockFact } from '../locks/lockFact';
import { lockFactsFor } from '../locks/statementLocks';
import { lockTimeoutChangeOf, type LockTimeoutChange } from '../locks/sessionSettings';
import type { ParsedSql, ParsedStatement } from '../sql/parseSql';
import { relationName, type RangeVarNode } from '../sql/astNames';
import { applyStatementToSchema, changesSchema } from '../schema/applyStatement';
import { normaliseName, type ColumnInSchema, type SchemaModel } from '../schema/schemaModel';
import { TableSizes } from './tableSizes';
import { conventionByName, type FileLayout, type FileSection } from './conventions';
import type { PairFacts } from './pairFacts';

/**
 * How the migration tool runs a file: `auto` follows the detected
 * convention (and treats a multi-statement query string as one transaction);
 * `always` and `never` override it.
 */
export type TransactionMode = 'auto' | 'always' | 'never';

export interface StatementFacts {
  statement: ParsedStatement;
  locks: LockFact[];
  /** Relations created earlier in this same file: new, empty, unused by anyone yet. Names normalised. */
  tablesCreatedEarlierInFile: ReadonlySet<string>;
  /** Set when this statement changes lock_timeout for the statements after it. */
  lockTimeoutChange: LockTimeoutChange | undefined;
  /** Inside an explicit BEGIN ... COMMIT of the file. */
  inExplicitTransaction: boolean;
  /** Runs inside a transaction block: an explicit one, or the one the tool wraps the file in. */
  inTransaction: boolean;
  /** Columns this statement alters or renames, as they were just before it; keyed `table.column`. */
  columnsBefore: ReadonlyMap<string, ColumnInSchema>;
  /** The migration part the statement belongs to; undefined for text outside every part (the tool does not run it). */
  section: FileSection | undefined;
  /** BEGIN/START TRANSACTION opens a transaction block, COMMIT/ROLLBACK/PREPARE TRANSACTION ends one. */
  transactionControl: 'begin' | 'end' | undefined;
  /** A number shared by the statements of one transaction; undefined for a statement that runs on its own (and for BEGIN/COMMIT). */
  transaction: number | undefined;
}

export interface FileFacts {
  statements: StatementFacts[];
  /** The schema before the file's first statement (the history). */
  schemaBefore: SchemaModel;
  /** The schema after the file's last statement. */
  schemaAfter: SchemaModel;
  pgVersion: number;
  /** The migration tool runs the (first part of the) file in one transaction. */
  fileRunsInTransaction: boolean;
  /** The configured override of the convention's transaction handling. */
  transactionMode: TransactionMode;
  /**
   * No tool is recognised, transactionMode is `auto` and the file has no
   * BEGIN, COMMIT or ROLLBACK: that its statements run one by one is an assumption, not
   * knowledge (the transaction-assumed note says so where it matters).
   */
  transactionAssumed: boolean;
  /** The file's parts per its convention (one forward part for plain files). */
  layout: FileLayout;
  /** Each part's counterpart (the reverse of a forward, the forward of a reverse) and both sides' effects. */
  pairs: PairFacts | undefined;
  /** This file's path (or URI for unsaved buffers). */
  path: string;
  /** The text analysed (fixes that rewrite the file's layout start from it). */
  text: string;
  /** Known table sizes (config, database statistics); empty when none are known. */
  tableSizes: TableSizes;
}

export interface FileFactsOptions {
  pgVersion: number;
  transactionMode: TransactionMode;
  /** Recorded as where objects created by this file come from. */
  migrationPath: string;
  tableSizes?: TableSizes;
  /** The file's parts; without it the whole file is one forward part run statement by statement. */
  layout?: FileLayout;
  pairs?: PairFacts;
}

function isNewRelation(schema: SchemaModel, name: string, migrationPath: string): boolean {
  return schema.table(name)?.createdIn === migrationPath;
}

/** The columns a statement alters, so rules can compare with what they were. */
function touchedColumns(statement: ParsedStatement): { table: string; column: string }[] {
  if (statement.kind === 'AlterTableStmt') {
    const body = statement.node?.['AlterTableStmt'] as { relation?: RangeVarNode; cmds?: { AlterTableCmd?: { name?: string } }[] } | undefined;
    const table = relationName(body?.relation);
    if (!table) return [];
    return (body?.cmds ?? []).flatMap((entry) => (entry.AlterTableCmd?.name ? [{ table, column: entry.AlterTableCmd.name }] : []));
  }
  if (statement.kind === 'RenameStmt') {
    const body = statement.node?.['RenameStmt'] as { relation?: RangeVarNode; subname?: string; renameType?: string } | undefined;
    const table = relationName(body?.relation);
    if (table && body?.renameType === 'OBJECT_COLUMN' && body.subname) return [{ table, column: body.subname }];
  }
  return [];
}

function transactionKind(statement: ParsedStatement): string | undefined {
  if (statement.kind !== 'TransactionStmt') return undefined;
  return (statement.node?.['TransactionStmt'] as { kind?: string } | undefined)?.kind;
}

function transactionControlOf(statement: ParsedStatement): 'begin' | 'end' | undefined {
  const kind = transactionKind(statement);
  if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return 'begin';
  if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_COMMIT_PREPARED' || kind === 'TRANS_STMT_PREPARE') return 'end';
  return undefined;
}

/** Which statements share a transaction: an explicit BEGIN ... COMMIT, or the one the tool runs a part in, ended early by a COMMIT. */
function numberTransactions(statements: StatementFacts[]): void {
  let current = 0;
  let previousSection = statements[0]?.section;
  for (const facts of statements) {
    if (facts.section !== previousSection) current++;
    previousSection = facts.section;
    if (facts.transactionControl) {
      current++;
      facts.transaction = undefined;
    } else facts.transaction = facts.inTransaction ? current : undefined;
  }
}

function sectionOf(layout: FileLayout, offset: number): FileSection | undefined {
  return layout.sections.find((section) => offset >= section.start && offset < section.end);
}

/** Whether the tool runs `section` inside a transaction block, given how many statements it holds. */
function sectionInTransaction(section: FileSection | undefined, statementCount: number, mode: TransactionMode): boolean {
  if (mode === 'always') return true;
  if (mode === 'never' || !section) return false;
  if (section.transaction === 'wrapped') return true;
  return section.transaction === 'implicit' && statementCount > 1;
}

export function factsOfFile(parsed: ParsedSql, schemaBefore: SchemaModel, options: FileFactsOptions): FileFacts {
  const schema = schemaBefore.clone();
  // Text with no file (an unsaved buffer) has no tool either: statement by statement, like the plain convention.
  const layout: FileLayout = options.layout ?? {
    convention: 'plain',
    forwardOnly: true,
    sections: [{ role: 'forward', start: 0, end: parsed.text.length, transaction: 'none', migrationId: options.migrationPath }],
  };
  const sectionOfStatement = parsed.statements.map((statement) => sectionOf(layout, statement.start));
  const statementsPerSection = new Map<FileSection, number>();
  for (const section of sectionOfStatement) if (section) statementsPerSection.set(section, (statementsPerSection.get(section) ?? 0) + 1);
  const sectionRunsInTransaction = (section: FileSection | undefined): boolean =>
    sectionInTransaction(section, section ? (statementsPerSection.get(section) ?? 0) : 0, options.transactionMode);
  const fileRunsInTransaction = sectionRunsInTransaction(sectionOfStatement[0] ?? layout.sections[0]);
  let createdInFile: ReadonlySet<string> = new Set<string>();
  let inExplicitTransaction = false;
  const noColumns: ReadonlyMap<string, ColumnInSchema> = new Map();

  let previousSection: FileSection | undefined;
  const statements = parsed.statements.map((statement, index): StatementFacts => {
    const section = sectionOfStatement[index];
    // Each part runs as its own migration, usually much later: what an earlier part created is not new any more.
    if (section !== previousSection && previousSection !== undefined) createdInFile = new Set<string>();
    previousSection = section ?? previousSection;
    const transaction = transactionKind(statement);
    if (transaction === 'TRANS_STMT_BEGIN' || transaction === 'TRANS_STMT_START') inExplicitTransaction = true;
    const touched = touchedColumns(statement);
    const columnsBefore = touched.length === 0 ? noColumns : new Map<string, ColumnInSchema>();
    for (const { table, column } of touched) {
      const before = schema.column(table, column);
      if (before) (columnsBefore as Map<string, ColumnInSchema>).set(`${normaliseName(table)}.${column}`, before);
    }
    const facts: StatementFacts = {
      statement,
      locks: lockFactsFor(statement, { pgVersion: options.pgVersion, schema }),
      tablesCreatedEarlierInFile: createdInFile,
      lockTimeoutChange: lockTimeoutChangeOf(statement),
      inExplicitTransaction: inExplicitTransaction && transaction === undefined,
      inTransaction: (inExplicitTransaction && transaction === undefined) || sectionRunsInTransaction(section),
      columnsBefore,
      section,
      transactionControl: transactionControlOf(statement),
      transaction: undefined,
    };
    if (transaction === 'TRANS_STMT_COMMIT' || transaction === 'TRANS_STMT_ROLLBACK') inExplicitTransaction = false;
    if (changesSchema(statement)) {
      applyStatementToSchema(schema, statement, options.migrationPath);
      const created = new Set<string>();
      for (const candidate of lockedOrNamedRelations(statement)) {
        if (isNewRelation(schema, candidate, options.migrationPath)) created.add(normaliseName(candidate));
      }
      if ([...created].some((name) => !createdInFile.has(name))) createdInFile = new Set([...createdInFile, ...created]);
    }
    return facts;
  });
  numberTransactions(statements);
  return {
    statements,
    schemaBefore,
    schemaAfter: schema,
    pgVersion: options.pgVersion,
    fileRunsInTransaction,
    transactionMode: options.transactionMode,
    transactionAssumed:
      conventionByName(layout.convention).assumed === true &&
      options.transactionMode === 'auto' &&
      !parsed.statements.some((statement) => transactionKind(statement) !== undefined),
    tableSizes: options.tableSizes ?? TableSizes.none(),
    layout,
    pairs: options.pairs,
    path: options.migrationPath,
    text: parsed.text,
  };
}

/** Relation names a statement creates or renames to, to keep `tablesCreatedEarlierInFile` current. */
function lockedOrNamedRelations(statement: ParsedStatement): string[] {
  if (statement.kind === 'ViewStmt') {
    const name = relationName(statement.leadingRelation());
    return name ? [name] : [];
  }
  const body = statement.kind ? (statement.node?.[statement.kind] as Record<string, unknown> | undefined) : undefined;
  if (!body) return [];
  switch (statement.kind) {
    case 'CreateStmt':
      return [relationName(body['relation'] as RangeVarNode)].filter((name): name is string => name !== undefined);
    case 'CreateTableAsStmt':
      return [relationName((body['into'] as { rel?: RangeVarNode } | undefined)?.rel)].filter((name): name is string => name !== undefined);
    case 'RenameStmt': {
      const relation = body['relation'] as RangeVarNode | undefined;
      const newName = body['newname'] as string | undefined;
      if (!relation || !newName || body['renameType'] !== 'OBJECT_TABLE') return [];
      return [relation.schemaname ? `${relation.schemaname}.${newName}` : newName];
    }
    default:
      return [];
  }
}
