/**
 * The analysis of one open document, kept for hovers and code actions, and
 * the pipeline that produces it. Parsing goes through the shared statement
 * cache, so an edit re-parses only the statements it touched.
 */

import type { ProjectConfig } from '../config/projectConfig';
import type { MigrationHistory } from '../migrations/migrationHistory';
import { locateMigration } from '../migrations/conventions';
import { factsOfFile, type FileFacts, type StatementFacts } from '../migrations/fileFacts';
import { SchemaModel } from '../migrations/schemaModel';
import type { TableSizes } from '../migrations/tableSizes';
import { lintParsedFile, type Finding } from '../rules';
import { parseSql, type ParsedSql } from '../sql/parseSql';

export interface DocumentAnalysis {
  uri: string;
  version: number;
  parsed: ParsedSql;
  facts: FileFacts;
  findings: Finding[];
}

export async function analyzeDocument(
  uri: string,
  version: number,
  text: string,
  filePath: string | undefined,
  config: ProjectConfig,
  history: MigrationHistory,
  tableSizes: TableSizes,
): Promise<DocumentAnalysis> {
  const parsed = await parseSql(text);
  const schemaBefore = filePath ? await history.schemaBefore(filePath, text) : SchemaModel.empty();
  const layout = filePath ? locateMigration(filePath, text, history.disk, config.convention).layout : undefined;
  const facts = factsOfFile(parsed, schemaBefore, {
    pgVersion: config.pgVersion,
    transactionMode: config.transactionMode,
    migrationPath: filePath ?? uri,
    tableSizes,
    ...(layout ? { layout } : {}),
  });
  const findings = lintParsedFile({ parsed, facts, config });
  return { uri, version, parsed, facts, findings };
}

/** The statement facts whose text span contains `offset`, if any. */
export function statementAt(analysis: DocumentAnalysis, offset: number): StatementFacts | undefined {
  const facts = analysis.facts.statements;
  let low = 0;
  let high = facts.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const statement = facts[middle]!.statement;
    if (offset < statement.start) high = middle - 1;
    else if (offset > statement.end) low = middle + 1;
    else return facts[middle];
  }
  return undefined;
}
