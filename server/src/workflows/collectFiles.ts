/** Expands the paths given on the command line into `.sql` files, in a stable order. */

import type * as fs from 'node:fs';
import * as path from 'node:path';
import { projectFiles, rethrowIfRefused } from '../files/projectFiles';
import { DEFAULT_EXCLUDES, isExcluded } from '../migrations/excludes';
import { compareMigrationNames } from '../migrations/migrationOrder';
import { UsageError } from './usageError';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);

/**
 * The `.sql` files under the inputs. A folder that cannot be listed
 * (permissions) is kept in the list itself, so the analysis reports it as
 * an unreadable path instead of the walk crashing or skipping it unseen.
 */
export function collectSqlFiles(inputs: readonly string[], exclude: readonly string[] = DEFAULT_EXCLUDES): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    let isDirectory: boolean;
    try {
      isDirectory = projectFiles.stat(input).isDirectory();
    } catch (error) {
      rethrowIfRefused(error);
      throw new UsageError(`No such file or directory: ${input}`);
    }
    // A file named on the command line is checked whatever the patterns say; a folder's contents are filtered.
    if (isDirectory) walk(input, '', files, exclude);
    else files.push(input);
  }
  return files;
}

function walk(directory: string, relative: string, files: string[], exclude: readonly string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = projectFiles.list(directory).sort((a, b) => compareMigrationNames(a.name, b.name));
  } catch (error) {
    rethrowIfRefused(error);
    files.push(directory);
    return;
  }
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    const below = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name) && !isExcluded(`${below}/`, exclude)) walk(full, below, files, exclude);
    } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.sql') && !isExcluded(below, exclude)) {
      files.push(full);
    }
  }
}
