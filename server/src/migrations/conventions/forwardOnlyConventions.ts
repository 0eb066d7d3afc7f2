/**
 * Tools without reverse migrations: Prisma (`migrations/<ts>_name/migration.sql`),
 * Supabase (`supabase/migrations/<ts>_name.sql`) and plain numbered `.sql`
 * files. A missing reverse is not a finding for them; the history still is.
 */

import * as path from 'node:path';
import { projectFiles } from '../../files/projectFiles';
import { isReverseMigration } from '../migrationOrder';
import { namesBefore, sortedNamesIn, wholeFile, type Convention, type FolderAccess } from './convention';

export const prisma: Convention = {
  name: 'prisma',
  forwardOnly: true,
  matches: (file) => file.name === 'migration.sql' && projectFiles.exists(path.join(path.dirname(file.directory), 'migration_lock.toml')),
  // Prisma applies each migration.sql as one script: multiple statements, one implicit transaction.
  layout: (file) => ({ convention: 'prisma', forwardOnly: true, sections: [wholeFile(file, 'forward', 'implicit', path.basename(file.directory))] }),
  counterpart: () => undefined,
  earlierForwards(file, _role, disk) {
    const root = path.dirname(file.directory);
    const folders = sortedNamesIn(disk, root, 'folders', (entry) => entry.isDirectory());
    return namesBefore(folders, path.basename(file.directory)).map((name) => ({ file: path.join(root, name, 'migration.sql') }));
  },
};

function flatForwards(file: { directory: string; name: string }, disk: FolderAccess) {
  const names = sortedNamesIn(disk, file.directory, 'forward .sql files', (entry) => entry.isFile() && entry.name.toLowerCase().endsWith('.sql') && !isReverseMigration(entry.name));
  return namesBefore(names, file.name).map((name) => ({ file: path.join(file.directory, name) }));
}

export const supabase: Convention = {
  name: 'supabase',
  forwardOnly: true,
  matches: (file) => path.basename(file.directory) === 'migrations' && path.basename(path.dirname(file.directory)) === 'supabase',
  layout: (file) => ({ convention: 'supabase', forwardOnly: true, sections: [wholeFile(file, 'forward', 'implicit', file.name.replace(/\.sql$/, ''))] }),
  counterpart: () => undefined,
  earlierForwards: (file, _role, disk) => flatForwards(file, disk),
};

/**
 * Files no tool is recognised for. With nothing saying otherwise they are
 * taken to run as `psql -f` and most deploy scripts run them: statement by
 * statement, each in its own transaction, unless the file says BEGIN. The
 * transaction-assumed note says so where it matters (transactionMode
 * changes it).
 */
export const plain: Convention = {
  name: 'plain',
  forwardOnly: true,
  matches: () => true,
  layout: (file) => ({
    convention: 'plain',
    forwardOnly: true,
    sections: [wholeFile(file, isReverseMigration(file.name) ? 'reverse' : 'forward', 'none', file.name.replace(/\.sql$/, ''))],
  }),
  counterpart: () => undefined,
  earlierForwards: (file, _role, disk) => (isReverseMigration(file.name) ? [] : flatForwards(file, disk)),
};

export const FORWARD_ONLY_CONVENTIONS: readonly Convention[] = [prisma, supabase];
