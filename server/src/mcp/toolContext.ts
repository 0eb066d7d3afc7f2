/** What every tool is handed: where it may read, the project's settings, and where to say things that are not results. */

import type { ProjectConfig } from '../config/projectConfig';
import type { TableSizes } from '../migrations/tableSizes';
import type { WorkspaceRoot } from './workspaceRoot';

export interface ToolContext {
  root: WorkspaceRoot;
  /** The root's fearless.config.json, or the defaults. */
  config: ProjectConfig;
  /** Loaded on first use and kept: the config's sizes, overlaid with a database's statistics when the config names one. */
  tableSizes(): Promise<TableSizes>;
  /** To stderr, which MCP clients keep as the server's log: never part of a tool result. */
  log(message: string): void;
}
