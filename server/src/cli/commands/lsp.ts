import { UsageError } from '../../workflows/usageError';
import type { CliCommand } from '../command';

export const lspCommand: CliCommand = {
  name: 'lsp',
  usage: ['fearless lsp --stdio'],
  summary: 'Run the language server over stdio (for Neovim, Helix, Emacs and other LSP clients).',
  flags: [{ name: '--stdio', help: 'speak LSP over stdin and stdout (the only transport)' }],
  async run(args) {
    if (!args.flags.has('--stdio')) throw new UsageError('"fearless lsp" speaks LSP over stdio only: run "fearless lsp --stdio".');
    // Loaded on demand: lint and locks never pay for the LSP libraries.
    const { startStdioServer } = require('../lspCommand') as typeof import('../lspCommand');
    startStdioServer();
    return await new Promise<number>(() => undefined);
  },
};
