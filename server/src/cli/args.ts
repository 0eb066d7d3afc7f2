/** Command-line parsing for `fearless`: small on purpose, with exact error messages. */

import { UsageError } from '../workflows/usageError';

export interface ParsedArgs {
  command: string | undefined;
  positionals: string[];
  flags: Map<string, string | true>;
}

/** Flags that take a value; every other flag is a switch. */
const VALUE_FLAGS = new Set(['--pg-version', '--format', '--config', '--cache-location', '--model', '--database-url', '--database-url-env', '--old-queries', '--new-queries', '--since', '--rows', '--seed', '--capture', '--format-in', '--parameters', '--limit', '--sample', '--backfill', '--batch-size', '--pause-ms', '--root', '--table-sizes-url-env', '--exclude']);

/** Flags that may be given more than once. */
const REPEATABLE_FLAGS = new Set(['--exclude']);

export function parseArgs(argv: readonly string[]): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  let command: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i]!;
    if (argument === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (argument.startsWith('--')) {
      const equals = argument.indexOf('=');
      const name = equals === -1 ? argument : argument.slice(0, equals);
      if (VALUE_FLAGS.has(name)) {
        const value = equals === -1 ? argv[++i] : argument.slice(equals + 1);
        if (value === undefined || value === '') throw new UsageError(`${name} needs a value.`);
        const earlier = flags.get(name);
        // A repeatable flag collects its values, one per line.
        flags.set(name, REPEATABLE_FLAGS.has(name) && typeof earlier === 'string' ? `${earlier}\n${value}` : value);
      } else {
        if (equals !== -1) throw new UsageError(`${name} takes no value.`);
        flags.set(name, true);
      }
      continue;
    }
    if (argument === '-h') {
      flags.set('--help', true);
      continue;
    }
    if (argument.startsWith('-') && argument !== '-') throw new UsageError(`Unknown option ${argument}.`);
    if (command === undefined) command = argument;
    else positionals.push(argument);
  }
  return { command, positionals, flags };
}

export function rejectUnknownFlags(args: ParsedArgs, allowed: readonly string[]): void {
  for (const flag of args.flags.keys()) {
    if (!allowed.includes(flag)) throw new UsageError(`Unknown option ${flag} for "${args.command}".`);
  }
}

export function formatFlag(args: ParsedArgs): 'text' | 'json' {
  const format = args.flags.get('--format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not "${String(format)}".`);
  return format;
}
