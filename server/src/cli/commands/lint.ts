import { MigrationHistory } from '../../migrations/migrationHistory';
import { DEFAULT_CACHE_FILE, LintCache } from '../../workflows/lintCache';
import { formatLintText, lintFiles } from '../../workflows/lintReport';
import { CONFIG, EXCLUDE, formatFlagSpec, PG_VERSION, type CliCommand } from '../command';
import { sqlFileRun, writeOut } from '../output';

export const lintCommand: CliCommand = {
  name: 'lint',
  usage: [
    'fearless lint  [--pg-version N] [--format text|json] [--config FILE] [--exclude GLOB]...',
    '               [--cache] [--cache-location FILE] PATH...',
  ],
  summary:
    'Report risky locks, unsafe patterns and syntax errors. Directories are searched for *.sql. Each file is checked against the migrations before it in its folder. Exit 1 when a finding has error severity.',
  flags: [
    PG_VERSION,
    formatFlagSpec(['text', 'json'], 'text'),
    CONFIG,
    EXCLUDE,
    { name: '--cache', help: 'reuse results for files whose content, history (earlier migrations) and settings are unchanged' },
    { name: '--cache-location', value: 'FILE', help: `where the cache lives (default ${DEFAULT_CACHE_FILE}; a folder: that file inside it); implies --cache` },
  ],
  async run(args) {
    const { format, config, files, tableSizes } = await sqlFileRun(args, 'lint');
    const cacheLocation = args.flags.get('--cache-location');
    const history = new MigrationHistory(false, config.convention);
    const cache =
      args.flags.has('--cache') || cacheLocation !== undefined
        ? LintCache.open(LintCache.location(typeof cacheLocation === 'string' ? cacheLocation : DEFAULT_CACHE_FILE), config, (file) =>
            history.historyFiles(file),
          )
        : undefined;
    const outcome = await lintFiles(files, config, history, cache, tableSizes);
    await writeOut(format === 'json' ? `${JSON.stringify({ files: outcome.files })}\n` : formatLintText(outcome));
    return outcome.errorCount > 0 ? 1 : 0;
  },
};
