/**
 * diesel: a folder per migration (`YYYY-MM-DD-HHMMSS_name/`) holding
 * `up.sql` and `down.sql`, in folder-name order. Each runs in a transaction
 * unless the folder's `metadata.toml` says `run_in_transaction = false`.
 */

import * as path from 'node:path';
import { projectFiles } from '../../files/projectFiles';
import { namesBefore, sortedNamesIn, wholeFile, type Convention, type FolderAccess, type PartRole } from './convention';

function dieselRunsInTransaction(migrationDirectory: string, disk: FolderAccess): boolean {
  const metadata = path.join(migrationDirectory, 'metadata.toml');
  // A stat, not a listing: nearly every migration folder lacks the file.
  if (!projectFiles.exists(metadata)) return true;
  return !/run_in_transaction\s*=\s*false/.test(disk.read(metadata));
}

const FOLDER = /^(\d{4}-\d{2}-\d{2}-\d{6})_(.+)$/;

function timeOf(version: string): Date {
  const [, y, mo, d, h, mi, s] = /^(\d{4})-(\d{2})-(\d{2})-(\d{2})(\d{2})(\d{2})$/.exec(version)!;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}

export const diesel: Convention = {
  name: 'diesel',
  forwardOnly: false,
  matches: (file) => /^(up|down)\.sql$/i.test(file.name),
  layout(file, disk) {
    const role: PartRole = file.name.toLowerCase() === 'up.sql' ? 'forward' : 'reverse';
    const transaction = dieselRunsInTransaction(file.directory, disk) ? 'wrapped' : 'none';
    return { convention: 'diesel', forwardOnly: false, sections: [wholeFile(file, role, transaction, path.basename(file.directory))] };
  },
  counterpart(file) {
    const other = path.join(file.directory, file.name.toLowerCase() === 'up.sql' ? 'down.sql' : 'up.sql');
    return { file: other, exists: projectFiles.exists(other) };
  },
  earlierForwards(file, role, disk) {
    const root = path.dirname(file.directory);
    const current = path.basename(file.directory);
    const folders = sortedNamesIn(disk, root, 'folders', (entry) => entry.isDirectory());
    const earlier = namesBefore(folders, current);
    if (role === 'reverse') earlier.push(current);
    // A folder without up.sql yields a path that does not exist; readers treat a missing file as empty.
    // (Concatenation, not path.join: this runs for every earlier folder of every file.)
    return earlier.map((name) => ({ file: `${root}${path.sep}${name}${path.sep}up.sql` }));
  },
  bookkeeping: {
    tables: ['__diesel_schema_migrations'],
    createSql:
      'CREATE TABLE IF NOT EXISTS __diesel_schema_migrations (version varchar(50) PRIMARY KEY NOT NULL, run_on timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP)',
  },
  outsideTransaction: 'put it in a migration of its own with run_in_transaction = false in its metadata.toml',
  phaseWriter: {
    source(file) {
      const match = FOLDER.exec(path.basename(path.dirname(file)));
      return match ? { version: match[1]!, name: match[2]! } : undefined;
    },
    folderOf: (file) => path.dirname(path.dirname(file)),
    existing: (folder) => projectFiles.list(folder).flatMap((entry) => (entry.isDirectory() ? (FOLDER.exec(entry.name)?.[1] ?? []) : [])),
    next(version, steps) {
      const iso = new Date(timeOf(version).getTime() + steps * 1000).toISOString();
      return `${iso.slice(0, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
    },
    compare: (a, b) => timeOf(a).getTime() - timeOf(b).getTime(),
    files(folder, version, phase) {
      const directory = path.join(folder, `${version}_${phase.slug}`);
      return [
        { path: path.join(directory, 'up.sql'), text: phase.forward, kind: 'forward' },
        { path: path.join(directory, 'down.sql'), text: phase.reverse, kind: 'reverse' },
        ...(phase.outsideTransaction ? [{ path: path.join(directory, 'metadata.toml'), text: 'run_in_transaction = false\n', kind: 'settings' as const }] : []),
      ];
    },
    sourceFiles: (file) => ['up.sql', 'down.sql', 'metadata.toml'].map((name) => path.join(path.dirname(file), name)),
  },
};
