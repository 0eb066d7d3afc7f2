/**
 * The schema model a migration file runs against: every earlier forward
 * migration in its folder, folded in order. Each file is parsed once; with
 * `revalidate` (the language server) a changed size or mtime on disk parses
 * it again, without it (one CLI run) files are read once. The schema after
 * each file is kept, so the next file starts from there instead of folding
 * the whole history again.
 */

import * as fs from 'node:fs';
import { decodeSqlBytes } from '../sql/decodeSqlBytes';
import { parseSql, type ParsedStatement } from '../sql/parseSql';
import { applyStatementToSchema, changesSchema } from './applyStatement';
import { earlierForwardMigrations, type FolderListingCache } from './migrationOrder';
import { SchemaModel } from './schemaModel';

interface FileStatements {
  size: number;
  mtimeMs: number;
  /** Only the statements that can change the schema. */
  statements: ParsedStatement[];
}

interface SchemaAfter {
  /** The file versions it was folded from, oldest first; reused only while they are all unchanged. */
  basis: FileStatements[];
  schema: SchemaModel;
}

export class MigrationHistory {
  private readonly statementsByPath = new Map<string, FileStatements>();
  private readonly folderListings: FolderListingCache = new Map();
  private readonly schemaAfterFile = new Map<string, SchemaAfter>();
  /** The basis of the last schemaBefore() per file, so the caller's fold of that file can be kept. */
  private readonly lastBasis = new Map<string, FileStatements[]>();

  constructor(private readonly revalidate: boolean) {}

  async schemaBefore(filePath: string): Promise<SchemaModel> {
    const earlierFiles = this.revalidate ? earlierForwardMigrations(filePath) : earlierForwardMigrations(filePath, this.folderListings);
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

  /** Records statements already parsed by the caller (a CLI run lints the files it folds). */
  remember(filePath: string, size: number, mtimeMs: number, statements: readonly ParsedStatement[]): void {
    this.statementsByPath.set(filePath, { size, mtimeMs, statements: statements.filter(changesSchema) });
  }

  private async fileStatements(filePath: string): Promise<FileStatements> {
    const cached = this.statementsByPath.get(filePath);
    if (cached && !this.revalidate) return cached;
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(filePath);
    } catch {
      stat = undefined;
    }
    if (!stat) return this.store(filePath, { size: -1, mtimeMs: -1, statements: [] }, cached);
    if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(filePath);
    } catch {
      return this.store(filePath, { size: -1, mtimeMs: -1, statements: [] }, cached);
    }
    const parsed = await parseSql(decodeSqlBytes(bytes).text);
    return this.store(filePath, { size: stat.size, mtimeMs: stat.mtimeMs, statements: parsed.statements.filter(changesSchema) }, cached);
  }

  /** Keeps the previous object when nothing changed, so schemas folded from it stay reusable. */
  private store(filePath: string, next: FileStatements, previous: FileStatements | undefined): FileStatements {
    if (previous && previous.size === next.size && previous.mtimeMs === next.mtimeMs) return previous;
    this.statementsByPath.set(filePath, next);
    return next;
  }
}
