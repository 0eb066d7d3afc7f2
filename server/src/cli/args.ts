/** Command-line parsing for `fearless`: small on purpose, with exact error messages. */

import { UsageError } from '../workflows/usageError';

export interface ParsedArgs {
  command: string | undefined;
  positionals: string[];
  flags: Map<string, string | true>;
}

/** What the parser needs to know of the flags: which take a value, which may repeat. */
export interface FlagKinds {
  valued: ReadonlySet<string>;
  repeatable: ReadonlySet<string>;
}

export function parseArgs(argv: readonly string[], kinds: FlagKinds): ParsedArgs {
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
      if (kinds.valued.has(name)) {
        const value = equals === -1 ? argv[++i] : argument.slice(equals + 1);
        if (value === undefined || value === '') throw new UsageError(`${name} needs a value.`);
        const earlier = flags.get(name);
        // A repeatable flag collects its values, one per line.
        flags.set(name, kinds.repeatable.has(name) && typeof earlier === 'string' ? `${earlier}\n${value}` : value);
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
