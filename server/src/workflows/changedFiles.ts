/**
 * `--since GITREF`: the `.sql` files under the given paths that differ from
 * GITREF (committed, staged or not, and new files), so CI can drill and
 * review only what a pull request changes.
 */

import { spawnSync } from 'node:child_process';
import { projectFiles } from '../files/projectFiles';
import * as path from 'node:path';
import { UsageError } from './usageError';
import { collectSqlFiles } from './collectFiles';

function git(args: readonly string[], cwd: string): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (result.error) throw new UsageError(`--since needs git: ${result.error.message}`);
  if (result.status !== 0) throw new UsageError(`--since: git ${args[0]} failed: ${result.stderr.trim().split('\n')[0]}`);
  return result.stdout;
}

export function sqlFilesChangedSince(ref: string, paths: readonly string[], exclude?: readonly string[]): string[] {
  const all = collectSqlFiles(paths, exclude);
  if (all.length === 0) return [];
  const cwd = projectFiles.isDirectory(paths[0]!) ? paths[0]! : path.dirname(paths[0]!);
  const root = git(['rev-parse', '--show-toplevel'], cwd).trim();
  if (spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: root }).status !== 0)
    throw new UsageError(`--since: no commit "${ref}" in ${root}.`);
  const changed = new Set(
    [
      ...git(['diff', '--name-only', '--diff-filter=ACMR', ref, '--'], root).split('\n'),
      ...git(['ls-files', '--others', '--exclude-standard'], root).split('\n'),
    ]
      .filter(Boolean)
      .map((file) => path.resolve(root, file)),
  );
  return all.filter((file) => changed.has(projectFiles.realPath(path.resolve(file))) || changed.has(path.resolve(file)));
}

/** The files a command works on: every `.sql` file under `paths`, or with `--since REF` those changed since REF. */
export function filesToCheck(paths: readonly string[], since: string | true | undefined, exclude?: readonly string[]): string[] {
  if (since === true) throw new UsageError('--since needs a git ref (a branch, tag or commit).');
  return since === undefined ? collectSqlFiles(paths, exclude) : sqlFilesChangedSince(since, paths, exclude);
}
