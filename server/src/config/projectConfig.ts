/**
 * Settings shared by the CLI and the language server, read once and passed
 * down. Sources, later ones winning: built-in defaults, `fearless.config.json`
 * at the workspace root, then the editor setting or command-line flag.
 */

import { projectFiles } from '../files/projectFiles';
import * as path from 'node:path';
import { CONVENTION_NAMES, type ConventionName } from '../migrations/conventions';
import { DEFAULT_EXCLUDES } from '../migrations/excludes';
import type { TransactionMode } from '../migrations/fileFacts';
import type { TableSize } from '../migrations/tableSizes';

export const SUPPORTED_PG_VERSIONS = { min: 11, max: 18 } as const;
/** PostgreSQL 18 is the current major release (and the one PGlite embeds). */
export const DEFAULT_PG_VERSION = 18;
export const CONFIG_FILE_NAME = 'fearless.config.json';

/** How much a finding matters, as LSP's DiagnosticSeverity and the CLI name it. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

export type RuleSetting = Severity | 'off';

export interface ProjectConfig {
  pgVersion: number;
  /**
   * How the migration tool runs a file: `auto` (default) as the recognised
   * tool does, and statement by statement for a file of no recognised tool;
   * `always` one transaction per file; `never` statement by statement.
   * Explicit BEGIN ... COMMIT blocks are transactions in every mode.
   */
  transactionMode: TransactionMode;
  /** Force a migration tool's convention instead of detecting it per file. */
  convention?: ConventionName;
  /** Per rule id: a severity that replaces the default, or `off`. */
  rules: Record<string, RuleSetting>;
  /** Known table sizes: `{"events": {"rows": 50000000}}`. */
  tables: Record<string, TableSize>;
  /**
   * Name of an environment variable holding a connection string to read
   * table sizes from (read-only statistics). The URL itself never goes in
   * the config file.
   */
  tableSizesDatabaseUrlEnv?: string;
  /**
   * Name of an environment variable holding the URL of a server (staging)
   * to drill on, in a scratch database the drill creates and drops. Used by
   * the editor's drill and review, and by the CLI when no --database-url is
   * given; without it drills run on PGlite.
   */
  drillDatabaseUrlEnv?: string;
  /**
   * Drill even as a role that can reach past a scratch database (superuser,
   * CREATEROLE...). Only ever set by the user (--allow-privileged-role, the
   * editor's user setting), never read from the config file, which the
   * workspace (or an agent) may have written.
   */
  allowPrivilegedRole?: boolean;
  /** Drill on a real PostgreSQL of this major (drillPgVersion in the file, fearless.drill.pgVersion in the editor); unset: PGlite. */
  drillPgVersion?: number;
  /** Globs of paths under a walked folder that are not migrations (test data, fixtures); `DEFAULT_EXCLUDES` unless the file says otherwise. */
  exclude: readonly string[];
}

export interface ConfigLoad {
  config: ProjectConfig;
  /** The file it came from, when one was found. */
  source?: string;
  /** Problems with the file, each a full sentence for the user. */
  problems: string[];
}

const RULE_SETTINGS: readonly string[] = ['error', 'warning', 'info', 'hint', 'off'];

export function defaultConfig(): ProjectConfig {
  return { pgVersion: DEFAULT_PG_VERSION, transactionMode: 'auto', rules: {}, tables: {}, exclude: DEFAULT_EXCLUDES };
}

export function parsePgVersion(value: unknown): number | undefined {
  const version = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (typeof version !== 'number' || !Number.isInteger(version)) return undefined;
  if (version < SUPPORTED_PG_VERSIONS.min || version > SUPPORTED_PG_VERSIONS.max) return undefined;
  return version;
}

/** Finds `fearless.config.json` in `startDirectory` or the nearest parent. */
export function findConfigFile(startDirectory: string): string | undefined {
  let directory = path.resolve(startDirectory);
  for (;;) {
    const candidate = path.join(directory, CONFIG_FILE_NAME);
    if (projectFiles.exists(candidate)) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** `drillPgVersion`: null or absent leaves PGlite. */
function readDrillPgVersion(raw: { drillPgVersion?: unknown }, config: ProjectConfig, configPath: string, problems: string[]): void {
  if (raw.drillPgVersion === undefined || raw.drillPgVersion === null) return;
  const version = parsePgVersion(raw.drillPgVersion);
  if (version === undefined) problems.push(`${configPath}: drillPgVersion must be a PostgreSQL major version from 11 to 18; drilling on PGlite.`);
  else config.drillPgVersion = version;
}

export function loadConfigFile(configPath: string | undefined): ConfigLoad {
  const config = defaultConfig();
  if (!configPath) return { config, problems: [] };
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(projectFiles.readText(configPath));
  } catch (error) {
    return { config, source: configPath, problems: [`${configPath}: not valid JSON (${(error as Error).message}); using defaults.`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { config, source: configPath, problems: [`${configPath}: expected a JSON object; using defaults.`] };
  }
  const settings = raw as {
    pgVersion?: unknown;
    rules?: unknown;
    transactionMode?: unknown;
    tables?: unknown;
    tableSizesDatabaseUrlEnv?: unknown;
    drillDatabaseUrlEnv?: unknown;
  };
  const forced = (raw as { convention?: unknown }).convention;
  if (forced !== undefined) {
    if (typeof forced === 'string' && (CONVENTION_NAMES as readonly string[]).includes(forced)) config.convention = forced as ConventionName;
    else problems.push(`${configPath}: convention must be one of ${CONVENTION_NAMES.join(', ')}; detecting it per file instead.`);
  }
  if (settings.tables !== undefined) {
    const tables = parseTableSizes(settings.tables, configPath);
    config.tables = tables.tables;
    problems.push(...tables.problems);
  }
  if (settings.tableSizesDatabaseUrlEnv !== undefined) {
    if (typeof settings.tableSizesDatabaseUrlEnv === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(settings.tableSizesDatabaseUrlEnv)) {
      config.tableSizesDatabaseUrlEnv = settings.tableSizesDatabaseUrlEnv;
    } else {
      problems.push(`${configPath}: tableSizesDatabaseUrlEnv must name an environment variable (e.g. "FEARLESS_SIZES_URL"), not hold a URL.`);
    }
  }
  if (settings.drillDatabaseUrlEnv !== undefined) {
    if (typeof settings.drillDatabaseUrlEnv === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(settings.drillDatabaseUrlEnv)) {
      config.drillDatabaseUrlEnv = settings.drillDatabaseUrlEnv;
    } else {
      problems.push(`${configPath}: drillDatabaseUrlEnv must name an environment variable (e.g. "FEARLESS_DRILL_URL"), not hold a URL.`);
    }
  }
  if ((raw as { allowPrivilegedRole?: unknown }).allowPrivilegedRole !== undefined) {
    problems.push(
      `${configPath}: allowPrivilegedRole is never read from a config file (a workspace must not loosen what drills may do on a server): pass --allow-privileged-role, or set fearless.drill.allowPrivilegedRole in your user settings.`,
    );
  }
  const exclude = (raw as { exclude?: unknown }).exclude;
  if (exclude !== undefined) {
    if (Array.isArray(exclude) && exclude.every((pattern) => typeof pattern === 'string' && pattern.trim() !== '')) config.exclude = exclude as string[];
    else problems.push(`${configPath}: exclude must be a list of globs (e.g. ["**/testdata/**"]); using ${JSON.stringify(DEFAULT_EXCLUDES)}.`);
  }
  if (settings.transactionMode !== undefined) {
    if (settings.transactionMode === 'auto' || settings.transactionMode === 'always' || settings.transactionMode === 'never') {
      config.transactionMode = settings.transactionMode;
    } else {
      problems.push(`${configPath}: transactionMode must be "auto", "always" or "never"; using "auto".`);
    }
  }
  readDrillPgVersion(raw as { drillPgVersion?: unknown }, config, configPath, problems);
  if (settings.pgVersion !== undefined) {
    const version = parsePgVersion(settings.pgVersion);
    if (version === undefined) {
      problems.push(
        `${configPath}: pgVersion must be a PostgreSQL major version from ${SUPPORTED_PG_VERSIONS.min} to ${SUPPORTED_PG_VERSIONS.max}; using ${config.pgVersion}.`,
      );
    } else config.pgVersion = version;
  }
  if (settings.rules !== undefined) {
    const rules = parseRuleSettings(settings.rules, configPath);
    config.rules = rules.rules;
    problems.push(...rules.problems);
  }
  return { config, source: configPath, problems };
}

/** Validates `tables`: per table name, `rows` and/or `bytes` as non-negative numbers. */
export function parseTableSizes(raw: unknown, source: string): { tables: Record<string, TableSize>; problems: string[] } {
  const tables: Record<string, TableSize> = {};
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { tables, problems: [`${source}: tables must be an object of table name to {"rows": N, "bytes": N}.`] };
  for (const [name, size] of Object.entries(raw)) {
    const entry = size as { rows?: unknown; bytes?: unknown } | null;
    const valid = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;
    if (typeof entry !== 'object' || entry === null || (entry.rows !== undefined && !valid(entry.rows)) || (entry.bytes !== undefined && !valid(entry.bytes))) {
      problems.push(`${source}: tables."${name}" must be {"rows": N, "bytes": N} with non-negative numbers.`);
      continue;
    }
    tables[name] = { ...(valid(entry.rows) ? { rows: entry.rows } : {}), ...(valid(entry.bytes) ? { bytes: entry.bytes } : {}) };
  }
  return { tables, problems };
}

/** Validates a `rules` object from any source (file, editor settings); bad entries are dropped and reported. */
export function parseRuleSettings(raw: unknown, source: string): { rules: Record<string, RuleSetting>; problems: string[] } {
  const rules: Record<string, RuleSetting> = {};
  const problems: string[] = [];
  if (raw === undefined || raw === null) return { rules, problems };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    return { rules, problems: [`${source}: rules must be an object of rule id to severity.`] };
  }
  for (const [ruleId, setting] of Object.entries(raw)) {
    if (typeof setting === 'string' && RULE_SETTINGS.includes(setting)) rules[ruleId] = setting as RuleSetting;
    else problems.push(`${source}: rule "${ruleId}" must be one of ${RULE_SETTINGS.join(', ')}, not ${JSON.stringify(setting)}.`);
  }
  return { rules, problems };
}
