/** Prisma: `migrations/<timestamp>_name/migration.sql` beside `migration_lock.toml`; forward only, each applied as one script. */

import * as path from 'node:path';
import { projectFiles } from '../../files/projectFiles';
import { namesBefore, sortedNamesIn, wholeFile, type Convention } from './convention';

export const prisma: Convention = {
  name: 'prisma',
  forwardOnly: true,
  matches: (file) => file.name === 'migration.sql' && projectFiles.exists(path.join(path.dirname(file.directory), 'migration_lock.toml')),
  // Several statements in one script: one implicit transaction.
  layout: (file) => ({ convention: 'prisma', forwardOnly: true, sections: [wholeFile(file, 'forward', 'implicit', path.basename(file.directory))] }),
  counterpart: () => undefined,
  earlierForwards(file, _role, disk) {
    const root = path.dirname(file.directory);
    const folders = sortedNamesIn(disk, root, 'folders', (entry) => entry.isDirectory());
    return namesBefore(folders, path.basename(file.directory)).map((name) => ({ file: path.join(root, name, 'migration.sql') }));
  },
  bookkeeping: { tables: ['_prisma_migrations'] },
  outsideTransaction: 'put it alone in a migration of its own',
};
