/** One file through the pipeline, for the CLI: bytes → text → statements → facts → findings. */

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProjectConfig } from '../config/projectConfig';
import { locateMigration } from '../migrations/conventions';
import { factsOfFile, type FileFacts } from '../migrations/fileFacts';
import type { MigrationHistory } from '../migrations/migrationHistory';
import type { TableSizes } from '../migrations/tableSizes';
import { lintParsedFile, type Finding } from '../rules';
import { decodeSqlBytes } from '../sql/decodeSqlBytes';
import { parseSql, type ParsedSql } from '../sql/parseSql';

export interface FileAnalysis {
  path: string;
  parsed: ParsedSql;
  /** Undefined when the file could not be read. */
  facts: FileFacts | undefined;
  findings: Finding[];
}

export async function analyzeFile(filePath: string, config: ProjectConfig, history: MigrationHistory, tableSizes?: TableSizes): Promise<FileAnalysis> {
  let bytes: Buffer;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(filePath);
    bytes = fs.readFileSync(filePath);
  } catch (error) {
    const parsed = await parseSql('');
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return {
      path: filePath,
      parsed,
      facts: undefined,
      findings: [{ ruleId: 'unreadable-file', severity: 'error', start: 0, end: 0, message: `Cannot read this file (${reason}).` }],
    };
  }
  const decoded = decodeSqlBytes(bytes);
  const parsed = await parseSql(decoded.text);
  // The history looks files up by absolute path; remembering under the path as given would miss.
  const absolutePath = path.resolve(filePath);
  history.remember(absolutePath, stat.size, stat.mtimeMs, parsed.statements, decoded.text);
  const { layout } = locateMigration(absolutePath, decoded.text, history.disk, config.convention);
  const facts = factsOfFile(parsed, await history.schemaBefore(absolutePath, decoded.text), {
    pgVersion: config.pgVersion,
    transactionMode: config.transactionMode,
    migrationPath: absolutePath,
    layout,
    ...(tableSizes ? { tableSizes } : {}),
  });
  // Reusable as the next file's history only when every part of the file is a forward part.
  if (layout.sections.every((section) => section.role === 'forward')) history.recordSchemaAfter(absolutePath, facts.schemaAfter);
  const findings = lintParsedFile({
    parsed,
    facts,
    config,
    ...(decoded.invalidUtf8 ? { invalidUtf8Offset: decoded.invalidUtf8.textOffset } : {}),
  });
  return { path: filePath, parsed, facts, findings };
}
