/**
 * The one way the analysis reads the user's project: migrations, their
 * folders, pairs, backfills, the config file, seeds, captures and the
 * conventions' sidecar files (sqitch.plan, metadata.toml, .conf). Caches
 * and bundled assets are not project files and are read where they live.
 *
 * `fearless mcp` serves an agent that may have written the very files it
 * asks about, so that process confines every read to its workspace root
 * (and the scratch folders it makes itself): a path whose real location is
 * outside is refused with `OutsideProjectRoot`, before any byte is read.
 * The confinement is per process because the MCP server is a process of
 * its own with one root; the CLI and the language server read what their
 * user names and are not confined.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';

/** A read refused because the file's real path is outside the allowed roots. The message names the path as asked, never the link's target or any content. */
export class OutsideProjectRoot extends Error {
  override name = 'OutsideProjectRoot';
}

/** Real paths of the folders reads are confined to; undefined when reads are not confined. */
let allowedRoots: string[] | undefined;

/** From now on, this process reads project files only inside `root` (a directory). */
export function confineProjectFiles(root: string): void {
  allowedRoots = [fs.realpathSync(root)];
}

/** Whether reads are confined (the MCP server). */
export function projectFilesConfined(): boolean {
  return allowedRoots !== undefined;
}

/**
 * A folder this process made itself (a scratch copy of the project) where
 * confined reads may go too, until the returned function is called.
 */
export function allowScratchFolder(folder: string): () => void {
  if (!allowedRoots) return () => undefined;
  const real = fs.realpathSync(folder);
  allowedRoots.push(real);
  return () => {
    if (allowedRoots) allowedRoots = allowedRoots.filter((root) => root !== real);
  };
}

function inside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

function refusal(asked: string): OutsideProjectRoot {
  const root = allowedRoots?.[0];
  const absolute = path.resolve(asked);
  const shown = root && inside(root, absolute) ? path.relative(root, absolute).split(path.sep).join('/') : asked;
  return new OutsideProjectRoot(
    `${shown} is outside the workspace root${root && inside(root, absolute) ? ' (through a symbolic link)' : ''}: fearless mcp reads only files inside it.`,
  );
}

/** The real path of `target`, or of its nearest existing ancestor joined with the rest when it does not exist. */
function realPathOf(target: string): string {
  let existing = path.resolve(target);
  const missing: string[] = [];
  for (;;) {
    try {
      return path.join(fs.realpathSync(existing), ...missing);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A dangling link, or an unreadable folder on the way: judged by what can be resolved.
      if (code !== 'ENOENT' && code !== 'ENOTDIR' && code !== 'EACCES') throw error;
      const parent = path.dirname(existing);
      if (parent === existing) return path.join(existing, ...missing);
      missing.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

/** Throws OutsideProjectRoot when confined and `target` resolves outside every allowed root. */
function requireInside(target: string, real = realPathOf(target)): void {
  if (allowedRoots && !allowedRoots.some((root) => inside(root, real))) throw refusal(target);
}

/**
 * Where an open descriptor really points (Linux's /proc), so a link
 * swapped in between the check and the read is caught too.
 */
function realPathOfDescriptor(descriptor: number): string | undefined {
  try {
    return fs.readlinkSync(`/proc/self/fd/${descriptor}`);
  } catch {
    return undefined;
  }
}

export const projectFiles = {
  /** A descriptor open for reading (the caller closes it), for files read in chunks. */
  open(file: string): number {
    if (!allowedRoots) return fs.openSync(file, 'r');
    requireInside(file);
    const descriptor = fs.openSync(file, 'r');
    const real = realPathOfDescriptor(descriptor);
    try {
      if (real !== undefined) requireInside(file, real);
    } catch (error) {
      fs.closeSync(descriptor);
      throw error;
    }
    return descriptor;
  },

  readBytes(file: string): Buffer {
    if (!allowedRoots) return fs.readFileSync(file);
    const descriptor = projectFiles.open(file);
    try {
      return fs.readFileSync(descriptor);
    } finally {
      fs.closeSync(descriptor);
    }
  },

  readText(file: string): string {
    return projectFiles.readBytes(file).toString('utf8');
  },

  /** The entries of a folder; the names of links out are listed (a name is not content), reading them is refused. */
  list(directory: string): fs.Dirent[] {
    requireInside(directory);
    return fs.readdirSync(directory, { withFileTypes: true });
  },

  listNames(directory: string): string[] {
    requireInside(directory);
    return fs.readdirSync(directory);
  },

  /**
   * Whether the path exists. Confined, a path outside the root does not
   * exist (conventions look upwards for a sqitch.plan), and a path inside
   * that resolves outside through a link throws rather than answer.
   */
  exists(target: string): boolean {
    if (allowedRoots && !allowedRoots.some((root) => inside(root, path.resolve(target)))) return false;
    if (!fs.existsSync(target)) return false;
    requireInside(target);
    return true;
  },

  stat(target: string): fs.Stats {
    requireInside(target);
    return fs.statSync(target);
  },

  isDirectory(target: string): boolean {
    return projectFiles.exists(target) && fs.statSync(target).isDirectory();
  },

  realPath(target: string): string {
    requireInside(target);
    return fs.realpathSync(target);
  },
};

/** For the readers that turn a failed read into "not there" or a finding: a refused read must still surface as a refusal. */
export function rethrowIfRefused(error: unknown): void {
  if (error instanceof OutsideProjectRoot) throw error;
}
