import { ALLOW_PRIVILEGED_ROLE, CONFIG, DATABASE_URL, DATABASE_URL_ENV, formatFlagSpec, ROWS, SEED, type CliCommand } from '../command';
import { loadConfig, markdownOrJson, writeOut } from '../output';

export const shadowCommand: CliCommand = {
  name: 'shadow',
  usage: [
    'fearless shadow --capture FILE [--format-in sql|pglog|csvlog|pgss] [--parameters FILE] [--database-url URL | --database-url-env VAR]',
    '                [--allow-privileged-role] [--rows N] [--seed FILE] [--limit N] [--sample N] [--format md|json] MIGRATION',
  ],
  summary:
    "Replay captured traffic against the schema before and after the migration and compare the results: a plain .sql file, a server log (stderr or csvlog, log_statement = 'all' or log_min_duration_statement, with bind parameters) or a pg_stat_statements export (normalised queries need --parameters). Reads compare columns and rows; writes run in rolled-back transactions and compare rows affected and RETURNING. Queries that fail after the migration come first; 10x slower is a finding. Exit 0 when nothing differs, 1 otherwise.",
  flags: [
    { name: '--capture', value: 'FILE', help: 'the captured traffic' },
    { name: '--format-in', value: 'F', help: 'sql, pglog, csvlog or pgss (default: from the file)' },
    { name: '--parameters', value: 'FILE', help: 'parameter values for normalised queries ($1, $2...)' },
    DATABASE_URL,
    DATABASE_URL_ENV,
    ALLOW_PRIVILEGED_ROLE,
    ROWS,
    SEED,
    { name: '--limit', value: 'N', help: 'replay at most N queries' },
    { name: '--sample', value: 'N', help: 'replay a sample of N queries' },
    formatFlagSpec(['md', 'json'], 'md'),
    CONFIG,
  ],
  async run(args) {
    const format = markdownOrJson(args);
    const { runShadowCommand } = require('../reportCommands') as typeof import('../reportCommands');
    const outcome = await runShadowCommand(args.positionals, loadConfig(args), {
      capture: args.flags.get('--capture'),
      formatIn: args.flags.get('--format-in'),
      parameters: args.flags.get('--parameters'),
      databaseUrl: args.flags.get('--database-url'),
      databaseUrlEnv: args.flags.get('--database-url-env'),
      rows: args.flags.get('--rows'),
      seed: args.flags.get('--seed'),
      limit: args.flags.get('--limit'),
      sample: args.flags.get('--sample'),
      format,
    });
    await writeOut(outcome.output);
    return outcome.status;
  },
};
