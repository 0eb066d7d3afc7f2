/**
 * A throwaway PostgreSQL cluster from a build's binaries, for one drill:
 * initdb into a fresh private temporary folder, listening on a Unix socket
 * in that folder only (no TCP port: no other user or machine can connect),
 * durability off, deleted when stopped, when the process exits or is
 * interrupted, and (after a kill nothing can catch) by the next start, which
 * stops the servers of folders whose process is gone.
 */

import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { processAlive } from '../../processes';

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
const FOLDER_PREFIX = 'fearless-pg-';
/** In each cluster's folder: the pid of the process that owns it and the bin folder that can stop it. */
const OWNER_FILE = 'owner.json';

const running = new Set<() => void>();
function stopAllNow(): void {
  for (const stopNow of running) stopNow();
}
process.once('exit', stopAllNow);

/**
 * While a cluster runs, an interrupt stops it first and then ends the
 * process as the signal would have; the handlers are there only then, so
 * Ctrl-C works as usual the rest of the time.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
function onSignal(signal: NodeJS.Signals): void {
  stopAllNow();
  process.kill(process.pid, signal);
}
function watchSignals(on: boolean): void {
  for (const signal of SIGNALS) {
    process.removeListener(signal, onSignal);
    if (on) process.once(signal, onSignal);
  }
}

function stopCluster(binDirectory: string, data: string): void {
  try {
    execFileSync(path.join(binDirectory, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop'], { stdio: 'ignore', timeout: 30_000 });
  } catch {
    // Never started, or already stopped.
  }
}

/** Clusters of ours whose owning process died without stopping them (killed with SIGKILL, say). */
function sweepOrphans(): void {
  const temporary = os.tmpdir();
  for (const entry of fs.readdirSync(temporary)) {
    if (!entry.startsWith(FOLDER_PREFIX)) continue;
    const folder = path.join(temporary, entry);
    try {
      if (fs.statSync(folder).uid !== process.getuid?.()) continue;
      const owner = JSON.parse(fs.readFileSync(path.join(folder, OWNER_FILE), 'utf8')) as { pid?: unknown; bin?: unknown };
      if (typeof owner.pid !== 'number' || typeof owner.bin !== 'string' || processAlive(owner.pid)) continue;
      stopCluster(owner.bin, path.join(folder, 'data'));
      fs.rmSync(folder, { recursive: true, force: true });
    } catch {
      // Not one of ours, or another process is sweeping it.
    }
  }
}

function run(binDirectory: string, program: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(path.join(binDirectory, program), args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new LocalPostgresUnavailable(`${program} failed: ${(stderr || stdout || error.message).trim().split('\n').slice(-3).join(' ')}`));
      else resolve(stdout);
    });
  });
}

/** pg_ctl hands -o to a shell: one single-quoted word. */
function shellWord(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
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
  sweepOrphans();
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), FOLDER_PREFIX));
  const data = path.join(directory, 'data');
  fs.writeFileSync(path.join(directory, OWNER_FILE), JSON.stringify({ pid: process.pid, bin: binDirectory }));
  const stopNow = (): void => {
    running.delete(stopNow);
    if (running.size === 0) watchSignals(false);
    stopCluster(binDirectory, data);
    fs.rmSync(directory, { recursive: true, force: true });
  };
  running.add(stopNow);
  watchSignals(true);
  try {
    await run(binDirectory, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync'], 120_000);
    const settings = `-p ${PORT} -k ${shellWord(directory)} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c autovacuum=off`;
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
