/**
 * `fearless lint --cache`: a file's diagnostics are reused while its bytes,
 * the bytes of every earlier migration in its folder (its history), the
 * settings and the fearless version are unchanged. A hit needs no parser at
 * all, which is what makes a cached run of a large folder cheap.
 *
 * Keys are SHA-256 content hashes, never mtimes: a checkout, a rebase or a
 * CI cache restore changes mtimes without changing what a file says.
 */

import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectFiles } from '../files/projectFiles';
import type { ProjectConfig } from '../config/projectConfig';
import { FEARLESS_BUILD, FEARLESS_VERSION } from '../version';
import { UsageError } from './usageError';
import type { LintFileJson } from './lintReport';

export const DEFAULT_CACHE_FILE = '.fearless-cache.json';

const CACHE_FORMAT = 1;

interface CacheEntry {
  key: string;
  diagnostics: LintFileJson['diagnostics'];
}

interface CacheFile {
  format: number;
  entries: Record<string, CacheEntry>;
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export class LintCache {
  private readonly entries: Record<string, CacheEntry>;
  private readonly contentHashes = new Map<string, string>();
  private readonly historyHashes = new Map<string, string>();
  private readonly settingsHash: string;
  private changed = false;
  hits = 0;
  misses = 0;

  private constructor(
    private readonly cachePath: string,
    entries: Record<string, CacheEntry>,
    config: ProjectConfig,
    private readonly historyFilesOf: (filePath: string) => string[],
  ) {
    this.entries = entries;
    this.settingsHash = sha256(
      JSON.stringify({
        version: `${FEARLESS_VERSION}+${FEARLESS_BUILD}`,
        pgVersion: config.pgVersion,
        rules: config.rules,
        transactionMode: config.transactionMode,
        convention: config.convention ?? null,
        tables: config.tables,
      }),
    );
  }

  /**
   * Where `--cache-location` puts the cache: inside it when it is a folder
   * (as ESLint does), else that file. A place the cache cannot be written
   * is a usage error now, not a warning after the whole run.
   */
  static location(given: string): string {
    let cachePath = path.resolve(given);
    try {
      if (fs.statSync(cachePath).isDirectory()) cachePath = path.join(cachePath, DEFAULT_CACHE_FILE);
    } catch {
      // Not there yet: the file will be created.
    }
    try {
      fs.mkdirSync(path.dirname(cachePath), { recursive: true });
      fs.accessSync(path.dirname(cachePath), fs.constants.W_OK);
      if (fs.existsSync(cachePath)) fs.accessSync(cachePath, fs.constants.W_OK);
    } catch (error) {
      throw new UsageError(
        `--cache-location ${given}: the cache cannot be written there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
      );
    }
    return cachePath;
  }

  /** Opens the cache file; a missing, unreadable or foreign file starts an empty cache. */
  static open(cachePath: string, config: ProjectConfig, historyFilesOf: (filePath: string) => string[]): LintCache {
    let entries: Record<string, CacheEntry> = {};
    try {
      const raw = JSON.parse(fs.readFileSync(cachePath, 'utf8')) as Partial<CacheFile>;
      if (raw.format === CACHE_FORMAT && raw.entries && typeof raw.entries === 'object') entries = raw.entries;
    } catch {
      // No cache yet, or one we cannot read: start afresh and overwrite it.
    }
    return new LintCache(cachePath, entries, config, historyFilesOf);
  }

  /** Content hash of a file, or undefined when it cannot be read (such files are never cached). */
  private contentHash(filePath: string): string | undefined {
    let hash = this.contentHashes.get(filePath);
    if (hash === undefined) {
      try {
        hash = sha256(projectFiles.readBytes(filePath));
      } catch {
        return undefined;
      }
      this.contentHashes.set(filePath, hash);
    }
    return hash;
  }

  /** Hash over the contents of the migrations before `filePath`, chained so a folder costs one hash per file. */
  private historyHash(filePath: string): string {
    const earlier = this.historyFilesOf(filePath);
    // Resume from the latest earlier file whose chain is known: a folder costs one hash per file, not N².
    let start = earlier.length;
    while (start > 0 && !this.historyHashes.has(earlier[start - 1]!)) start--;
    let chain = start > 0 ? this.historyHashes.get(earlier[start - 1]!)! : sha256('history');
    for (const earlierFile of earlier.slice(start)) {
      chain = sha256(`${chain}\n${earlierFile}\n${this.contentHash(earlierFile) ?? 'missing'}`);
      this.historyHashes.set(earlierFile, chain);
    }
    return chain;
  }

  private keyOf(filePath: string): string | undefined {
    const absolute = path.resolve(filePath);
    const content = this.contentHash(absolute);
    if (content === undefined) return undefined;
    return sha256(`${this.settingsHash}\n${content}\n${this.historyHash(absolute)}`);
  }

  get(filePath: string): LintFileJson['diagnostics'] | undefined {
    const key = this.keyOf(filePath);
    const entry = this.entries[path.resolve(filePath)];
    if (key !== undefined && entry?.key === key) {
      this.hits++;
      return entry.diagnostics;
    }
    this.misses++;
    return undefined;
  }

  set(filePath: string, diagnostics: LintFileJson['diagnostics']): void {
    const key = this.keyOf(filePath);
    if (key === undefined) return;
    this.entries[path.resolve(filePath)] = { key, diagnostics };
    this.changed = true;
  }

  /** Writes the cache when anything changed; atomically, so an interrupted run leaves the old file intact. */
  save(): void {
    if (!this.changed) return;
    const file: CacheFile = { format: CACHE_FORMAT, entries: this.entries };
    const temporary = `${this.cachePath}.${process.pid}.tmp`;
    try {
      fs.mkdirSync(path.dirname(this.cachePath), { recursive: true });
      fs.writeFileSync(temporary, JSON.stringify(file));
      fs.renameSync(temporary, this.cachePath);
    } catch (error) {
      fs.rmSync(temporary, { force: true });
      process.stderr.write(`fearless: could not write the cache ${this.cachePath}: ${(error as Error).message}\n`);
    }
  }
}
