/**
 * Settings shared by the CLI and the language server, read once and passed
 * down. Sources, later ones winning: built-in defaults, `fearless.config.json`
 * at the workspace root, then the editor setting or command-line flag.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TransactionMode } from '../migrations/fileFacts';
import type { Severity } from '../rules/rule';

export const SUPPORTED_PG_VERSIONS = { min: 11, max: 18 } as const;
/** PostgreSQL 18 is the current major release (and the one PGlite embeds). */
export const DEFAULT_PG_VERSION = 18;
export const CONFIG_FILE_NAME = 'fearless.config.json';

export type RuleSetting = Severity | 'off';

export interface ProjectConfig {
  pgVersion: number;
  /**
   * How the migration tool runs a file: `auto` (default) treats a file with
   * several statements as one transaction, as most tools do (and as any
   * multi-statement query string is); `always`; `never`.
   */
  transactionMode: TransactionMode;
  /** Per rule id: a severity that replaces the default, or `off`. */
  rules: Record<string, RuleSetting>;
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
  return { pgVersion: DEFAULT_PG_VERSION, transactionMode: 'auto', rules: {} };
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
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

export function loadConfigFile(configPath: string | undefined): ConfigLoad {
  const config = defaultConfig();
  if (!configPath) return { config, problems: [] };
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(configPath, 'utf8'));
  } catch (error) {
    return { config, source: configPath, problems: [`${configPath}: not valid JSON (${(error as Error).message}); using defaults.`] };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { config, source: configPath, problems: [`${configPath}: expected a JSON object; using defaults.`] };
  }
  const settings = raw as { pgVersion?: unknown; rules?: unknown; transactionMode?: unknown };
  if (settings.transactionMode !== undefined) {
    if (settings.transactionMode === 'auto' || settings.transactionMode === 'always' || settings.transactionMode === 'never') {
      config.transactionMode = settings.transactionMode;
    } else {
      problems.push(`${configPath}: transactionMode must be "auto", "always" or "never"; using "auto".`);
    }
  }
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
