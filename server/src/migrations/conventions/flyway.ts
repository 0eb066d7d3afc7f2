/**
 * Flyway: `V<version>__name.sql` forwards and `U<version>__name.sql` undos
 * (repeatable `R__name.sql` have none), in version order. A script runs in
 * a transaction unless its `<script>.conf` says `executeInTransaction=false`.
 */

import * as path from 'node:path';
import { projectFiles } from '../../files/projectFiles';
import { compareMigrationNames } from '../migrationOrder';
import { wholeFile, type Convention, type FileContext, type FolderAccess, type PartRole } from './convention';
import { numberedNaming } from './support/phaseNaming';

const FLYWAY = /^([VU])([\d._]+)__(.+)\.sql$/;

function flywayVersion(name: string): string {
  return FLYWAY.exec(name)?.[2]?.replace(/_/g, '.') ?? '';
}

function flywayRunsInTransaction(file: FileContext, disk: FolderAccess): boolean {
  const settings = `${file.directory}${path.sep}${file.name}.conf`;
  if (!projectFiles.exists(settings)) return true;
  return !/^\s*executeInTransaction\s*=\s*false\b/m.test(disk.read(settings));
}

export const flyway: Convention = {
  name: 'flyway',
  forwardOnly: false,
  matches: (file) => FLYWAY.test(file.name) || /^R__.+\.sql$/.test(file.name),
  layout(file, disk) {
    const match = FLYWAY.exec(file.name);
    const role: PartRole = match?.[1] === 'U' ? 'reverse' : 'forward';
    return {
      convention: 'flyway',
      forwardOnly: false,
      sections: [wholeFile(file, role, flywayRunsInTransaction(file, disk) ? 'wrapped' : 'none', match ? flywayVersion(file.name) : file.name)],
    };
  },
  counterpart(file, _layout, _index, disk) {
    const match = FLYWAY.exec(file.name);
    if (!match) return undefined;
    const wanted = match[1] === 'V' ? 'U' : 'V';
    const version = flywayVersion(file.name);
    const found = disk.list(file.directory).find((entry) => entry.isFile() && entry.name.startsWith(wanted) && flywayVersion(entry.name) === version);
    return { file: path.join(file.directory, found?.name ?? `${wanted}${match[2]}__${match[3]}.sql`), exists: found !== undefined };
  },
  earlierForwards(file, role, disk) {
    const version = flywayVersion(file.name);
    const forwards = disk
      .list(file.directory)
      .filter((entry) => entry.isFile() && /^V[\d._]+__.+\.sql$/.test(entry.name))
      .map((entry) => ({ name: entry.name, version: flywayVersion(entry.name) }))
      .sort((a, b) => compareMigrationNames(a.version, b.version));
    return forwards
      .filter((entry) => compareMigrationNames(entry.version, version) < 0 || (role === 'reverse' && entry.version === version))
      .map((entry) => ({ file: path.join(file.directory, entry.name) }));
  },
  bookkeeping: { tables: ['flyway_schema_history', 'schema_version'] },
  outsideTransaction: 'put it in a migration of its own with executeInTransaction=false in its script configuration',
  phaseWriter: {
    ...numberedNaming(/^[VU](\d+)__(.+)\.sql$/),
    expectedName: 'with a whole-number version (V3__name.sql)',
    folderOf: (file) => path.dirname(file),
    files(folder, version, phase) {
      const forward = path.join(folder, `V${version}__${phase.slug}.sql`);
      const reverse = path.join(folder, `U${version}__${phase.slug}.sql`);
      return [
        { path: forward, text: phase.forward, kind: 'forward' },
        { path: reverse, text: phase.reverse, kind: 'reverse' },
        ...(phase.outsideTransaction
          ? [forward, reverse].map((script) => ({ path: `${script}.conf`, text: 'executeInTransaction=false\n', kind: 'settings' as const }))
          : []),
      ];
    },
    sourceFiles: (file, folder) => [file, path.join(folder, path.basename(file).replace(/^V/, 'U'))].flatMap((script) => [script, `${script}.conf`]),
  },
};
