import { reverseOf } from '../../workflows/reverseReport';
import { UsageError } from '../../workflows/usageError';
import { AI, CONFIG, formatFlagSpec, MODEL, PG_VERSION, type CliCommand } from '../command';
import { aiRequest, loadConfig, writeOut } from '../output';

export const reverseCommand: CliCommand = {
  name: 'reverse',
  usage: ['fearless reverse [--pg-version N] [--format sql|json] [--config FILE] [--ai] [--model M] FILE'],
  summary:
    'Draft the reverse of a forward migration from the forward and its history: what can be proven, plus what must be written by hand and why. --ai asks Claude (ANTHROPIC_API_KEY) to complete it; its SQL is parsed and checked, never run. Prints it; writes nothing.',
  flags: [PG_VERSION, formatFlagSpec(['sql', 'json'], 'sql'), CONFIG, AI, MODEL],
  async run(args) {
    const format = args.flags.get('--format') ?? 'sql';
    const ai = aiRequest(args);
    if (format !== 'sql' && format !== 'json') throw new UsageError(`--format must be sql or json, not "${String(format)}".`);
    if (args.positionals.length !== 1) throw new UsageError('"fearless reverse" takes exactly one forward migration file.');
    const draft = await reverseOf(args.positionals[0]!, loadConfig(args), ai);
    await writeOut(format === 'json' ? `${JSON.stringify(draft)}\n` : draft.sql);
    return 0;
  },
};
