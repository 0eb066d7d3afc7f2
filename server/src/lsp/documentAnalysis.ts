/**
 * The analysis of one open document, kept for hovers, code actions and
 * inlay hints. Parsing goes through the shared statement cache, so an edit
 * re-parses only the statements it touched.
 */

import { analyzeMigration } from '../workflows/analyzeMigration';
import type { ProjectConfig } from '../config/projectConfig';
import type { FileFacts, StatementFacts } from '../migrations/fileFacts';
import type { MigrationHistory } from '../migrations/migrationHistory';
import type { TableSizes } from '../migrations/tableSizes';
import type { Finding } from '../rules';
import type { ParsedSql } from '../sql/parseSql';

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
  readText: (filePath: string) => string | undefined,
): Promise<DocumentAnalysis> {
  const analysis = await analyzeMigration(filePath, text, { config, history, tableSizes, readText });
  return { uri, version, ...analysis };
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
