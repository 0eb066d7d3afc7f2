/**
 * Conventions that keep forward and reverse in two files: golang-migrate
 * (`N_name.up.sql` / `N_name.down.sql`, and the `V0001.Name.up.sql` variant),
 * diesel (`dir/up.sql` / `dir/down.sql`), Flyway (`V1__x.sql` / `U1__x.sql`)
 * and Sqitch (`deploy/x.sql` / `revert/x.sql` / `verify/x.sql`, ordered by
 * `sqitch.plan`).
 */

import * as path from 'node:path';
import { projectFiles, rethrowIfRefused } from '../../files/projectFiles';
import { compareMigrationNames } from '../migrationOrder';
import { namesBefore, sortedNamesIn, wholeFile, type Convention, type FileContext, type FolderAccess, type MigrationPart, type PartRole } from './convention';

const UP_DOWN = /^(.*)\.(up|down)\.sql$/i;

export const golangMigrate: Convention = {
  name: 'golang-migrate',
  forwardOnly: false,
  matches: (file) => UP_DOWN.test(file.name),
  layout(file) {
    const [, base, direction] = UP_DOWN.exec(file.name)!;
    // The postgres driver sends the file as one query string: one implicit transaction.
    return { convention: 'golang-migrate', forwardOnly: false, sections: [wholeFile(file, direction!.toLowerCase() === 'up' ? 'forward' : 'reverse', 'implicit', base!)] };
  },
  counterpart(file, layout) {
    const [, base, direction] = UP_DOWN.exec(file.name)!;
    const other = path.join(file.directory, `${base}.${direction!.toLowerCase() === 'up' ? 'down' : 'up'}.sql`);
    void layout;
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
};

/** diesel runs a migration in a transaction unless its metadata.toml says `run_in_transaction = false`. */
function dieselRunsInTransaction(migrationDirectory: string, disk: FolderAccess): boolean {
  const metadata = path.join(migrationDirectory, 'metadata.toml');
  // A stat, not a listing: nearly every migration folder lacks the file.
  if (!projectFiles.exists(metadata)) return true;
  return !/run_in_transaction\s*=\s*false/.test(disk.read(metadata));
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
};

const FLYWAY = /^([VU])([\d._]+)__(.+)\.sql$/;

function flywayVersion(name: string): string {
  return FLYWAY.exec(name)?.[2]?.replace(/_/g, '.') ?? '';
}

/** Flyway runs a script in a transaction unless its `<script>.conf` says `executeInTransaction=false`. */
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
    // Repeatable migrations (R__) have no undo; they rerun whenever they change.
    const role: PartRole = match?.[1] === 'U' ? 'reverse' : 'forward';
    return { convention: 'flyway', forwardOnly: false, sections: [wholeFile(file, role, flywayRunsInTransaction(file, disk) ? 'wrapped' : 'none', match ? flywayVersion(file.name) : file.name)] };
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
    const forwards = disk.list(file.directory)
      .filter((entry) => entry.isFile() && /^V[\d._]+__.+\.sql$/.test(entry.name))
      .map((entry) => ({ name: entry.name, version: flywayVersion(entry.name) }))
      .sort((a, b) => compareMigrationNames(a.version, b.version));
    return forwards
      .filter((entry) => compareMigrationNames(entry.version, version) < 0 || (role === 'reverse' && entry.version === version))
      .map((entry) => ({ file: path.join(file.directory, entry.name) }));
  },
};

/** The sqitch project root: the nearest directory up from the file holding `sqitch.plan`. */
function sqitchRoot(file: FileContext): string | undefined {
  let directory = path.dirname(file.directory);
  for (let depth = 0; depth < 4; depth++) {
    if (projectFiles.exists(path.join(directory, 'sqitch.plan'))) return directory;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
  return undefined;
}

/** Change names in plan order (lines that are not comments, pragmas or tags). */
export function sqitchPlanChanges(planText: string): string[] {
  const changes: string[] = [];
  for (const line of planText.split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('%') || trimmed.startsWith('@')) continue;
    const name = trimmed.split(/\s+/)[0]!;
    if (!changes.includes(name)) changes.push(name);
  }
  return changes;
}

export const sqitch: Convention = {
  name: 'sqitch',
  forwardOnly: false,
  matches: (file) => ['deploy', 'revert', 'verify'].includes(path.basename(file.directory)) && sqitchRoot(file) !== undefined,
  layout(file) {
    const kind = path.basename(file.directory);
    const role: PartRole = kind === 'deploy' ? 'forward' : kind === 'revert' ? 'reverse' : 'verify';
    // sqitch runs scripts through psql, statement by statement; scripts bring their own BEGIN/COMMIT.
    return { convention: 'sqitch', forwardOnly: false, sections: [wholeFile(file, role, 'none', file.name.replace(/\.sql$/, ''))] };
  },
  counterpart(file) {
    const kind = path.basename(file.directory);
    const other = path.join(path.dirname(file.directory), kind === 'deploy' ? 'revert' : 'deploy', file.name);
    return { file: other, exists: projectFiles.exists(other) };
  },
  earlierForwards(file, role) {
    const root = sqitchRoot(file);
    if (!root) return [];
    let changes: string[];
    try {
      changes = sqitchPlanChanges(projectFiles.readText(path.join(root, 'sqitch.plan')));
    } catch (error) {
      rethrowIfRefused(error);
      return [];
    }
    const own = file.name.replace(/\.sql$/, '');
    const at = changes.indexOf(own);
    const earlier = at === -1 ? changes : changes.slice(0, role === 'reverse' ? at + 1 : at);
    return earlier.map((change): MigrationPart => ({ file: path.join(root, 'deploy', `${change}.sql`) }));
  },
};

export const TWO_FILE_CONVENTIONS: readonly Convention[] = [sqitch, diesel, flyway, golangMigrate];

