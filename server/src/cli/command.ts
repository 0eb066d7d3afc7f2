/**
 * One `fearless` command: its name, its usage lines, what it does, the flags
 * it takes and how it runs. main.ts builds the help, the flag checks and
 * the dispatch from the list in commands/index.ts, so a new command is one
 * file in commands/ and its line there.
 */

import { DEFAULT_PG_VERSION, SUPPORTED_PG_VERSIONS } from '../config/projectConfig';
import type { ParsedArgs } from './args';

export interface FlagSpec {
  name: string;
  /** The value's placeholder (`N`, `FILE`); absent for a switch. */
  value?: string;
  /** May be given more than once; the values are collected. */
  repeatable?: true;
  help: string;
}

export interface CliCommand {
  name: string;
  /** Synopsis lines, each starting with `fearless <name>`. */
  usage: string[];
  /** What it does, a paragraph (wrapped by the help). */
  summary: string;
  flags: FlagSpec[];
  /** The exit status. Throws UsageError for bad input. */
  run(args: ParsedArgs): Promise<number>;
}

export const PG_VERSION: FlagSpec = {
  name: '--pg-version',
  value: 'N',
  help: `PostgreSQL major version to check against (${SUPPORTED_PG_VERSIONS.min}-${SUPPORTED_PG_VERSIONS.max}; default: fearless.config.json's pgVersion, else ${DEFAULT_PG_VERSION})`,
};
export const CONFIG: FlagSpec = {
  name: '--config',
  value: 'FILE',
  help: 'use this fearless.config.json instead of searching from the current directory upwards',
};
export const EXCLUDE: FlagSpec = {
  name: '--exclude',
  value: 'GLOB',
  repeatable: true,
  help: 'leave out paths matching GLOB under a folder given (adds to fearless.config.json\'s "exclude", default **/testdata/**, **/fixtures/**, **/__fixtures__/**)',
};
export const DATABASE_URL: FlagSpec = { name: '--database-url', value: 'URL', help: 'drill in a throwaway database on this server instead of PGlite' };
export const DATABASE_URL_ENV: FlagSpec = {
  name: '--database-url-env',
  value: 'VAR',
  help: 'the same, with the URL read from the environment variable VAR (kept out of the process list)',
};
export const ALLOW_PRIVILEGED_ROLE: FlagSpec = {
  name: '--allow-privileged-role',
  help: 'drill even as a role that can reach past a scratch database (superuser, CREATEROLE, REPLICATION, BYPASSRLS)',
};
export const SINCE: FlagSpec = {
  name: '--since',
  value: 'GITREF',
  help: 'only the migrations whose files changed since GITREF (committed, staged, unstaged or new)',
};
export const ROWS: FlagSpec = { name: '--rows', value: 'N', help: 'N generated rows per table before the forward (1-100000)' };
export const SEED: FlagSpec = { name: '--seed', value: 'FILE', help: 'your own seed SQL instead of generated rows' };
export const AI: FlagSpec = { name: '--ai', help: 'ask Claude (ANTHROPIC_API_KEY; ANTHROPIC_BASE_URL is honoured)' };
export const MODEL: FlagSpec = { name: '--model', value: 'M', help: 'the Claude model (with --ai)' };

export function formatFlagSpec(values: readonly string[], defaultValue: string): FlagSpec {
  return { name: '--format', value: 'F', help: `${values.join(', ')} (default ${defaultValue})` };
}
