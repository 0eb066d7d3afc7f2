/**
 * PGlite (PostgreSQL 18 in WebAssembly, in this process) as a drill
 * database. Initialising a data directory takes seconds (7.5 s measured
 * here), so an initialised one is kept in the cache directory and each
 * drill opens a copy of it. Extensions a migration creates are loaded from
 * PGlite's contrib builds.
 *
 * Where the start-up time went, measured on a 300-migration state: the
 * copy and its removal (0.6 s on ext4, 0.15 s on tmpfs), zeroing 128 MB of
 * shared buffers (0.45 s; a drill's catalogs fit in 16 MB), compiling the
 * wasm and reading the file bundle (0.2 s, paid once per process).
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultCacheDirectory } from '../cacheDirectory';
import { wasmApi, type WasmModule } from '../wasmApi';
import { DatabaseUnavailable, databaseErrorText, type Database } from './database';
import { processAlive } from '../processes';

interface PgliteInstance {
  exec(sql: string): Promise<unknown>;
  query<T>(
    sql: string,
    parameters?: unknown[],
    options?: { rowMode: 'array' },
  ): Promise<{ rows: T[]; fields: { name: string; dataTypeID: number }[]; affectedRows?: number }>;
  close(): Promise<void>;
}

interface PgliteCreateOptions {
  dataDir?: string;
  extensions?: Record<string, unknown>;
  startParams?: string[];
  initDbStartParams?: string[];
  pgliteWasmModule?: WasmModule;
  fsBundle?: Blob;
}

interface PgliteModule {
  PGlite: { create(options: PgliteCreateOptions): Promise<PgliteInstance>; defaultStartParams: string[] };
}

/**
 * PGlite's own start parameters, with shared buffers cut from 128 MB to
 * 16 MB (PGlite zeroes them at every start) and at most 2 MB of WAL kept
 * for reuse (a kept state is copied at every drill).
 */
function startParams(pglite: PgliteModule): string[] {
  return [...pglite.PGlite.defaultStartParams, '-c', 'shared_buffers=16MB', '-c', 'min_wal_size=2MB', '-c', 'max_wal_size=4MB'];
}

/**
 * 1 MB WAL segments instead of 16 MB: every drill copies the data
 * directory, and the WAL was most of it.
 */
const INITDB_PARAMS = ['--wal-segsize=1'];

/** The data directory layout this module makes; a change here starts a new cached base. */
const LAYOUT = 'w1';

let compiled: { pgliteWasmModule: WasmModule; fsBundle: Blob } | undefined;

/** PGlite's wasm compiled and its file bundle read, once per process (the language server drills many times). */
async function compiledPglite(): Promise<{ pgliteWasmModule: WasmModule; fsBundle: Blob }> {
  if (!compiled) {
    const dist = path.dirname(require.resolve('@electric-sql/pglite'));
    const [wasm, bundle] = await Promise.all([fs.promises.readFile(path.join(dist, 'pglite.wasm')), fs.promises.readFile(path.join(dist, 'pglite.data'))]);
    compiled = { pgliteWasmModule: await wasmApi.compile(wasm), fsBundle: new Blob([bundle]) };
  }
  return compiled;
}

/**
 * Where working copies of data directories go: FEARLESS_WORK_DIR when set,
 * else tmpfs when it has room (copying and removing there is several times
 * faster than on disk), else the temporary directory.
 */
function workingRoot(): string {
  const chosen = process.env['FEARLESS_WORK_DIR'];
  if (chosen) return chosen;
  const shm = '/dev/shm';
  try {
    const stats = fs.statfsSync(shm);
    fs.accessSync(shm, fs.constants.W_OK);
    // A container's default /dev/shm is 64 MB: too small for a long history.
    if (stats.bavail * stats.bsize >= 1024 * 1024 * 1024) return shm;
  } catch {
    // Not Linux, or no /dev/shm.
  }
  return os.tmpdir();
}

/** Extension names as CREATE EXTENSION spells them → PGlite's contrib module. */
const CONTRIB: Record<string, string> = {
  'uuid-ossp': 'uuid_ossp',
  ...Object.fromEntries(
    [
      'amcheck',
      'bloom',
      'btree_gin',
      'btree_gist',
      'citext',
      'cube',
      'dict_int',
      'dict_xsyn',
      'earthdistance',
      'fuzzystrmatch',
      'hstore',
      'intarray',
      'isn',
      'lo',
      'ltree',
      'moddatetime',
      'pg_trgm',
      'pgcrypto',
      'seg',
      'tablefunc',
      'tcn',
      'tsm_system_rows',
      'tsm_system_time',
      'unaccent',
    ].map((name) => [name, name]),
  ),
};

/** Extensions PGlite can load, among those the SQL creates; the others are returned as `missing`. */
export function pgliteExtensionsFor(sqlTexts: readonly string[]): { available: string[]; missing: string[] } {
  const wanted = new Set<string>();
  for (const text of sqlTexts) {
    for (const match of text.matchAll(/\bCREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?("?)([\w-]+)\1/gi)) wanted.add(match[2]!.toLowerCase());
  }
  // plpgsql is built in.
  wanted.delete('plpgsql');
  const available = [...wanted].filter((name) => CONTRIB[name]).sort();
  return { available, missing: [...wanted].filter((name) => !CONTRIB[name]).sort() };
}

function pgliteVersion(): string {
  const entry = require.resolve('@electric-sql/pglite');
  for (let directory = path.dirname(entry); directory !== path.dirname(directory); directory = path.dirname(directory)) {
    const manifest = path.join(directory, 'package.json');
    if (fs.existsSync(manifest)) {
      const parsed = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === '@electric-sql/pglite') return parsed.version ?? 'unknown';
    }
  }
  return 'unknown';
}

function cachePrefix(): string {
  return `pglite-${pgliteVersion()}-${LAYOUT}`;
}

const WORKING_PREFIX = 'fearless-drill-';

/**
 * A fresh directory for a working copy, named after this process. Copies
 * whose process is gone (killed mid-drill) are removed first: on /dev/shm
 * they would hold memory until the next reboot.
 */
function newWorkingDirectory(): string {
  const root = workingRoot();
  for (const name of fs.readdirSync(root)) {
    const owner = new RegExp(`^${WORKING_PREFIX}(\\d+)-`).exec(name)?.[1];
    if (!owner || processAlive(Number(owner))) continue;
    try {
      fs.rmSync(path.join(root, name), { recursive: true, force: true });
    } catch {
      // Another user's: theirs to remove.
    }
  }
  return fs.mkdtempSync(path.join(root, `${WORKING_PREFIX}${process.pid}-`));
}

/** Data directories of other PGlite versions or layouts: never opened again. */
function removeOtherLayouts(cacheDirectory: string): void {
  for (const name of fs.readdirSync(cacheDirectory)) {
    if (/^pglite-.*-(datadir|state-[0-9a-f]+)$/.test(name) && !name.startsWith(`${cachePrefix()}-`)) {
      fs.rmSync(path.join(cacheDirectory, name), { recursive: true, force: true });
    }
  }
}

/** The initialised data directory for this PGlite version, made once (atomically, so parallel drills do not clash). */
async function initialisedDataDir(pglite: PgliteModule, cacheDirectory: string): Promise<string> {
  const base = path.join(cacheDirectory, `${cachePrefix()}-datadir`);
  if (fs.existsSync(path.join(base, 'PG_VERSION'))) return base;
  fs.mkdirSync(cacheDirectory, { recursive: true });
  removeOtherLayouts(cacheDirectory);
  const building = fs.mkdtempSync(path.join(cacheDirectory, 'pglite-init-'));
  const db = await pglite.PGlite.create({ dataDir: building, initDbStartParams: INITDB_PARAMS, startParams: startParams(pglite), ...(await compiledPglite()) });
  await db.close();
  try {
    fs.renameSync(building, base);
  } catch {
    // Another drill finished first: use its directory.
    fs.rmSync(building, { recursive: true, force: true });
  }
  return base;
}

export interface PgliteOptions {
  extensions?: readonly string[];
  cacheDirectory?: string;
  /**
   * A state to start from (the history before a pair): made by `prepare`
   * once, kept in the cache under `key` (a content hash), and opened as a
   * copy afterwards.
   */
  prepared?: { key: string; prepare(database: Database): Promise<void> };
}

export interface OpenedPglite {
  database: Database;
  /** The prepared state came from the cache (false: `prepare` ran now, or there was none). */
  fromCache: boolean;
}

/** Prepared states kept; the least recently used go first. */
const KEPT_STATES = 8;

export async function openPglite(options: PgliteOptions = {}): Promise<Database> {
  return (await openPgliteWithState(options)).database;
}

export async function openPgliteWithState(options: PgliteOptions = {}): Promise<OpenedPglite> {
  const pglite = require('@electric-sql/pglite') as PgliteModule;
  const cacheDirectory = options.cacheDirectory ?? defaultCacheDirectory();
  const base = await initialisedDataDir(pglite, cacheDirectory);
  const extensions = options.extensions ?? [];
  if (!options.prepared) return { database: await openCopy(pglite, base, extensions), fromCache: false };
  const stateDir = path.join(cacheDirectory, `${cachePrefix()}-state-${options.prepared.key}`);
  if (fs.existsSync(path.join(stateDir, 'PG_VERSION'))) {
    try {
      fs.utimesSync(stateDir, new Date(), new Date());
      return { database: await openCopy(pglite, stateDir, extensions), fromCache: true };
    } catch (error) {
      // Another drill sharing the cache removed this state meanwhile (it keeps only the newest): prepare it again.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  const working = newWorkingDirectory();
  fs.cpSync(base, working, { recursive: true });
  const first = await openDirectory(pglite, working, extensions, { removeOnClose: false });
  try {
    await options.prepared.prepare(first);
  } catch (error) {
    await first.close();
    fs.rmSync(working, { recursive: true, force: true });
    throw error;
  }
  // PGlite writes everything out on close: the closed directory is a consistent state to keep.
  await first.close();
  keepState(working, stateDir, cacheDirectory);
  return { database: await openDirectory(pglite, working, extensions, { removeOnClose: true }), fromCache: false };
}

function keepState(from: string, stateDir: string, cacheDirectory: string): void {
  const building = `${stateDir}.${process.pid}.tmp`;
  try {
    fs.cpSync(from, building, { recursive: true });
    fs.renameSync(building, stateDir);
  } catch {
    // Another drill kept the same state first, or the disk is full: the drill goes on without the cache.
    fs.rmSync(building, { recursive: true, force: true });
  }
  const states = fs
    .readdirSync(cacheDirectory)
    .filter((name) => /-state-[0-9a-f]+$/.test(name))
    .map((name) => ({ name, used: fs.statSync(path.join(cacheDirectory, name)).mtimeMs }))
    .sort((a, b) => b.used - a.used);
  for (const old of states.slice(KEPT_STATES)) fs.rmSync(path.join(cacheDirectory, old.name), { recursive: true, force: true });
}

async function openCopy(pglite: PgliteModule, source: string, extensions: readonly string[]): Promise<Database> {
  const dataDir = newWorkingDirectory();
  try {
    fs.cpSync(source, dataDir, { recursive: true });
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return openDirectory(pglite, dataDir, extensions, { removeOnClose: true });
}

async function openDirectory(pglite: PgliteModule, dataDir: string, extensions: readonly string[], options: { removeOnClose: boolean }): Promise<Database> {
  const loaded: Record<string, unknown> = {};
  for (const name of extensions) {
    const module = CONTRIB[name];
    if (module) loaded[module] = (require(`@electric-sql/pglite/contrib/${module}`) as Record<string, unknown>)[module];
  }
  let db: PgliteInstance;
  try {
    db = await pglite.PGlite.create({ dataDir, extensions: loaded, startParams: startParams(pglite), ...(await compiledPglite()) });
  } catch (error) {
    if (options.removeOnClose) fs.rmSync(dataDir, { recursive: true, force: true });
    throw new DatabaseUnavailable(`PGlite did not start: ${databaseErrorText(error)}`);
  }
  const [{ version }] = (await db.query<{ version: string }>(`SELECT current_setting('server_version') AS version`)).rows as [{ version: string }];
  let closed = false;
  const database: Database = {
    label: `PGlite (PostgreSQL ${version})`,
    exec: async (sql) => {
      await db.exec(sql);
    },
    rows: async <T>(sql: string, parameters?: unknown[]) => (await db.query<T>(sql, parameters ?? [])).rows,
    result: async (sql, parameters) => {
      const { rows, fields, affectedRows } = await db.query<unknown[]>(sql, parameters ?? [], { rowMode: 'array' });
      return { rows, fields, ...(affectedRows === undefined ? {} : { affectedRows }) };
    },
    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await db.close();
      } finally {
        if (options.removeOnClose) fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
  return database;
}
