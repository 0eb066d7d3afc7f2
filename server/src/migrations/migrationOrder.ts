/**
 * Which files are forward migrations in a folder and in what order they run.
 * Issue 4 adds the full set of conventions; this knows the common layouts:
 * `dir/up.sql` (diesel), `N_name.up.sql` (golang-migrate), `V1__x.sql`
 * (Flyway) and plain numbered `.sql` files.
 */

import * as path from 'node:path';
import * as fs from 'node:fs';

const REVERSE_FILE = /(^|[._-])down\.sql$|^U\d[^/]*__.*\.sql$|(^|[._-])(revert|rollback)\.sql$/i;

export function isReverseMigration(fileName: string): boolean {
  return REVERSE_FILE.test(fileName);
}

/** Compares names with digit runs as numbers, so `2_x` sorts before `10_x`. */
export function compareMigrationNames(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'variant' });
}

export type DirectoryLister = (directory: string) => fs.Dirent[];

export function listDirectory(directory: string): fs.Dirent[] {
  try {
    return fs.readdirSync(directory, { withFileTypes: true });
  } catch {
    return [];
  }
}

/**
 * The forward migrations that run before `filePath`, oldest first. For
 * `dir/up.sql` layouts a folder without `up.sql` yields a path that does
 * not exist; readers treat a missing file as empty.
 */
export function earlierForwardMigrations(filePath: string, list: DirectoryLister = listDirectory): string[] {
  const absolute = path.resolve(filePath);
  const fileName = path.basename(absolute);
  const directory = path.dirname(absolute);

  if (fileName.toLowerCase() === 'up.sql') {
    const root = path.dirname(directory);
    const current = path.basename(directory);
    return list(root)
      .filter((entry) => entry.isDirectory() && compareMigrationNames(entry.name, current) < 0)
      .map((entry) => entry.name)
      .sort(compareMigrationNames)
      .map((name) => path.join(root, name, 'up.sql'));
  }

  if (isReverseMigration(fileName)) return [];
  return list(directory)
    .filter((entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.sql') && !isReverseMigration(entry.name))
    .map((entry) => entry.name)
    .filter((name) => compareMigrationNames(name, fileName) < 0)
    .sort(compareMigrationNames)
    .map((name) => path.join(directory, name));
}
