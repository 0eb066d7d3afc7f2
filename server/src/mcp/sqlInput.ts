/**
 * Reading what the tools analyse: a migration file inside the workspace
 * root, or SQL text the agent has not written anywhere yet (optionally as
 * if it were at a path, so its folder's history applies).
 */

import * as path from 'node:path';
import { z } from 'zod';
import { analyzeFile } from '../workflows/analyzeFile';
import { analyzeMigration } from '../workflows/analyzeMigration';
import { projectFiles } from '../files/projectFiles';
import type { FileFacts } from '../migrations/fileFacts';
import type { Finding } from '../rules';
import { MigrationHistory } from '../migrations/migrationHistory';
import { collectSqlFiles } from '../workflows/collectFiles';
import { decodeSqlBytes } from '../sql/decodeSqlBytes';
import { parseSql, type ParsedSql } from '../sql/parseSql';
import type { ToolContext } from './toolContext';
import { ToolInputError } from './toolErrors';

/** Input of the tools that take either a file (or folder) or text. */
export const SQL_OR_PATH_INPUT = {
  path: z
    .string()
    .optional()
    .describe(
      'A migration file or a folder of them (searched for *.sql), relative to the workspace root. With `sql`: where that text is meant to go, so the earlier migrations in that folder are its history.',
    ),
  sql: z.string().optional().describe('SQL text to check instead of a file on disk, e.g. a migration you are about to write.'),
};

export interface SqlInput {
  path?: string | undefined;
  sql?: string | undefined;
}

/** Where a text with no path is said to be, in results. */
export const UNSAVED_SQL = '(sql)';

export interface ReadMigration {
  /** Real path inside the root. */
  file: string;
  text: string;
  parsed: ParsedSql;
}

/** A migration file inside the root, read, decoded and parsed; its folder checked for links out of the root. */
export async function readMigration(input: string, context: ToolContext): Promise<ReadMigration> {
  const file = context.root.existingFile(input);
  context.root.refuseLinksOutOf(path.dirname(file));
  const text = decodeSqlBytes(projectFiles.readBytes(file)).text;
  return { file, text, parsed: await parseSql(text) };
}

/** Refuses SQL that does not parse, saying where, for the tools that cannot work on part of a migration. */
export function requireParses(parsed: ParsedSql, shown: string): void {
  const problem = parsed.problems[0];
  if (!problem) return;
  const at = parsed.lines.rangeOf(problem.start, problem.end).start;
  throw new ToolInputError(`${shown} does not parse (line ${at.line + 1}, column ${at.character + 1}: ${problem.message}); fix the SQL first.`);
}

export interface AnalysedInput {
  /** Real path of the file, or UNSAVED_SQL. */
  path: string;
  analysis: { parsed: ParsedSql; facts: FileFacts | undefined; findings: Finding[] };
}

/** Each file the input names (or the text), analysed as `fearless lint` and `fearless locks` analyse files. */
export async function analyzeSqlInput(input: SqlInput, context: ToolContext): Promise<AnalysedInput[]> {
  if (input.path === undefined && input.sql === undefined) throw new ToolInputError('Give `path` (a migration file or folder) or `sql` (the text), or both.');
  const { config } = context;
  const history = new MigrationHistory(false, config.convention);
  const tableSizes = await context.tableSizes();
  if (input.sql !== undefined) {
    const file = input.path === undefined ? undefined : context.root.prospective(input.path);
    if (file) context.root.refuseLinksOutOf(path.dirname(file));
    return [{ path: file ?? UNSAVED_SQL, analysis: await analyzeMigration(file, input.sql, { config, history, tableSizes }) }];
  }
  const found = context.root.existing(input.path!);
  const files = collectSqlFiles([found], config.exclude);
  for (const folder of new Set(files.map((file) => path.dirname(file)))) context.root.refuseLinksOutOf(folder);
  const analysed: AnalysedInput[] = [];
  for (const file of files) analysed.push({ path: file, analysis: await analyzeFile(file, config, history, tableSizes) });
  return analysed;
}
