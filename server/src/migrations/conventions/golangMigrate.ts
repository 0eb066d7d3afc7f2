/**
 * golang-migrate: `N_name.up.sql` / `N_name.down.sql` (also the
 * `V0001.Name.up.sql` variant), in version order. The postgres driver sends
 * a file as one query string: one implicit transaction when it holds
 * several statements, none when it holds one.
 */

import * as path from 'node:path';
import { projectFiles } from '../../files/projectFiles';
import { namesBefore, sortedNamesIn, wholeFile, type Convention } from './convention';
import { numberedNaming } from './support/phaseNaming';

const UP_DOWN = /^(.*)\.(up|down)\.sql$/i;

export const golangMigrate: Convention = {
  name: 'golang-migrate',
  forwardOnly: false,
  matches: (file) => UP_DOWN.test(file.name),
  layout(file) {
    const [, base, direction] = UP_DOWN.exec(file.name)!;
    return {
      convention: 'golang-migrate',
      forwardOnly: false,
      sections: [wholeFile(file, direction!.toLowerCase() === 'up' ? 'forward' : 'reverse', 'implicit', base!)],
    };
  },
  counterpart(file) {
    const [, base, direction] = UP_DOWN.exec(file.name)!;
    const other = path.join(file.directory, `${base}.${direction!.toLowerCase() === 'up' ? 'down' : 'up'}.sql`);
    return { file: other, exists: projectFiles.exists(other) };
  },
  earlierForwards(file, role, disk) {
    const [, base] = UP_DOWN.exec(file.name)!;
    const ups = sortedNamesIn(disk, file.directory, 'up.sql files', (entry) => entry.isFile() && /\.up\.sql$/i.test(entry.name));
    const own = `${base}.up.sql`;
    const earlier = namesBefore(ups, own);
    if (role === 'reverse' && ups.includes(own)) earlier.push(own);
    return earlier.map((name) => ({ file: `${file.directory}${path.sep}${name}` }));
  },
  bookkeeping: {
    tables: ['schema_migrations'],
    createSql: 'CREATE TABLE IF NOT EXISTS schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)',
  },
  outsideTransaction: 'put it alone in a migration file of its own (a one-statement file is not run as a transaction block)',
  phaseWriter: {
    ...numberedNaming(/^(\d+)_(.+)\.(?:up|down)\.sql$/i),
    folderOf: (file) => path.dirname(file),
    files(folder, version, phase) {
      const base = path.join(folder, `${version}_${phase.slug}`);
      return [
        { path: `${base}.up.sql`, text: phase.forward, kind: 'forward' },
        { path: `${base}.down.sql`, text: phase.reverse, kind: 'reverse' },
      ];
    },
    sourceFiles: (file) => [file, file.replace(/\.up\.sql$/i, '.down.sql')],
  },
};
