/** The whole pipeline on a string, for unit tests: history SQL → schema; text → facts → findings. */

import { defaultConfig, type ProjectConfig } from '../../server/src/config/projectConfig';
import { applyStatementToSchema } from '../../server/src/migrations/applyStatement';
import { factsOfFile, type FileFacts } from '../../server/src/migrations/fileFacts';
import { SchemaModel } from '../../server/src/migrations/schemaModel';
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
