/** What every command does the same way: reading the config and shared flags, printing, saying things on stderr. */

import * as path from 'node:path';
import { findConfigFile, loadConfigFile, parsePgVersion, SUPPORTED_PG_VERSIONS, type ProjectConfig } from '../config/projectConfig';
import { projectFiles } from '../files/projectFiles';
import { redactSecrets } from '../secrets';
import { setFlagsFromString } from 'node:v8';
import { collectSqlFiles } from '../workflows/collectFiles';
import { loadTableSizes } from '../workflows/loadTableSizes';
import { UsageError } from '../workflows/usageError';
import { formatFlag, type ParsedArgs } from './args';

/** A line on stderr, never with the API key in it (an error may quote what the Messages API echoed). */
export function say(message: string): void {
  process.stderr.write(`fearless: ${redactSecrets(message, [process.env['ANTHROPIC_API_KEY']])}\n`);
}

export async function writeOut(text: string): Promise<void> {
  // Large JSON must be flushed before the process exits with a status code.
  await new Promise<void>((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}

/** fearless.config.json (found upwards, or `--config`), with `--pg-version`, `--allow-privileged-role` and `--exclude` applied. */
export function loadConfig(args: ParsedArgs): ProjectConfig {
  const explicit = args.flags.get('--config');
  if (typeof explicit === 'string' && !projectFiles.exists(explicit)) {
    throw new UsageError(`No such config file: ${explicit}`);
  }
  const configPath = typeof explicit === 'string' ? path.resolve(explicit) : findConfigFile(process.cwd());
  const loaded = loadConfigFile(configPath);
  for (const problem of loaded.problems) process.stderr.write(`fearless: ${problem}\n`);
  const versionFlag = args.flags.get('--pg-version');
  if (versionFlag !== undefined) {
    const version = parsePgVersion(versionFlag);
    if (version === undefined) {
      throw new UsageError(
        `--pg-version must be a PostgreSQL major version from ${SUPPORTED_PG_VERSIONS.min} to ${SUPPORTED_PG_VERSIONS.max}, not "${String(versionFlag)}".`,
      );
    }
    loaded.config.pgVersion = version;
  }
  if (args.flags.has('--allow-privileged-role')) loaded.config.allowPrivilegedRole = true;
  const exclude = args.flags.get('--exclude');
  if (typeof exclude === 'string') loaded.config.exclude = [...loaded.config.exclude, ...exclude.split('\n')];
  return loaded.config;
}

/** `--format` of the report commands (drill, plan, shadow): md unless json is asked for. */
export function markdownOrJson(args: ParsedArgs): 'md' | 'json' {
  const format = args.flags.get('--format') ?? 'md';
  if (format !== 'md' && format !== 'json') throw new UsageError(`--format must be md or json, not "${String(format)}".`);
  return format;
}

/** What `--ai` (with `--model`) asks for: the key from the environment, warnings on stderr. */
export function aiRequest(args: ParsedArgs): { apiKey: string | undefined; model?: string; warn(message: string): void } | undefined {
  const model = args.flags.get('--model');
  if (model !== undefined && !args.flags.has('--ai')) throw new UsageError('--model only applies with --ai.');
  if (!args.flags.has('--ai')) return undefined;
  return { apiKey: process.env['ANTHROPIC_API_KEY'] || undefined, ...(typeof model === 'string' ? { model } : {}), warn: (message) => say(message) };
}

/** What lint and locks start with: the format, the config, the .sql files the paths name, and the known table sizes. */
export async function sqlFileRun(args: ParsedArgs, command: string) {
  // A one-shot run ends before V8's optimising wasm compiler pays off; its background compilation only competes
  // for the CPU (measured: 0.83 s → 0.60 s on the Lemmy corpus, no loss on a 40,000-statement file).
  setFlagsFromString('--liftoff-only');
  const format = formatFlag(args);
  if (args.positionals.length === 0) throw new UsageError(`"fearless ${command}" needs at least one file or directory.`);
  const config = loadConfig(args);
  const files = collectSqlFiles(args.positionals, config.exclude);
  const tableSizes = await loadTableSizes(config, process.env, (problem) => process.stderr.write(`fearless: ${problem}\n`));
  return { format, config, files, tableSizes };
}
