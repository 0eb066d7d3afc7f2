/** Where a drill runs: PGlite (with its cache of applied histories) by default, or a scratch database on a real server. */

import type { Database } from './database';
import { openPgliteWithState, pgliteExtensionsFor } from './pgliteDatabase';
import { openScratchPostgres, type ScratchServer } from './scratchPostgres';

export interface DrillTarget {
  /**
   * Opens a fresh database (PGlite copy or scratch database) with these
   * extensions available, in the state `prepared` makes when the target can
   * keep states (then `prepared` is true in the answer).
   */
  open(extensions: readonly string[], prepared?: { key: string; prepare(database: Database): Promise<void> }): Promise<OpenedTarget>;
  /** Extensions the migrations create that this kind of database cannot provide. */
  unsupportedExtensions(names: readonly string[]): string[];
}

export interface OpenedTarget {
  database: Database;
  /** The history is applied already. */
  prepared: boolean;
  /** ...and it came from the cache, not applied just now. */
  fromCache?: boolean;
}

/** `server` undefined: PGlite. */
export function drillTarget(server: ScratchServer | undefined): DrillTarget {
  if (server) return { open: async () => ({ database: await openScratchPostgres(server), prepared: false }), unsupportedExtensions: () => [] };
  return {
    open: async (extensions, prepared) => {
      const opened = await openPgliteWithState({ extensions, ...(prepared ? { prepared } : {}) });
      return { database: opened.database, prepared: prepared !== undefined, fromCache: opened.fromCache };
    },
    unsupportedExtensions: (names) => pgliteExtensionsFor(names.map((name) => `CREATE EXTENSION ${name};`)).missing,
  };
}

/**
 * The drill database a project configured: the server whose URL is in the
 * environment variable `drillDatabaseUrlEnv` names, else PGlite. A named
 * variable that is not set is said, not silently replaced by PGlite.
 */
export function configuredDrillServer(
  config: { drillDatabaseUrlEnv?: string; allowPrivilegedRole?: boolean },
  environment: NodeJS.ProcessEnv = process.env,
): { server?: ScratchServer; problem?: string } {
  const name = config.drillDatabaseUrlEnv;
  if (!name) return {};
  const url = environment[name];
  return url
    ? { server: { url, allowPrivilegedRole: config.allowPrivilegedRole === true } }
    : { problem: `drillDatabaseUrlEnv names ${name}, which is not set in this environment; drilling on PGlite instead.` };
}
