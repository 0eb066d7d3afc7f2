/**
 * Schema models folded from a history, kept on disk by content hash. A
 * repeated drill of the newest pair of a 300-migration folder otherwise
 * parses and folds the whole history again: 0.85 s of a 3 s drill.
 *
 * The key covers every history file's path and text, the convention, and
 * the code that folded it (the running file: in the bundles that is all of
 * the folding code), so an edited history or a new fearless misses.
 */

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import { defaultCacheDirectory } from '../cacheDirectory';
import type { MigrationHistory } from './migrationHistory';
import { SchemaModel, type SchemaRecord } from '../schema/schemaModel';

/** Folded schemas kept; the least recently used go first. */
const KEPT_SCHEMAS = 16;

let codeIdentity: string | undefined;

function foldingCodeIdentity(): string {
  codeIdentity ??= createHash('sha256').update(fs.readFileSync(__filename)).digest('hex');
  return codeIdentity;
}

function schemaKey(history: MigrationHistory, files: readonly string[], convention: string | undefined): string {
  const hash = createHash('sha256').update(`${foldingCodeIdentity()}\u0000${convention ?? ''}`);
  for (const file of files) {
    let text: string;
    try {
      text = history.disk.read(file);
    } catch {
      text = '\u0000missing';
    }
    hash.update(`\u0000${file}\u0000${text}`);
  }
  return hash.digest('hex').slice(0, 32);
}

function read(file: string): SchemaModel | undefined {
  try {
    const record = v8.deserialize(fs.readFileSync(file)) as SchemaRecord;
    fs.utimesSync(file, new Date(), new Date());
    return SchemaModel.fromRecord(record);
  } catch {
    // Missing, or written by an older Node: fold again.
    return undefined;
  }
}

function keep(directory: string, file: string, schema: SchemaModel): void {
  const building = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(directory, { recursive: true });
    fs.writeFileSync(building, v8.serialize(schema.toRecord()));
    fs.renameSync(building, file);
    const kept = fs
      .readdirSync(directory)
      .filter((name) => name.endsWith('.schema'))
      .map((name) => ({ name, used: fs.statSync(path.join(directory, name)).mtimeMs }))
      .sort((a, b) => b.used - a.used);
    for (const old of kept.slice(KEPT_SCHEMAS)) fs.rmSync(path.join(directory, old.name), { force: true });
  } catch {
    // A read-only or full cache directory: the next run folds again.
    fs.rmSync(building, { force: true });
  }
}

/**
 * Runs `analyse` (which folds the history before `filePath` through
 * `history`) with that fold taken from the cache when it is there, and
 * keeps the fold in the cache when it was not.
 */
export async function withFoldedSchemaCache<T>(
  history: MigrationHistory,
  filePath: string,
  text: string,
  options: { convention?: string; cacheDirectory?: string },
  analyse: () => Promise<T>,
): Promise<T> {
  const files = history.historyFiles(filePath, text);
  if (files.length === 0) return analyse();
  const directory = path.join(options.cacheDirectory ?? defaultCacheDirectory(), 'folded-schemas');
  const file = path.join(directory, `${schemaKey(history, files, options.convention)}.schema`);
  const cached = read(file);
  if (cached) {
    history.adoptSchemaAfter(files.at(-1)!, cached);
    return analyse();
  }
  const result = await analyse();
  keep(directory, file, await history.schemaBefore(filePath, text));
  return result;
}
