/**
 * A throwaway PostgreSQL cluster from a build's binaries, for one drill:
 * initdb into a fresh private temporary folder, listening on a Unix socket
 * in that folder only (no TCP port: no other user or machine can connect),
 * durability off, deleted when stopped or when the process exits.
 */

import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface LocalPostgres {
  /** A postgres:// URL that logs in as `role` over the socket (trust: only this user can reach the socket's folder). */
  urlFor(role: string): string;
  /** Stops the server and deletes its folder; safe to call twice. */
  stop(): Promise<void>;
}

/** The cluster could not be made or started: one line saying why. */
export class LocalPostgresUnavailable extends Error {
  override name = 'LocalPostgresUnavailable';
}

const PORT = 5432;
const running = new Set<() => void>();
process.once('exit', () => {
  for (const stopNow of running) stopNow();
});

function run(binDirectory: string, program: string, args: string[], timeoutMs: number): Promise<string> {
  const environment = { ...process.env, LD_LIBRARY_PATH: path.join(binDirectory, '..', 'lib'), LC_ALL: 'C' };
  return new Promise((resolve, reject) => {
    execFile(path.join(binDirectory, program), args, { env: environment, timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new LocalPostgresUnavailable(`${program} failed: ${(stderr || stdout || error.message).trim().split('\n').slice(-3).join(' ')}`));
      else resolve(stdout);
    });
  });
}

/** Why this process cannot start PostgreSQL, if it cannot. */
export function runsAsRoot(): string | undefined {
  return typeof process.getuid === 'function' && process.getuid() === 0
    ? 'PostgreSQL refuses to run as root: run fearless as a regular user to drill on a real PostgreSQL'
    : undefined;
}

export async function startLocalPostgres(binDirectory: string): Promise<LocalPostgres> {
  const refusal = runsAsRoot();
  if (refusal) throw new LocalPostgresUnavailable(refusal);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'fearless-pg-'));
  const data = path.join(directory, 'data');
  const stopNow = (): void => {
    running.delete(stopNow);
    try {
      execFileSync(path.join(binDirectory, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], {
        stdio: 'ignore',
        timeout: 30_000,
        env: { ...process.env, LD_LIBRARY_PATH: path.join(binDirectory, '..', 'lib') },
      });
    } catch {
      // Never started, or already stopped.
    }
    fs.rmSync(directory, { recursive: true, force: true });
  };
  running.add(stopNow);
  try {
    await run(binDirectory, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], 120_000);
    const settings = `-p ${PORT} -k ${directory} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c autovacuum=off`;
    await run(binDirectory, 'pg_ctl', ['-D', data, '-l', path.join(directory, 'server.log'), '-o', settings, '-w', '-t', '60', 'start'], 90_000);
  } catch (error) {
    stopNow();
    throw error;
  }
  let stopped = false;
  return {
    urlFor: (role) => `postgresql://${role}@localhost:${PORT}/postgres?host=${encodeURIComponent(directory)}`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await run(binDirectory, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop'], 60_000).catch(() => undefined);
      stopNow();
    },
  };
}
