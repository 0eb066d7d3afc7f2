/**
 * The schema model a migration file runs against: the effects of every
 * earlier forward migration in its folder, folded in order. Each file's
 * effects are computed once; with `revalidate` (the language server) a
 * changed size or mtime on disk recomputes them, without it (one CLI run)
 * files are read once.
 */

import * as fs from 'node:fs';
import { decodeSqlBytes } from '../sql/decodeSqlBytes';
import { parseSql } from '../sql/parseSql';
import { tableEffectsOf, type TableEffects } from '../reverse/statementEffects';
import { earlierForwardMigrations, type FolderListingCache } from './migrationOrder';
import { SchemaModel } from './schemaModel';

interface FileEffects {
  size: number;
  mtimeMs: number;
  effects: TableEffects[];
}

export class MigrationHistory {
  private readonly effectsByPath = new Map<string, FileEffects>();
  private readonly folderListings: FolderListingCache = new Map();
  /** Without revalidation: the schema after each file, so a folder of N files folds in O(N), not O(N²). */
  private readonly schemaAfterFile = new Map<string, SchemaModel>();

  constructor(private readonly revalidate: boolean) {}

  async schemaBefore(filePath: string): Promise<SchemaModel> {
    const earlierFiles = this.earlierFiles(filePath);
    let start = 0;
    let schema = SchemaModel.empty();
    if (!this.revalidate) {
      for (let i = earlierFiles.length - 1; i >= 0; i--) {
        const known = this.schemaAfterFile.get(earlierFiles[i]!);
        if (known) {
          schema = known.clone();
          start = i + 1;
          break;
        }
      }
    }
    for (const earlier of earlierFiles.slice(start)) {
      for (const effects of await this.fileEffects(earlier)) schema.apply(effects, earlier);
      if (!this.revalidate) this.schemaAfterFile.set(earlier, schema.clone());
    }
    return schema;
  }

  /** Record effects already computed by the caller (a CLI run lints the files it folds). */
  remember(filePath: string, size: number, mtimeMs: number, effects: TableEffects[]): void {
    this.effectsByPath.set(filePath, { size, mtimeMs, effects });
  }

  private earlierFiles(filePath: string): string[] {
    return this.revalidate ? earlierForwardMigrations(filePath) : earlierForwardMigrations(filePath, this.folderListings);
  }

  private async fileEffects(filePath: string): Promise<TableEffects[]> {
    const cached = this.effectsByPath.get(filePath);
    if (cached && !this.revalidate) return cached.effects;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(filePath);
    } catch {
      return [];
    }
    if (cached && cached.size === stat.size && cached.mtimeMs === stat.mtimeMs) return cached.effects;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(filePath);
    } catch {
      return [];
    }
    const parsed = await parseSql(decodeSqlBytes(bytes).text);
    const effects = parsed.statements.map(tableEffectsOf);
    this.effectsByPath.set(filePath, { size: stat.size, mtimeMs: stat.mtimeMs, effects });
    return effects;
  }
}
