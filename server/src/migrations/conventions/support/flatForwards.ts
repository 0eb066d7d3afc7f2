import * as path from 'node:path';
import { isReverseMigration } from '../../migrationOrder';
import { namesBefore, sortedNamesIn, type FolderAccess, type MigrationPart } from '../convention';

/** The forward `.sql` files of the folder that sort before this one (files named like reverses left out). */
export function flatForwardsBefore(file: { directory: string; name: string }, disk: FolderAccess): MigrationPart[] {
  const names = sortedNamesIn(
    disk,
    file.directory,
    'forward .sql files',
    (entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.sql') && !isReverseMigration(entry.name),
  );
  return namesBefore(names, file.name).map((name) => ({ file: path.join(file.directory, name) }));
}
