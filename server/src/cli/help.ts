/** The help `fearless --help` and `fearless <command> --help` print, built from the commands' own descriptions. */

import { FEARLESS_VERSION } from '../version';
import type { CliCommand, FlagSpec } from './command';

const WIDTH = 78;

function wrap(text: string, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > WIDTH) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

function flagLines(flags: readonly FlagSpec[]): string {
  return flags
    .map((flag) => {
      const head = `  ${flag.name}${flag.value ? ` ${flag.value}` : ''}${flag.repeatable ? '...' : ''}`;
      const body = wrap(flag.help, ' '.repeat(19)).trimStart();
      return head.length < 18 ? `${head.padEnd(19)}${body}` : `${head}\n${' '.repeat(19)}${body}`;
    })
    .join('\n');
}

const EXIT_STATUS = 'Exit status: 0 no error-severity finding, 1 at least one, 2 usage error,\n3 internal error (a bug: please report it).\n';

export function globalHelp(commands: readonly CliCommand[]): string {
  return [
    `fearless ${FEARLESS_VERSION}: safe PostgreSQL migrations`,
    '',
    'Usage:',
    ...commands.flatMap((command) => command.usage.map((line) => `  ${line}`)),
    '  fearless --version | --help',
    '  fearless COMMAND --help      what one command does, and all its options',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(8)}${wrap(command.summary, ' '.repeat(10)).trimStart()}`),
    '',
    EXIT_STATUS,
  ].join('\n');
}

export function commandHelp(command: CliCommand): string {
  return [
    'Usage:',
    ...command.usage.map((line) => `  ${line}`),
    '',
    wrap(command.summary, '  '),
    '',
    ...(command.flags.length > 0 ? ['Options:', flagLines(command.flags), ''] : []),
    EXIT_STATUS,
  ].join('\n');
}
