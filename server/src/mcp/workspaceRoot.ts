/**
 * The one folder the MCP tools may read: the workspace root the server was
 * started in. Agents pass paths they were told, guessed or were tricked
 * into; every path is resolved through its symbolic links before it is
 * compared with the root, so a link inside the root that points out of it
 * is refused just like `../` or an absolute path elsewhere.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { ToolInputError } from './toolErrors';

export class WorkspaceRoot {
  private constructor(
    /** The root's real path (no symbolic links in it). */
    readonly path: string,
  ) {}

  static open(directory: string): WorkspaceRoot {
    let real: string;
    try {
      real = fs.realpathSync(directory);
    } catch {
      throw new ToolInputError(`The workspace root ${directory} does not exist.`);
    }
    if (!fs.statSync(real).isDirectory()) throw new ToolInputError(`The workspace root ${directory} is not a directory.`);
    return new WorkspaceRoot(real);
  }

  contains(realPath: string): boolean {
    const relative = path.relative(this.path, realPath);
    return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
  }

  /** How outputs name a path inside the root: relative to it, with forward slashes. */
  shown(realPath: string): string {
    return path.relative(this.path, realPath).split(path.sep).join('/') || '.';
  }

  /** An existing file or directory inside the root, by its real path. Relative paths are taken from the root, not the server's cwd. */
  existing(input: string): string {
    const asked = this.absolute(input);
    this.refuseOutside(asked, input);
    let real: string;
    try {
      real = fs.realpathSync(asked);
    } catch {
      throw new ToolInputError(`No such file or directory: ${input} (paths are relative to the workspace root ${this.path}).`);
    }
    this.refuseOutside(real, input, 'through a symbolic link');
    return real;
  }

  /** An existing file (not a directory) inside the root. */
  existingFile(input: string): string {
    const real = this.existing(input);
    if (!fs.statSync(real).isFile()) throw new ToolInputError(`${input} is not a file.`);
    return real;
  }

  /**
   * A path that may not exist yet (a migration the agent is about to
   * write): its nearest existing ancestor must resolve inside the root,
   * and the path itself too when it exists (it could be a link out).
   */
  prospective(input: string): string {
    const asked = this.absolute(input);
    this.refuseOutside(asked, input);
    let existing = asked;
    const missing: string[] = [];
    while (!fs.existsSync(existing)) {
      missing.unshift(path.basename(existing));
      existing = path.dirname(existing);
    }
    const real = path.join(fs.realpathSync(existing), ...missing);
    this.refuseOutside(real, input, 'through a symbolic link');
    return real;
  }

  /**
   * The analysis reads the other migrations in a file's folder (its
   * history, its paired reverse): a link among them pointing out of the
   * root would be read too, so such a folder is refused as a whole.
   */
  refuseLinksOutOf(folder: string): void {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (!entry.isSymbolicLink()) continue;
      const link = path.join(folder, entry.name);
      let target: string;
      try {
        target = fs.realpathSync(link);
      } catch {
        continue; // A dangling link reads nothing.
      }
      if (!this.contains(target)) {
        throw new ToolInputError(
          `${this.shown(link)} is a symbolic link to outside the workspace root; the migrations in ${this.shown(folder)} are read as one history, so that folder is not analysed.`,
        );
      }
    }
  }

  private absolute(input: string): string {
    if (input.trim() === '' || input.includes('\0')) throw new ToolInputError(`"${input}" is not a path.`);
    return path.resolve(this.path, input);
  }

  private refuseOutside(candidate: string, input: string, how = ''): void {
    if (this.contains(candidate)) return;
    throw new ToolInputError(`${input} is outside the workspace root ${this.path}${how ? ` (${how})` : ''}: fearless mcp reads only files inside it.`);
  }
}
