import { AI, ALLOW_PRIVILEGED_ROLE, CONFIG, formatFlagSpec, MODEL, PG_VERSION, type CliCommand } from '../command';
import { aiRequest, loadConfig, markdownOrJson, writeOut } from '../output';

export const planCommand: CliCommand = {
  name: 'plan',
  usage: [
    'fearless plan [--backfill TABLE.COLUMN=EXPR[;...]] [--batch-size N] [--pause-ms N] [--replace] [--check] [--allow-privileged-role]',
    '              [--write] [--ai [--model M]] [--format md|json] MIGRATION',
  ],
  summary:
    "Rewrite a naive migration as safe phases (expand, backfill, index CONCURRENTLY, validate, contract): new columns nullable with a NOT VALID check, type changes and renames through a copy kept in step by a trigger, a batched backfill script, constraints NOT VALID or USING INDEX, drops last; each phase with its reverse, written the way the folder's tool expects, and a plan document. Prints the files for review; --write writes them (never over an existing file). --check lints and drills them in a scratch copy first (exit 1, and nothing written, when that fails). --ai has Claude refine the wording and the backfills' WHERE; the refined plan is checked, and dropped for the planner's own if it fails.",
  flags: [
    { name: '--backfill', value: 'TABLE.COLUMN=EXPR[;...]', help: 'the expression each backfill sets a new column to' },
    { name: '--batch-size', value: 'N', help: 'rows per backfill batch' },
    { name: '--pause-ms', value: 'N', help: 'pause between backfill batches' },
    { name: '--replace', help: "put the phases in the naive migration's place (refused when later migrations exist)" },
    { name: '--check', help: 'lint and drill the phases in a scratch copy of the project first' },
    ALLOW_PRIVILEGED_ROLE,
    { name: '--write', help: 'write the files (never over an existing file)' },
    AI,
    MODEL,
    formatFlagSpec(['md', 'json'], 'md'),
    PG_VERSION,
    CONFIG,
  ],
  async run(args) {
    const format = markdownOrJson(args);
    const ai = aiRequest(args);
    const { runPlanCommand } = require('../reportCommands') as typeof import('../reportCommands');
    const outcome = await runPlanCommand(args.positionals, loadConfig(args), {
      backfill: args.flags.get('--backfill'),
      batchSize: args.flags.get('--batch-size'),
      pauseMs: args.flags.get('--pause-ms'),
      replace: args.flags.has('--replace'),
      write: args.flags.has('--write'),
      check: args.flags.has('--check'),
      ...(ai ? { ai } : {}),
      format,
    });
    await writeOut(outcome.output);
    return outcome.status;
  },
};
