import { UsageError } from '../../workflows/usageError';
import { ALLOW_PRIVILEGED_ROLE, type CliCommand } from '../command';

export const mcpCommand: CliCommand = {
  name: 'mcp',
  usage: ['fearless mcp [--root DIR] [--database-url-env VAR] [--table-sizes-url-env VAR] [--allow-privileged-role]'],
  summary:
    'Run a Model Context Protocol server over stdio for AI coding agents: lint, locks, explain_lock_mode, reverse, check_reverse, drill and plan as tools, the rule docs as resources. Reads only inside the workspace root, writes no migration file, drills only on throwaway databases: PGlite, or scratch databases on the server whose URL is in the environment variable --database-url-env names (never one a workspace file names).',
  flags: [
    { name: '--root', value: 'DIR', help: 'the workspace root the agent may read in (default: the current directory)' },
    { name: '--database-url-env', value: 'VAR', help: 'drill on scratch databases of the server whose URL is in VAR' },
    { name: '--table-sizes-url-env', value: 'VAR', help: 'read table sizes from the database whose URL is in VAR (read only)' },
    ALLOW_PRIVILEGED_ROLE,
  ],
  async run(args) {
    if (args.positionals.length > 0) throw new UsageError('"fearless mcp" takes no paths: give the workspace root with --root DIR.');
    const root = args.flags.get('--root');
    // Loaded on demand, like the LSP half: lint and locks never pay for the MCP SDK.
    const { startMcpServer, mcpServersFromFlags } = require('../mcpCommand') as typeof import('../mcpCommand');
    const servers = mcpServersFromFlags({
      databaseUrlEnv: args.flags.get('--database-url-env'),
      tableSizesUrlEnv: args.flags.get('--table-sizes-url-env'),
      allowPrivilegedRole: args.flags.has('--allow-privileged-role'),
    });
    await startMcpServer(typeof root === 'string' ? root : process.cwd(), servers);
    return await new Promise<number>(() => undefined);
  },
};
