/** `fearless mcp`: the Model Context Protocol server over stdio, for AI coding agents, confined to one workspace root. */

import * as path from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CONFIG_FILE_NAME, loadConfigFile } from '../config/projectConfig';
import { confineProjectFiles, projectFiles } from '../files/projectFiles';
import { loadTableSizes } from '../workflows/loadTableSizes';
import type { TableSizes } from '../migrations/tableSizes';
import { createMcpServer, secretsOf } from '../mcp/mcpServer';
import { WorkspaceRoot } from '../mcp/workspaceRoot';
import { UsageError } from '../workflows/usageError';

/** The servers an MCP session may reach, named on its own command line: environment variable names, never values. */
export interface McpServers {
  /** `--database-url-env VAR`: the server drills create their scratch databases on; else PGlite. */
  drillDatabaseUrlEnv?: string;
  /** `--table-sizes-url-env VAR`: the database whose statistics give table sizes. */
  tableSizesDatabaseUrlEnv?: string;
  /** `--allow-privileged-role`: drill even as a role that can reach past a scratch database. */
  allowPrivilegedRole?: boolean;
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function mcpServersFromFlags(flags: { databaseUrlEnv: unknown; tableSizesUrlEnv: unknown; allowPrivilegedRole: boolean }): McpServers {
  const servers: McpServers = flags.allowPrivilegedRole ? { allowPrivilegedRole: true } : {};
  for (const [flag, value, key] of [
    ['--database-url-env', flags.databaseUrlEnv, 'drillDatabaseUrlEnv'],
    ['--table-sizes-url-env', flags.tableSizesUrlEnv, 'tableSizesDatabaseUrlEnv'],
  ] as const) {
    if (value === undefined) continue;
    if (typeof value !== 'string' || !VARIABLE_NAME.test(value))
      throw new UsageError(`${flag} takes the name of an environment variable (e.g. FEARLESS_DRILL_URL), not a URL.`);
    servers[key] = value;
  }
  return servers;
}

export async function startMcpServer(rootDirectory: string, servers: McpServers = {}): Promise<void> {
  let root: WorkspaceRoot;
  try {
    root = WorkspaceRoot.open(rootDirectory);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // Every project file this process reads from now on must resolve inside the root (links included).
  confineProjectFiles(root.path);
  // stdout carries the protocol: everything else goes to stderr, which clients keep as the server's log.
  const log = (message: string): void => void process.stderr.write(`fearless mcp: ${message}\n`);
  // Only the root's own config: searching upwards, as the CLI does, would read outside the root.
  const configFile = path.join(root.path, CONFIG_FILE_NAME);
  let loaded: ReturnType<typeof loadConfigFile>;
  try {
    loaded = loadConfigFile(projectFiles.exists(configFile) ? configFile : undefined);
  } catch (error) {
    log((error as Error).message);
    loaded = loadConfigFile(undefined);
  }
  for (const problem of loaded.problems) log(problem);
  // An agent can write the config file: which servers a session reaches is the user's choice on this command line, never the workspace's.
  for (const key of ['drillDatabaseUrlEnv', 'tableSizesDatabaseUrlEnv'] as const) {
    if (loaded.config[key] !== undefined) {
      log(
        `${CONFIG_FILE_NAME} sets ${key}, which fearless mcp ignores: name the variable on its command line (${key === 'drillDatabaseUrlEnv' ? '--database-url-env' : '--table-sizes-url-env'}) instead.`,
      );
      delete loaded.config[key];
    }
  }
  const config = { ...loaded.config, ...servers };
  let sizes: Promise<TableSizes> | undefined;
  const context = {
    root,
    config,
    tableSizes: () => (sizes ??= loadTableSizes(config, process.env, log)),
    log,
  };
  const server = createMcpServer(context, secretsOf(config, process.env));
  const transport = new StdioServerTransport();
  await server.connect(transport);
  // The client closing stdin ends the session; nothing (PGlite's wasm, a pending drill) may keep the process alive after it.
  process.stdin.on('end', () => void server.close().finally(() => process.exit(0)));
  log(`serving ${root.path}`);
}
