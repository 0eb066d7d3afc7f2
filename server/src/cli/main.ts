/**
 * `fearless`: the command-line front end. Exit codes: 0 no error-severity
 * finding, 1 at least one, 2 usage error (bad flag, missing path), 3 a bug.
 */

import { DatabaseConnectionLost } from '../drill/database';
import { projectFiles } from '../files/projectFiles';
import { redactSecrets } from '../secrets';
import * as path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { findConfigFile, loadConfigFile, parsePgVersion, SUPPORTED_PG_VERSIONS, DEFAULT_PG_VERSION, type ProjectConfig } from '../config/projectConfig';
import { FEARLESS_VERSION } from '../version';
import { formatFlag, parseArgs, rejectUnknownFlags, type ParsedArgs } from './args';
import { isUsageError, UsageError } from '../workflows/usageError';
import { collectSqlFiles } from '../workflows/collectFiles';
import { loadTableSizes } from '../workflows/loadTableSizes';
import { MigrationHistory } from '../migrations/migrationHistory';
import { DEFAULT_CACHE_FILE, LintCache } from '../workflows/lintCache';
import { formatLintText, lintFiles } from '../workflows/lintReport';
import { ruleById } from '../rules/registry';
import { ruleDocsMarkdown, ruleMarkdownById, ruleSummaries } from '../rules/ruleDocsText';
import { formatLocksText, lockReport } from '../workflows/lockReport';
import { reverseOf } from '../workflows/reverseReport';

const HELP = `fearless ${FEARLESS_VERSION}: safe PostgreSQL migrations

Usage:
  fearless lint  [--pg-version N] [--format text|json] [--config FILE]
                 [--cache] [--cache-location FILE] PATH...
  fearless locks [--pg-version N] [--format text|json] [--config FILE] PATH...
  fearless reverse [--pg-version N] [--format sql|json] [--config FILE]
                   [--ai] [--model M] FILE
  fearless drill [--database-url URL | --database-url-env VAR] [--format md|json]
                 [--old-queries FILE] [--new-queries FILE] [--since GITREF]
                 [--rows N] [--seed FILE] [--allow-privileged-role]
                 [--pg-version N] [--config FILE] PATH...
  fearless review [--format md|json|sarif] [--no-drill] [--since GITREF]
                  [--database-url URL] [--rows N] [--seed FILE]
                  [--ai [--model M]] PATH...
  fearless check  [--format md|json|sarif|github] [--no-drill] [--since GITREF]
                  [--database-url URL] [--rows N] [--seed FILE] PATH...
  fearless shadow --capture FILE [--format-in sql|pglog|csvlog|pgss]
                  [--parameters FILE] [--database-url URL | --database-url-env VAR]
                  [--rows N] [--seed FILE] [--limit N] [--sample N]
                  [--format md|json] [--config FILE] MIGRATION
  fearless plan  [--backfill TABLE.COLUMN=EXPR[;...]] [--batch-size N] [--pause-ms N]
                 [--replace] [--check] [--write] [--ai [--model M]]
                 [--format md|json] [--config FILE] MIGRATION
  fearless rules [--format text|json] [RULE-ID]
  fearless lsp --stdio
  fearless mcp [--root DIR] [--database-url-env VAR] [--table-sizes-url-env VAR]
               [--allow-privileged-role]
  fearless --version | --help

Commands:
  lint    Report risky locks, unsafe patterns and syntax errors. Directories
          are searched for *.sql. Each file is checked against the
          migrations before it in its folder.
  locks   List, for every statement, the table locks it takes, whether it
          rewrites or scans the table.
  reverse Draft the reverse of a forward migration from the forward and its
          history: what can be proven, plus what must be written by hand
          and why. --ai asks Claude (ANTHROPIC_API_KEY) to complete it; its
          SQL is parsed and checked, never run. Prints it; writes nothing.
  drill   Rehearse each forward/reverse pair: apply the history, the forward,
          the reverse and the forward again; the schema must come back
          each time. Runs on an embedded PostgreSQL (PGlite) unless a
          database URL is given: then in a throwaway database it creates
          and drops on that server (the database in the URL is untouched),
          as a role with CREATEDB and no more: a superuser or a role with
          CREATEROLE, REPLICATION or BYPASSRLS is refused unless
          --allow-privileged-role is given (also for review, check, shadow
          and plan --check). Statements that act on the server (roles,
          databases, ALTER SYSTEM, COPY ... PROGRAM) are refused, and a
          drill that changed the server outside its scratch database fails.
          Exit 3 when the connection to the server is lost mid-drill.
          --new-queries: the new release's queries, which must work after
          the forward; --old-queries: the previous release's, which must
          work after the forward (in-flight requests) and after the reverse.
          --since GITREF: only the pairs whose files changed since GITREF.
          --rows N: N generated rows per table before the forward, --seed
          FILE: your own; the reverse must give the rows back.
          Exit 0 when every pair passes, 1 otherwise.
  review  The reviewer's checklist per migration, with evidence: both
          halves present, lint findings, the drill, schema changes for
          downstream consumers, rewrites and scans on large tables, locks
          per statement, and whether it can ship apart from the code.
          --rows N / --seed FILE seed the drills as for drill.
          --ai adds Claude's first-pass risk summary, marked as AI-written.
  check   The same as a CI gate: exit 1 when any item fails. --format
          github prints Actions annotations and writes the report to the
          job summary.
  shadow  Replay captured traffic against the schema before and after the
          migration and compare the results: a plain .sql file, a server
          log (stderr or csvlog, log_statement = 'all' or
          log_min_duration_statement, with bind parameters) or a
          pg_stat_statements export (normalised queries need --parameters).
          Reads compare columns and rows; writes run in rolled-back
          transactions and compare rows affected and RETURNING. Queries
          that fail after the migration come first; 10x slower is a finding.
          Exit 0 when nothing differs, 1 otherwise.
  plan    Rewrite a naive migration as safe phases (expand, backfill,
          index CONCURRENTLY, validate, contract): new columns nullable with
          a NOT VALID check, type changes and renames through a copy kept in
          step by a trigger, a batched backfill script, constraints NOT VALID
          or USING INDEX, drops last; each phase with its reverse, written
          the way the folder's tool expects, and a plan document. Prints the
          files for review; --write writes them (never over an existing
          file); --replace puts them in the naive migration's place. --check
          lints and drills them in a scratch copy first (exit 1, and nothing
          written, when that fails). --ai has Claude (ANTHROPIC_API_KEY)
          refine the wording and the backfills' WHERE; the refined plan is
          checked, and dropped for the planner's own if it fails.
  rules   List the rules (id, default severity, title), or show one rule's
          documentation: why it matters, what to write instead.
  lsp     Run the language server over stdio (for Neovim, Helix, Emacs...).
  mcp     Run a Model Context Protocol server over stdio for AI coding agents:
          lint, locks, explain_lock_mode, reverse, check_reverse, drill and
          plan as tools, the rule docs as resources. Reads only inside the
          workspace root (--root DIR, default the current directory), writes
          no migration file, drills only on throwaway databases: PGlite, or
          scratch databases on the server whose URL is in the environment
          variable --database-url-env names (never one a workspace file
          names).

Options:
  --pg-version N   PostgreSQL major version to check against (${SUPPORTED_PG_VERSIONS.min}-${SUPPORTED_PG_VERSIONS.max};
                   default: fearless.config.json's pgVersion, else ${DEFAULT_PG_VERSION})
  --format F       text (default) or json
  --config FILE    use this fearless.config.json instead of searching from the
                   current directory upwards
  --cache          lint: reuse results for files whose content, history
                   (earlier migrations) and settings are unchanged
  --exclude GLOB   lint, locks, drill, review, check: leave out paths matching GLOB
                   under a folder given (repeatable; adds to fearless.config.json's
                   "exclude", default **/testdata/**, **/fixtures/**, **/__fixtures__/**)
  --cache-location FILE
                   lint: where the cache lives (default ${DEFAULT_CACHE_FILE}; a folder: that file inside it)

Exit status: 0 no error-severity finding, 1 at least one, 2 usage error,
3 internal error (a bug: please report it).
`;

/** A line on stderr, never with the API key in it (an error may quote what the Messages API echoed). */
function say(message: string): void {
  process.stderr.write(`fearless: ${redactSecrets(message, [process.env['ANTHROPIC_API_KEY']])}\n`);
}

function loadConfig(args: ParsedArgs): ProjectConfig {
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
function markdownOrJson(args: ParsedArgs): 'md' | 'json' {
  const format = args.flags.get('--format') ?? 'md';
  if (format !== 'md' && format !== 'json') throw new UsageError(`--format must be md or json, not "${String(format)}".`);
  return format;
}

async function writeOut(text: string): Promise<void> {
  // Large JSON must be flushed before the process exits with a status code.
  await new Promise<void>((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve())));
}

async function run(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv);
  if (args.flags.has('--version')) {
    await writeOut(`${FEARLESS_VERSION}\n`);
    return 0;
  }
  if (args.command === undefined || args.command === 'help' || (args.flags.has('--help') && args.command === undefined)) {
    await writeOut(HELP);
    return args.command === undefined && !args.flags.has('--help') ? 2 : 0;
  }
  if (args.flags.has('--help')) {
    await writeOut(HELP);
    return 0;
  }

  switch (args.command) {
    case 'lint':
    case 'locks': {
      // A one-shot run ends before V8's optimising wasm compiler pays off; its
      // background compilation only competes for the CPU (measured: 0.83 s →
      // 0.60 s on the Lemmy corpus, no loss on a 40,000-statement file).
      setFlagsFromString('--liftoff-only');
      rejectUnknownFlags(args, args.command === 'lint' ? ['--pg-version', '--format', '--config', '--cache', '--cache-location', '--exclude'] : ['--pg-version', '--format', '--config', '--exclude']);
      const format = formatFlag(args);
      if (args.positionals.length === 0) throw new UsageError(`"fearless ${args.command}" needs at least one file or directory.`);
      const config = loadConfig(args);
      const files = collectSqlFiles(args.positionals, config.exclude);
      const tableSizes = await loadTableSizes(config, process.env, (problem) => process.stderr.write(`fearless: ${problem}\n`));
      if (args.command === 'lint') {
        const cacheLocation = args.flags.get('--cache-location');
        const history = new MigrationHistory(false, config.convention);
        const cache =
          args.flags.has('--cache') || cacheLocation !== undefined
            ? LintCache.open(LintCache.location(typeof cacheLocation === 'string' ? cacheLocation : DEFAULT_CACHE_FILE), config, (file) => history.historyFiles(file))
            : undefined;
        const outcome = await lintFiles(files, config, history, cache, tableSizes);
        await writeOut(format === 'json' ? `${JSON.stringify({ files: outcome.files })}\n` : formatLintText(outcome));
        return outcome.errorCount > 0 ? 1 : 0;
      }
      const report = await lockReport(files, config, tableSizes);
      await writeOut(format === 'json' ? `${JSON.stringify(report)}\n` : formatLocksText(report));
      return 0;
    }
    case 'reverse': {
      rejectUnknownFlags(args, ['--pg-version', '--format', '--config', '--ai', '--model']);
      const format = args.flags.get('--format') ?? 'sql';
      const model = args.flags.get('--model');
      if (model !== undefined && !args.flags.has('--ai')) throw new UsageError('--model only applies with --ai.');
      if (format !== 'sql' && format !== 'json') throw new UsageError(`--format must be sql or json, not "${String(format)}".`);
      if (args.positionals.length !== 1) throw new UsageError('"fearless reverse" takes exactly one forward migration file.');
      const draft = await reverseOf(
        args.positionals[0]!,
        loadConfig(args),
        args.flags.has('--ai')
          ? {
              apiKey: process.env['ANTHROPIC_API_KEY'] || undefined,
              ...(typeof model === 'string' ? { model } : {}),
              warn: (message) => say(message),
            }
          : undefined,
      );
      await writeOut(format === 'json' ? `${JSON.stringify(draft)}\n` : draft.sql);
      return 0;
    }
    case 'drill': {
      rejectUnknownFlags(args, ['--pg-version', '--format', '--config', '--database-url', '--database-url-env', '--allow-privileged-role', '--exclude', '--old-queries', '--new-queries', '--since', '--rows', '--seed']);
      const format = markdownOrJson(args);
      if (args.positionals.length === 0) throw new UsageError('"fearless drill" needs at least one forward migration or directory.');
      const { runDrillCommand } = require('./reportCommands') as typeof import('./reportCommands');
      const outcome = await runDrillCommand(args.positionals, loadConfig(args), {
        databaseUrl: args.flags.get('--database-url'),
        databaseUrlEnv: args.flags.get('--database-url-env'),
        oldQueries: args.flags.get('--old-queries'),
        newQueries: args.flags.get('--new-queries'),
        since: args.flags.get('--since'),
        rows: args.flags.get('--rows'),
        seed: args.flags.get('--seed'),
        format,
      });
      await writeOut(outcome.output);
      return outcome.status;
    }
    case 'plan': {
      rejectUnknownFlags(args, ['--format', '--config', '--pg-version', '--backfill', '--batch-size', '--pause-ms', '--replace', '--write', '--check', '--allow-privileged-role', '--ai', '--model']);
      const format = markdownOrJson(args);
      const model = args.flags.get('--model');
      if (model !== undefined && !args.flags.has('--ai')) throw new UsageError('--model only applies with --ai.');
      const { runPlanCommand } = require('./reportCommands') as typeof import('./reportCommands');
      const outcome = await runPlanCommand(args.positionals, loadConfig(args), {
        backfill: args.flags.get('--backfill'),
        batchSize: args.flags.get('--batch-size'),
        pauseMs: args.flags.get('--pause-ms'),
        replace: args.flags.has('--replace'),
        write: args.flags.has('--write'),
        check: args.flags.has('--check'),
        ...(args.flags.has('--ai')
          ? {
              ai: {
                apiKey: process.env['ANTHROPIC_API_KEY'] || undefined,
                ...(typeof model === 'string' ? { model } : {}),
                warn: (message: string) => say(message),
              },
            }
          : {}),
        format,
      });
      await writeOut(outcome.output);
      return outcome.status;
    }
    case 'shadow': {
      rejectUnknownFlags(args, ['--format', '--config', '--capture', '--format-in', '--parameters', '--database-url', '--database-url-env', '--allow-privileged-role', '--rows', '--seed', '--limit', '--sample']);
      const format = markdownOrJson(args);
      const { runShadowCommand } = require('./reportCommands') as typeof import('./reportCommands');
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
    }
    case 'review':
    case 'check': {
      rejectUnknownFlags(args, ['--pg-version', '--format', '--config', '--no-drill', '--since', '--database-url', '--database-url-env', '--allow-privileged-role', '--exclude', '--rows', '--seed', '--ai', '--model']);
      if (args.flags.has('--model') && !args.flags.has('--ai')) throw new UsageError('--model only applies with --ai.');
      if (args.positionals.length === 0) throw new UsageError(`"fearless ${args.command}" needs at least one migration or directory.`);
      const { runReviewCommand } = require('./reportCommands') as typeof import('./reportCommands');
      const outcome = await runReviewCommand(args.positionals, loadConfig(args), {
        command: args.command,
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
    }
    case 'rules': {
      rejectUnknownFlags(args, ['--format']);
      const format = formatFlag(args);
      const wanted = args.positionals[0];
      if (args.positionals.length > 1) throw new UsageError('"fearless rules" takes at most one rule id.');
      if (wanted === undefined) {
        const summaries = ruleSummaries();
        await writeOut(
          format === 'json'
            ? `${JSON.stringify({ rules: summaries })}\n`
            : `${summaries.map((rule) => `${rule.id.padEnd(44)} ${rule.defaultSeverity.padEnd(8)} ${rule.title}`).join('\n')}\n`,
        );
        return 0;
      }
      const rule = ruleById(wanted);
      if (!rule) {
        const summary = ruleSummaries().find((candidate) => candidate.id === wanted);
        if (!summary) throw new UsageError(`No rule "${wanted}". Run "fearless rules" for the list.`);
        await writeOut(format === 'json' ? `${JSON.stringify(summary)}\n` : ruleMarkdownById(summary.id)!);
        return 0;
      }
      await writeOut(
        format === 'json'
          ? `${JSON.stringify({ id: rule.id, title: rule.title, defaultSeverity: rule.defaultSeverity, docs: rule.docs, counterparts: rule.counterparts ?? {} })}\n`
          : ruleDocsMarkdown(rule),
      );
      return 0;
    }
    case 'lsp': {
      rejectUnknownFlags(args, ['--stdio']);
      if (!args.flags.has('--stdio')) throw new UsageError('"fearless lsp" speaks LSP over stdio only: run "fearless lsp --stdio".');
      // Loaded on demand: lint and locks never pay for the LSP libraries.
      const { startStdioServer } = require('./lspCommand') as typeof import('./lspCommand');
      startStdioServer();
      return await new Promise<number>(() => undefined);
    }
    case 'mcp': {
      rejectUnknownFlags(args, ['--root', '--database-url-env', '--table-sizes-url-env', '--allow-privileged-role']);
      if (args.positionals.length > 0) throw new UsageError('"fearless mcp" takes no paths: give the workspace root with --root DIR.');
      const root = args.flags.get('--root');
      // Loaded on demand, like the LSP half: lint and locks never pay for the MCP SDK.
      const { startMcpServer, mcpServersFromFlags } = require('./mcpCommand') as typeof import('./mcpCommand');
      const servers = mcpServersFromFlags({
        databaseUrlEnv: args.flags.get('--database-url-env'),
        tableSizesUrlEnv: args.flags.get('--table-sizes-url-env'),
        allowPrivilegedRole: args.flags.has('--allow-privileged-role'),
      });
      await startMcpServer(typeof root === 'string' ? root : process.cwd(), servers);
      return await new Promise<number>(() => undefined);
    }
    default:
      throw new UsageError(`Unknown command "${args.command}". Run "fearless --help".`);
  }
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
