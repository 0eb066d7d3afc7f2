/** Expands the paths given on the command line into `.sql` files, in a stable order. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareMigrationNames } from '../migrations/migrationOrder';
import { UsageError } from './args';

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.hg', '.svn']);

export function collectSqlFiles(inputs: readonly string[]): string[] {
  const files: string[] = [];
  for (const input of inputs) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch {
      throw new UsageError(`No such file or directory: ${input}`);
    }
    if (stat.isDirectory()) walk(input, files);
    else files.push(input);
  }
  return files;
}

function walk(directory: string, files: string[]): void {
  const entries = fs.readdirSync(directory, { withFileTypes: true }).sort((a, b) => compareMigrationNames(a.name, b.name));
  for (const entry of entries) {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(full, files);
    } else if (entry.isFile() && entry.name.toLowerCase().endsWith('.sql')) {
      files.push(full);
    }
  }
}
