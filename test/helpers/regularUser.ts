/**
 * PostgreSQL refuses to run as root, and so does `fearless drill
 * --pg-version N`. When the tests run as root (CI does), the CLI under test
 * runs as the `postgres` account the Debian package creates, through
 * runuser; folders it must write are handed to that account first.
 */

import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type CliResult, runCliAsync } from './runCli';
import { CLI_PATH } from './paths';

export interface RegularUser {
  /** Prefix that runs a command as that user: [] when the tests are not root. */
  prefix: string[];
  /** Makes `directory` (recursively) the user's own. */
  own(directory: string): void;
}

export function regularUser(): RegularUser | { skip: string } {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return { prefix: [], own: () => undefined };
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((candidate) => fs.existsSync(candidate));
  if (!runuser) return { skip: 'running as root and runuser is missing' };
  if (spawnSync('id', ['-u', 'postgres']).status !== 0) return { skip: 'running as root and there is no "postgres" account to run the CLI as' };
  const readable = spawnSync(runuser, ['-u', 'postgres', '--', process.execPath, '-e', `require('fs').accessSync(${JSON.stringify(CLI_PATH)})`]);
  if (readable.status !== 0) return { skip: `the "postgres" account cannot read ${CLI_PATH} (the checkout is in a folder only root can enter)` };
  return { prefix: [runuser, '-u', 'postgres', '--'], own: (directory) => void spawnSync('chown', ['-R', 'postgres:postgres', directory]) };
}

/** The CLI as that user, without blocking this process (a test may serve the registry it downloads from). */
export function runCliAs(user: RegularUser, args: readonly string[], options: { cwd: string; env: Record<string, string> }): Promise<CliResult> {
  return runCliAsync(args, { ...options, launcher: user.prefix });
}

/** A fresh cache folder for the CLI whose `postgres/` is the shared build cache (builds already installed there are reused). */
export function cacheWithBuilds(root: string, buildCache: string): string {
  const cache = path.join(root, 'cache');
  fs.mkdirSync(cache, { recursive: true });
  fs.symlinkSync(path.join(buildCache, 'postgres'), path.join(cache, 'postgres'));
  return cache;
}
