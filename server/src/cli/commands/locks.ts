import { setFlagsFromString } from 'node:v8';
import { collectSqlFiles } from '../../workflows/collectFiles';
import { loadTableSizes } from '../../workflows/loadTableSizes';
import { formatLocksText, lockReport } from '../../workflows/lockReport';
import { UsageError } from '../../workflows/usageError';
import { formatFlag } from '../args';
import { CONFIG, EXCLUDE, formatFlagSpec, PG_VERSION, type CliCommand } from '../command';
import { loadConfig, writeOut } from '../output';

export const locksCommand: CliCommand = {
  name: 'locks',
  usage: ['fearless locks [--pg-version N] [--format text|json] [--config FILE] [--exclude GLOB]... PATH...'],
  summary: 'List, for every statement, the table locks it takes, whether it rewrites or scans the table. Exit 0.',
  flags: [PG_VERSION, formatFlagSpec(['text', 'json'], 'text'), CONFIG, EXCLUDE],
  async run(args) {
    // As for lint: a one-shot run is over before optimised wasm would pay off.
    setFlagsFromString('--liftoff-only');
    const format = formatFlag(args);
    if (args.positionals.length === 0) throw new UsageError('"fearless locks" needs at least one file or directory.');
    const config = loadConfig(args);
    const files = collectSqlFiles(args.positionals, config.exclude);
    const tableSizes = await loadTableSizes(config, process.env, (problem) => process.stderr.write(`fearless: ${problem}\n`));
    const report = await lockReport(files, config, tableSizes);
    await writeOut(format === 'json' ? `${JSON.stringify(report)}\n` : formatLocksText(report));
    return 0;
  },
};
