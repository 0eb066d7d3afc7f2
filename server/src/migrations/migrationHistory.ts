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
import { earlierForwardMigrations, listDirectory } from './migrationOrder';
import { SchemaModel } from './schemaModel';

interface FileEffects {
  size: number;
  mtimeMs: number;
  effects: TableEffects[];
}

export class MigrationHistory {
  private readonly effectsByPath = new Map<string, FileEffects>();
  private readonly listingByDirectory = new Map<string, fs.Dirent[]>();

  constructor(private readonly revalidate: boolean) {}

  async schemaBefore(filePath: string): Promise<SchemaModel> {
    const schema = SchemaModel.empty();
    for (const earlier of this.earlierFiles(filePath)) {
      for (const effects of await this.fileEffects(earlier)) schema.apply(effects, earlier);
    }
    return schema;
  }

  /** Record effects already computed by the caller (a CLI run lints the files it folds). */
  remember(filePath: string, size: number, mtimeMs: number, effects: TableEffects[]): void {
    this.effectsByPath.set(filePath, { size, mtimeMs, effects });
  }

  private earlierFiles(filePath: string): string[] {
    if (this.revalidate) return earlierForwardMigrations(filePath);
    return earlierForwardMigrations(filePath, (directory) => {
      let listing = this.listingByDirectory.get(directory);
      if (!listing) {
        listing = listDirectory(directory);
        this.listingByDirectory.set(directory, listing);
      }
      return listing;
    });
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
