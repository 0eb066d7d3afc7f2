/** `fearless mcp`: the Model Context Protocol server over stdio, for AI coding agents, confined to one workspace root. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CONFIG_FILE_NAME, loadConfigFile } from '../config/projectConfig';
import { loadTableSizes } from '../migrations/loadTableSizes';
import type { TableSizes } from '../migrations/tableSizes';
import { createMcpServer, secretsOf } from '../mcp/mcpServer';
import { WorkspaceRoot } from '../mcp/workspaceRoot';
import { UsageError } from './args';

export async function startMcpServer(rootDirectory: string): Promise<void> {
  let root: WorkspaceRoot;
  try {
    root = WorkspaceRoot.open(rootDirectory);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // stdout carries the protocol: everything else goes to stderr, which clients keep as the server's log.
  const log = (message: string): void => void process.stderr.write(`fearless mcp: ${message}\n`);
  // Only the root's own config: searching upwards, as the CLI does, would read outside the root.
  const configFile = path.join(root.path, CONFIG_FILE_NAME);
  const loaded = loadConfigFile(fs.existsSync(configFile) && root.contains(fs.realpathSync(configFile)) ? configFile : undefined);
  for (const problem of loaded.problems) log(problem);
  let sizes: Promise<TableSizes> | undefined;
  const context = {
    root,
    config: loaded.config,
    tableSizes: () => (sizes ??= loadTableSizes(loaded.config, process.env, log)),
    log,
  };
  const server = createMcpServer(context, secretsOf(loaded.config, process.env));
  const transport = new StdioServerTransport();
  await server.connect(transport);
  // The client closing stdin ends the session; nothing (PGlite's wasm, a pending drill) may keep the process alive after it.
  process.stdin.on('end', () => void server.close().finally(() => process.exit(0)));
  log(`serving ${root.path}`);
}
