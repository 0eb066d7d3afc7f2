import { formatLocksText, lockReport } from '../../workflows/lockReport';
import { CONFIG, EXCLUDE, formatFlagSpec, PG_VERSION, type CliCommand } from '../command';
import { sqlFileRun, writeOut } from '../output';

export const locksCommand: CliCommand = {
  name: 'locks',
  usage: ['fearless locks [--pg-version N] [--format text|json] [--config FILE] [--exclude GLOB]... PATH...'],
  summary: 'List, for every statement, the table locks it takes, whether it rewrites or scans the table. Exit 0.',
  flags: [PG_VERSION, formatFlagSpec(['text', 'json'], 'text'), CONFIG, EXCLUDE],
  async run(args) {
    const { format, config, files, tableSizes } = await sqlFileRun(args, 'locks');
    const report = await lockReport(files, config, tableSizes);
    await writeOut(format === 'json' ? `${JSON.stringify(report)}\n` : formatLocksText(report));
    return 0;
  },
};
