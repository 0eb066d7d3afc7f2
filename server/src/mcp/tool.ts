/**
 * The shape of one MCP tool: its name, what it does and returns (the
 * description an agent reads to choose it), typed input and output, and
 * the function behind it. One file per tool holds all four, so a schema
 * cannot drift away from the code that fills it.
 */

import { z } from 'zod';
import type { ToolContext } from './toolContext';

export interface ToolDefinition<Input extends z.ZodRawShape, Output extends z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  input: Input;
  output: Output;
  run(input: z.infer<z.ZodObject<Input>>, context: ToolContext): Promise<z.infer<z.ZodObject<Output>>>;
}

/** Keeps each tool's types checked where it is written, and lets the server hold them in one list. */
export function defineTool<Input extends z.ZodRawShape, Output extends z.ZodRawShape>(
  tool: ToolDefinition<Input, Output>,
): ToolDefinition<z.ZodRawShape, z.ZodRawShape> {
  return tool as unknown as ToolDefinition<z.ZodRawShape, z.ZodRawShape>;
}

/** Ranges in results: 0-based lines, UTF-16 columns, as LSP counts them. */
const POSITION = z.object({ line: z.number().int().describe('0-based line'), character: z.number().int().describe('0-based UTF-16 column') });
export const RANGE = z.object({ start: POSITION, end: POSITION });
