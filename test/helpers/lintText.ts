/** The whole pipeline on a string, for unit tests: history SQL → schema; text → facts → findings. */

import * as path from 'node:path';
import { analyzeMigration } from '../../server/src/workflows/analyzeMigration';
import { defaultConfig, type ProjectConfig } from '../../server/src/config/projectConfig';
import { MigrationHistory } from '../../server/src/migrations/migrationHistory';
import { workspace } from './runCli';
import { applyStatementToSchema } from '../../server/src/schema/applyStatement';
import { factsOfFile, type FileFacts } from '../../server/src/migrations/fileFacts';
import { SchemaModel } from '../../server/src/schema/schemaModel';
import { lintParsedFile, type Finding } from '../../server/src/rules';
import { parseSql, type ParsedSql } from '../../server/src/sql/parseSql';

export async function schemaFrom(historySql: string): Promise<SchemaModel> {
  const schema = SchemaModel.empty();
  for (const statement of (await parseSql(historySql)).statements) applyStatementToSchema(schema, statement, 'history.sql');
  return schema;
}

export interface Linted {
  parsed: ParsedSql;
  facts: FileFacts;
  findings: Finding[];
}

export async function lintText(sql: string, options: { history?: string; config?: Partial<ProjectConfig> } = {}): Promise<Linted> {
  const config = { ...defaultConfig(), ...options.config };
  const parsed = await parseSql(sql);
  const facts = factsOfFile(parsed, await schemaFrom(options.history ?? ''), {
    pgVersion: config.pgVersion,
    transactionMode: config.transactionMode,
    migrationPath: 'migration.sql',
  });
  return { parsed, facts, findings: lintParsedFile({ parsed, facts, config }) };
}

/** Applies text edits (UTF-16 offsets) back to front. */
export function applyEdits(text: string, edits: readonly { start: number; end: number; newText: string }[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((result, edit) => result.slice(0, edit.start) + edit.newText + result.slice(edit.end), text);
}

/**
 * The full pipeline the CLI and the editor run, on a file written into a
 * fresh workspace with any other files given (history, paired reverse).
 */
export async function analyzeFileText(
  relativePath: string,
  sql: string,
  options: { otherFiles?: Record<string, string>; config?: Partial<ProjectConfig> } = {},
): Promise<Linted & { root: string; path: string }> {
  const root = workspace({ ...options.otherFiles, [relativePath]: sql });
  const config = { ...defaultConfig(), ...options.config };
  const filePath = path.join(root, relativePath);
  const analysis = await analyzeMigration(filePath, sql, { config, history: new MigrationHistory(false, config.convention) });
  return { ...analysis, root, path: filePath };
}
