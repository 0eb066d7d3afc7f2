/**
 * PGlite (PostgreSQL 18 in WebAssembly, in this process) as a drill
 * database. Initialising a data directory takes seconds (7.5 s measured
 * here), so an initialised one is kept in the cache directory and each
 * drill opens a copy of it (about a second). Extensions a migration
 * creates are loaded from PGlite's contrib builds.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DatabaseUnavailable, databaseErrorText, type Database } from './database';

interface PgliteInstance {
  exec(sql: string): Promise<unknown>;
  query<T>(sql: string, parameters?: unknown[]): Promise<{ rows: T[] }>;
  close(): Promise<void>;
}

interface PgliteModule {
  PGlite: { create(options: { dataDir?: string; extensions?: Record<string, unknown> }): Promise<PgliteInstance> };
}

/** Extension names as CREATE EXTENSION spells them → PGlite's contrib module. */
const CONTRIB: Record<string, string> = {
  'uuid-ossp': 'uuid_ossp',
  ...Object.fromEntries(
    [
      'amcheck', 'bloom', 'btree_gin', 'btree_gist', 'citext', 'cube', 'dict_int', 'dict_xsyn', 'earthdistance', 'fuzzystrmatch', 'hstore',
      'intarray', 'isn', 'lo', 'ltree', 'moddatetime', 'pg_trgm', 'pgcrypto', 'seg', 'tablefunc', 'tcn', 'tsm_system_rows', 'tsm_system_time', 'unaccent',
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

export function defaultCacheDirectory(): string {
  return process.env['FEARLESS_CACHE_DIR'] ?? path.join(process.env['XDG_CACHE_HOME'] ?? path.join(os.homedir(), '.cache'), 'fearless');
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

/** The initialised data directory for this PGlite version, made once (atomically, so parallel drills do not clash). */
async function initialisedDataDir(pglite: PgliteModule, cacheDirectory: string): Promise<string> {
  const base = path.join(cacheDirectory, `pglite-${pgliteVersion()}-datadir`);
  if (fs.existsSync(path.join(base, 'PG_VERSION'))) return base;
  fs.mkdirSync(cacheDirectory, { recursive: true });
  const building = fs.mkdtempSync(path.join(cacheDirectory, 'pglite-init-'));
  const db = await pglite.PGlite.create({ dataDir: building });
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
  const stateDir = path.join(cacheDirectory, `pglite-${pgliteVersion()}-state-${options.prepared.key}`);
  if (fs.existsSync(path.join(stateDir, 'PG_VERSION'))) {
    fs.utimesSync(stateDir, new Date(), new Date());
    return { database: await openCopy(pglite, stateDir, extensions), fromCache: true };
  }
  const working = fs.mkdtempSync(path.join(os.tmpdir(), 'fearless-drill-'));
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
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fearless-drill-'));
  fs.cpSync(source, dataDir, { recursive: true });
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
    db = await pglite.PGlite.create({ dataDir, extensions: loaded });
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
