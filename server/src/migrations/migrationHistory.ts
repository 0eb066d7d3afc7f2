/**
 * The schema model a migration runs against: the forward parts of every
 * earlier migration in its folder, in its convention's order, folded
 * statement by statement. Each file is parsed once; with `revalidate` (the
 * language server) a changed size or mtime on disk parses it again, without
 * it (one CLI run) files are read once. The schema after each file is kept,
 * so the next file starts from there instead of folding the whole history.
 */

import type * as fs from 'node:fs';
import { projectFiles, rethrowIfRefused } from '../files/projectFiles';
import { parseSql, type ParsedStatement } from '../sql/parseSql';
import { applyStatementToSchema, changesSchema } from '../schema/applyStatement';
import { historyRoleOf, locateMigration, uncachedFolderAccess, type ConventionName, type FolderAccess } from './conventions';
import { SchemaModel } from '../schema/schemaModel';

interface FileStatements {
  size: number;
  mtimeMs: number;
  /** Only the statements of forward parts that can change the schema. */
  statements: ParsedStatement[];
}

interface SchemaAfter {
  /** The file versions it was folded from, oldest first; reused only while they are all unchanged. */
  basis: FileStatements[];
  schema: SchemaModel;
}

/** Folder listings and file texts read once per run. */
function cachingFolderAccess(): FolderAccess {
  const listings = new Map<string, fs.Dirent[]>();
  const texts = new Map<string, string>();
  return {
    list(directory) {
      let listing = listings.get(directory);
      if (!listing) {
        listing = uncachedFolderAccess.list(directory);
        listings.set(directory, listing);
      }
      return listing;
    },
    read(filePath) {
      let text = texts.get(filePath);
      if (text === undefined) {
        text = uncachedFolderAccess.read(filePath);
        texts.set(filePath, text);
      }
      return text;
    },
  };
}

export class MigrationHistory {
  private readonly statementsByPath = new Map<string, FileStatements>();
  private readonly schemaAfterFile = new Map<string, SchemaAfter>();
  /** The basis of the last schemaBefore() per file, so the caller's fold of that file can be kept. */
  private readonly lastBasis = new Map<string, FileStatements[]>();
  readonly disk: FolderAccess;

  constructor(
    private readonly revalidate: boolean,
    private readonly forcedConvention?: ConventionName,
  ) {
    this.disk = revalidate ? uncachedFolderAccess : cachingFolderAccess();
  }

  /** The files whose forward parts run before `filePath`, oldest first. */
  historyFiles(filePath: string, text?: string): string[] {
    const located = locateMigration(filePath, text, this.disk, this.forcedConvention);
    return located.convention.earlierForwards(located.file, historyRoleOf(located.layout), this.disk).map((part) => part.file);
  }

  /** `text`: the file's current text when it differs from the disk (an editor buffer). */
  async schemaBefore(filePath: string, text?: string): Promise<SchemaModel> {
    const earlierFiles = this.historyFiles(filePath, text);
    if (!this.revalidate) return this.schemaBeforeOnce(filePath, earlierFiles);
    const basis: FileStatements[] = [];
    for (const earlier of earlierFiles) basis.push(await this.fileStatements(earlier));

    let start = 0;
    let schema = SchemaModel.empty();
    for (let i = earlierFiles.length - 1; i >= 0; i--) {
      const known = this.schemaAfterFile.get(earlierFiles[i]!);
      if (known && known.basis.length === i + 1 && known.basis.every((file, k) => file === basis[k])) {
        schema = known.schema.clone();
        start = i + 1;
        break;
      }
    }
    for (let i = start; i < earlierFiles.length; i++) {
      const earlier = earlierFiles[i]!;
      for (const statement of basis[i]!.statements) applyStatementToSchema(schema, statement, earlier);
      this.schemaAfterFile.set(earlier, { basis: basis.slice(0, i + 1), schema: schema.clone() });
    }
    this.lastBasis.set(filePath, basis);
    return schema;
  }

  /**
   * Without revalidation files never change during the run, so the schema
   * after the latest already-folded earlier file is simply reused: a folder
   * of N files costs O(N) folds, not O(N²) checks.
   */
  private async schemaBeforeOnce(filePath: string, earlierFiles: string[]): Promise<SchemaModel> {
    let start = 0;
    let schema = SchemaModel.empty();
    for (let i = earlierFiles.length - 1; i >= 0; i--) {
      const known = this.schemaAfterFile.get(earlierFiles[i]!);
      if (known) {
        schema = known.schema.clone();
        start = i + 1;
        break;
      }
    }
    for (let i = start; i < earlierFiles.length; i++) {
      const earlier = earlierFiles[i]!;
      for (const statement of (await this.fileStatements(earlier)).statements) applyStatementToSchema(schema, statement, earlier);
      this.schemaAfterFile.set(earlier, { basis: [], schema: schema.clone() });
    }
    this.lastBasis.set(filePath, []);
    return schema;
  }

  /**
   * Takes the schema after `filePath` from elsewhere (a cache of folded
   * histories), so histories through that file are not folded again. Only
   * without revalidation: nothing here could tell when it goes stale.
   */
  adoptSchemaAfter(filePath: string, schema: SchemaModel): void {
    if (!this.revalidate) this.schemaAfterFile.set(filePath, { basis: [], schema });
  }

  /** Records the statements of a file the caller parsed itself (a CLI run lints the files it folds). */
  remember(filePath: string, size: number, mtimeMs: number, statements: readonly ParsedStatement[], text: string): void {
    this.statementsByPath.set(filePath, { size, mtimeMs, statements: this.forwardStatements(filePath, text, statements) });
  }

  /**
   * Keeps the schema the caller folded through `filePath` itself (after
   * `remember` and `schemaBefore` for that file), so the next file's history
   * does not fold it a second time.
   */
  recordSchemaAfter(filePath: string, schemaAfter: SchemaModel): void {
    const basis = this.lastBasis.get(filePath);
    const own = this.statementsByPath.get(filePath);
    if (!basis || !own) return;
    this.schemaAfterFile.set(filePath, { basis: [...basis, own], schema: schemaAfter.clone() });
  }

  /** Statements inside the file's forward parts (dbmate, goose... keep the reverse in the same file). */
  private forwardStatements(filePath: string, text: string, statements: readonly ParsedStatement[]): ParsedStatement[] {
    const { layout } = locateMigration(filePath, text, this.disk, this.forcedConvention);
    const forward = layout.sections.filter((section) => section.role === 'forward');
    return statements.filter(
      (statement) => changesSchema(statement) && forward.some((section) => statement.start >= section.start && statement.start < section.end),
    );
  }

  private async fileStatements(filePath: string): Promise<FileStatements> {
    const cached = this.statementsByPath.get(filePath);
    if (cached && !this.revalidate) return cached;
    let stat: fs.Stats | undefined;
    try {
      stat = projectFiles.stat(filePath);
    } catch (error) {
      rethrowIfRefused(error);
      stat = undefined;
    }
    if (!stat) return this.store(filePath, { size: -1, mtimeMs: -1, statements: [] }, cached);
    if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached;
    const text = this.revalidate ? uncachedFolderAccess.read(filePath) : this.disk.read(filePath);
    const parsed = await parseSql(text);
    return this.store(filePath, { size: stat.size, mtimeMs: stat.mtimeMs, statements: this.forwardStatements(filePath, text, parsed.statements) }, cached);
  }

  /** Keeps the previous object when nothing changed, so schemas folded from it stay reusable. */
  private store(filePath: string, next: FileStatements, previous: FileStatements | undefined): FileStatements {
    if (previous && previous.size === next.size && previous.mtimeMs === next.mtimeMs) return previous;
    this.statementsByPath.set(filePath, next);
    return next;
  }
}
