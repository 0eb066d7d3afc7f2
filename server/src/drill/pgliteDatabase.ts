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
}

export async function openPglite(options: PgliteOptions = {}): Promise<Database> {
  const pglite = require('@electric-sql/pglite') as PgliteModule;
  const base = await initialisedDataDir(pglite, options.cacheDirectory ?? defaultCacheDirectory());
  return openCopy(pglite, base, options.extensions ?? []);
}

async function openCopy(pglite: PgliteModule, source: string, extensions: readonly string[]): Promise<Database> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fearless-drill-'));
  fs.cpSync(source, dataDir, { recursive: true });
  const loaded: Record<string, unknown> = {};
  for (const name of extensions) {
    const module = CONTRIB[name];
    if (module) loaded[module] = (require(`@electric-sql/pglite/contrib/${module}`) as Record<string, unknown>)[module];
  }
  let db: PgliteInstance;
  try {
    db = await pglite.PGlite.create({ dataDir, extensions: loaded });
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
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
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
  return database;
}
