/**
 * The MCP server: the tools and the rule resources wired to one
 * workspace. Every result passes through one place that turns absolute
 * paths inside the root into relative ones and removes database URLs, so
 * no tool can forget to.
 */

import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { DatabaseConnectionLost, DatabaseUnavailable } from '../drill/database';
import { OutsideProjectRoot } from '../files/projectFiles';
import { PlanProblem } from '../plan/planFiles';
import { redactSecrets } from '../secrets';
import { FEARLESS_VERSION } from '../version';
import { checkReverseTool } from './checkReverseTool';
import { drillTool } from './drillTool';
import { explainLockModeTool } from './explainLockModeTool';
import { lintTool } from './lintTool';
import { locksTool } from './locksTool';
import { planTool } from './planTool';
import { reverseTool } from './reverseTool';
import { registerRuleResources } from './ruleResources';
import type { ToolDefinition } from './tool';
import type { ToolContext } from './toolContext';
import { isInputError } from './toolErrors';
import type { z } from 'zod';

export const TOOLS = [lintTool, locksTool, explainLockModeTool, reverseTool, checkReverseTool, drillTool, planTool];

const INSTRUCTIONS =
  'Fearless checks PostgreSQL migrations before a human reviews them. While writing a migration: lint it (risky locks, unsafe ' +
  'patterns), ask locks what each statement locks and explain_lock_mode what a mode blocks; draft its reverse with reverse, ' +
  'complete what is unresolved, confirm with check_reverse, then prove the pair with drill. plan turns a risky change into safe ' +
  'phases (a preview). Paths are relative to the workspace root; nothing outside it is read, and no tool writes a migration.';

/** Values that must never reach a client: the database URLs the config points to, and their passwords on their own. */
export function secretsOf(config: { drillDatabaseUrlEnv?: string; tableSizesDatabaseUrlEnv?: string }, environment: NodeJS.ProcessEnv): string[] {
  const secrets: string[] = [];
  for (const name of [config.drillDatabaseUrlEnv, config.tableSizesDatabaseUrlEnv]) {
    const value = name ? environment[name] : undefined;
    if (!value) continue;
    secrets.push(value);
    try {
      const password = decodeURIComponent(new URL(value).password);
      if (password.length >= 4) secrets.push(password);
    } catch {
      // Not a URL (a libpq keyword string): the whole value is redacted above.
    }
  }
  return secrets.sort((a, b) => b.length - a.length);
}

/** Applies `presentText` to every string in a result, keys and structure unchanged. */
function presentStrings(value: unknown, presentText: (text: string) => string): unknown {
  if (typeof value === 'string') return presentText(value);
  if (Array.isArray(value)) return value.map((item) => presentStrings(item, presentText));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, presentStrings(item, presentText)]));
  return value;
}

function errorResult(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

export function createMcpServer(context: ToolContext, secrets: readonly string[]): McpServer {
  const rootPrefix = `${context.root.path}/`;
  const presentText = (text: string): string => {
    let shown = text.split(rootPrefix).join('');
    shown = redactSecrets(shown, secrets);
    return shown === context.root.path ? '.' : shown;
  };
  const server = new McpServer({ name: 'fearless', title: 'Fearless Migrations', version: FEARLESS_VERSION }, { instructions: INSTRUCTIONS });
  for (const tool of TOOLS as ToolDefinition<z.ZodRawShape, z.ZodRawShape>[]) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.input,
        outputSchema: tool.output,
        // No tool changes the workspace or reaches past the project's own configuration.
        annotations: { readOnlyHint: true, destructiveHint: false, openWorldHint: false },
      },
      async (input: Record<string, unknown>): Promise<CallToolResult> => {
        try {
          const structured = presentStrings(await tool.run(input as never, context), presentText) as Record<string, unknown>;
          return { structuredContent: structured, content: [{ type: 'text', text: JSON.stringify(structured) }] };
        } catch (error) {
          if (isInputError(error, PlanProblem, DatabaseUnavailable, DatabaseConnectionLost, OutsideProjectRoot)) return errorResult(presentText(error.message));
          // A bug, not bad input: the agent gets a clear message, the log gets the stack, the server keeps serving.
          context.log(`internal error in ${tool.name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
          return errorResult(
            presentText(`Internal error in fearless ${tool.name} (a bug, please report it): ${error instanceof Error ? error.message : String(error)}`),
          );
        }
      },
    );
  }
  registerRuleResources(server);
  return server;
}
