/**
 * Where the backfill scripts of a planned change live and which migration
 * each one follows: `backfills/<version>_<name>.sql` in the folder that
 * holds the migrations folder, `<version>` the version of the migration it
 * runs after (`0003` for `0003_x.up.sql`, `2024-01-02-000000` for diesel's
 * `2024-01-02-000000_x/up.sql`, `3` for Flyway's `V3__x.sql`).
 */

import * as path from 'node:path';

/** The version a migration file's name (or its diesel folder's) carries, if any. */
export function migrationVersionOf(file: string): string | undefined {
  const name = path.basename(file);
  if (/^(up|down)\.sql$/i.test(name)) return /^(\d[\d-]*)_/.exec(path.basename(path.dirname(file)))?.[1];
  return /^[VU](\d+(?:[._]\d+)*)__/.exec(name)?.[1] ?? /^(\d+)_/.exec(name)?.[1];
}

/** The migrations folder a migration belongs to (for diesel, the folder above the migration's own). */
export function migrationsFolderOf(file: string): string {
  const directory = path.dirname(file);
  return /^(up|down)\.sql$/i.test(path.basename(file)) ? path.dirname(directory) : directory;
}

export function backfillFolderFor(file: string): string {
  return path.join(path.dirname(migrationsFolderOf(file)), 'backfills');
}
