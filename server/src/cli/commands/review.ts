import { UsageError } from '../../workflows/usageError';
import {
  AI,
  ALLOW_PRIVILEGED_ROLE,
  CONFIG,
  DATABASE_URL,
  DATABASE_URL_ENV,
  EXCLUDE,
  formatFlagSpec,
  MODEL,
  PG_VERSION,
  ROWS,
  SEED,
  SINCE,
  type CliCommand,
  type FlagSpec,
} from '../command';
import { loadConfig, writeOut } from '../output';

const NO_DRILL: FlagSpec = { name: '--no-drill', help: 'leave the drills out (the checklist says they did not run)' };

/** review and check: the same checklist, one as a report, one as a CI gate. */
function reviewLike(name: 'review' | 'check', usage: string[], summary: string, formats: string[], extra: FlagSpec[]): CliCommand {
  return {
    name,
    usage,
    summary,
    flags: [
      formatFlagSpec(formats, 'md'),
      NO_DRILL,
      SINCE,
      EXCLUDE,
      DATABASE_URL,
      DATABASE_URL_ENV,
      ALLOW_PRIVILEGED_ROLE,
      ROWS,
      SEED,
      ...extra,
      PG_VERSION,
      CONFIG,
    ],
    async run(args) {
      if (args.flags.has('--model') && !args.flags.has('--ai')) throw new UsageError('--model only applies with --ai.');
      if (args.positionals.length === 0) throw new UsageError(`"fearless ${name}" needs at least one migration or directory.`);
      const { runReviewCommand } = require('../reportCommands') as typeof import('../reportCommands');
      const outcome = await runReviewCommand(args.positionals, loadConfig(args), {
        command: name,
        format: String(args.flags.get('--format') ?? 'md'),
        drill: !args.flags.has('--no-drill'),
        since: args.flags.get('--since'),
        databaseUrl: args.flags.get('--database-url'),
        databaseUrlEnv: args.flags.get('--database-url-env'),
        ai: args.flags.has('--ai'),
        model: args.flags.get('--model'),
        rows: args.flags.get('--rows'),
        seed: args.flags.get('--seed'),
      });
      await writeOut(outcome.output);
      return outcome.status;
    },
  };
}

export const reviewCommand = reviewLike(
  'review',
  [
    'fearless review [--format md|json|sarif] [--no-drill] [--since GITREF] [--exclude GLOB]... [--database-url URL | --database-url-env VAR]',
    '                [--allow-privileged-role] [--rows N] [--seed FILE] [--ai [--model M]] PATH...',
  ],
  "The reviewer's checklist per migration, with evidence: both halves present, lint findings, the drill, schema changes for downstream consumers, rewrites and scans on large tables, locks per statement, and whether it can ship apart from the code. --ai adds Claude's first-pass risk summary, marked as AI-written. Exit 0.",
  ['md', 'json', 'sarif'],
  [AI, MODEL],
);

export const checkCommand = reviewLike(
  'check',
  [
    'fearless check  [--format md|json|sarif|github] [--no-drill] [--since GITREF] [--exclude GLOB]... [--database-url URL | --database-url-env VAR]',
    '                [--allow-privileged-role] [--rows N] [--seed FILE] [--ai [--model M]] PATH...',
  ],
  'The review as a CI gate: exit 1 when any item fails. --format github prints Actions annotations and writes the report to the job summary.',
  ['md', 'json', 'sarif', 'github'],
  [AI, MODEL],
);
