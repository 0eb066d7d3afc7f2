/**
 * `fearless mcp` as an agent meets it: the built CLI started as a
 * subprocess, spoken to with the MCP SDK's own client over stdio.
 */

import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { CLI_PATH } from './paths';

export interface McpSession {
  client: Client;
  stderr: () => string;
}

export async function startMcpServer(args: string[], options: { cwd: string; env?: Record<string, string> }): Promise<McpSession> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI_PATH, 'mcp', ...args],
    cwd: options.cwd,
    env: { ...(process.env as Record<string, string>), ...options.env },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'fearless-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

export async function callTool(session: McpSession, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await session.client.callTool({ name, arguments: args })) as CallToolResult;
}

/** A successful call's structured result. */
// biome-ignore lint/suspicious/noExplicitAny: tool results are JSON whose shape each test states
export async function structured<T = Record<string, any>>(session: McpSession, name: string, args: Record<string, unknown>): Promise<T> {
  const result = await callTool(session, name, args);
  assert.notEqual(result.isError, true, `${name} failed: ${JSON.stringify(result.content)}`);
  assert.ok(result.structuredContent, `${name} returned no structured content`);
  // The text block carries the same JSON, for clients that do not read structured content.
  const text = result.content.find((block) => block.type === 'text');
  assert.deepEqual(JSON.parse(text?.type === 'text' ? text.text : 'null'), result.structuredContent);
  return result.structuredContent as T;
}

/** A failed call's message (it must be a tool error, not a protocol error or a crash). */
export async function toolError(session: McpSession, name: string, args: Record<string, unknown>): Promise<string> {
  const result = await callTool(session, name, args);
  assert.equal(result.isError, true, `${name} should have failed: ${JSON.stringify(result)}`);
  const text = result.content.find((block) => block.type === 'text');
  assert.ok(text?.type === 'text' && text.text.length > 0, 'the error says what went wrong');
  return text.text;
}
