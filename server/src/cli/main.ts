/**
 * `fearless`: the command-line front end. The commands are in commands/,
 * one file each; this builds the flag checks and the help from them and
 * runs the one asked for. Exit codes: 0 no error-severity finding, 1 at
 * least one, 2 usage error (bad flag, missing path), 3 a bug or a lost
 * database connection.
 */

import { DatabaseConnectionLost } from '../drill/database';
import { FEARLESS_VERSION } from '../version';
import { isUsageError, UsageError } from '../workflows/usageError';
import { parseArgs, rejectUnknownFlags, type FlagKinds } from './args';
import type { CliCommand } from './command';
import { COMMANDS } from './commands/index';
import { commandHelp, globalHelp } from './help';
import { say, writeOut } from './output';

const FLAG_KINDS: FlagKinds = {
  valued: new Set(COMMANDS.flatMap((command) => command.flags.filter((flag) => flag.value !== undefined).map((flag) => flag.name))),
  repeatable: new Set(COMMANDS.flatMap((command) => command.flags.filter((flag) => flag.repeatable).map((flag) => flag.name))),
};

function commandNamed(name: string): CliCommand {
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) throw new UsageError(`Unknown command "${name}". Run "fearless --help".`);
  return command;
}

async function run(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, FLAG_KINDS);
  if (args.flags.has('--version')) {
    await writeOut(`${FEARLESS_VERSION}\n`);
    return 0;
  }
  if (args.command === undefined || args.command === 'help') {
    const topic = args.command === 'help' ? args.positionals[0] : undefined;
    await writeOut(topic ? commandHelp(commandNamed(topic)) : globalHelp(COMMANDS));
    // Nothing asked for at all is a usage error; asking for help is not.
    return args.command === undefined && !args.flags.has('--help') ? 2 : 0;
  }
  const command = commandNamed(args.command);
  if (args.flags.has('--help')) {
    await writeOut(commandHelp(command));
    return 0;
  }
  rejectUnknownFlags(
    args,
    command.flags.map((flag) => flag.name),
  );
  return command.run(args);
}

export function main(argv: readonly string[]): void {
  run(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (isUsageError(error)) {
        say(error.message);
        process.exitCode = 2;
        return;
      }
      // By name: the report commands are a bundle of their own, with their own copy of the class.
      if (error instanceof Error && error.name === DatabaseConnectionLost.name) {
        // Not a bug, but no verdict either: the server went away under the drill.
        say(`${error.message} Check the server, then run the command again.`);
        process.exitCode = 3;
        return;
      }
      say(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 3;
    },
  );
}

main(process.argv.slice(2));
