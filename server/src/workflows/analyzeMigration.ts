/**
 * The pipeline both front ends run on one migration file: text → statements
 * → convention and parts → history schema → paired part → facts →
 * findings. The CLI reads the file from disk; the language server passes an
 * editor buffer; both get the same findings for the same text.
 */

import { projectFiles } from '../files/projectFiles';
import type { ProjectConfig } from '../config/projectConfig';
import { locateMigration } from '../migrations/conventions/index';
import { factsOfFile } from '../migrations/fileFacts';
import type { MigrationHistory } from '../migrations/migrationHistory';
import { SchemaModel } from '../schema/schemaModel';
import { loadPairFacts } from '../migrations/pairFacts';
import type { TableSizes } from '../migrations/tableSizes';
import { lintParsedFile } from '../rules/index';
import type { MigrationAnalysis } from '../rules/lintFile';
import { parseSql } from '../sql/parseSql';

export interface AnalyzeOptions {
  config: ProjectConfig;
  history: MigrationHistory;
  tableSizes?: TableSizes;
  /** Text of another file (the paired part): an open editor buffer, else the disk. */
  readText?: (filePath: string) => string | undefined;
  /** UTF-16 offset of the first invalid UTF-8 byte, when the file had one. */
  invalidUtf8Offset?: number;
  /** Whether the file's statements may be kept as history for the next file (one-shot CLI runs). */
  rememberForHistory?: { size: number; mtimeMs: number };
}

/** `filePath` undefined: an unsaved buffer with no folder, analysed on its own. */
export async function analyzeMigration(filePath: string | undefined, text: string, options: AnalyzeOptions): Promise<MigrationAnalysis> {
  const { config, history } = options;
  const parsed = await parseSql(text);
  if (filePath && options.rememberForHistory) {
    history.remember(filePath, options.rememberForHistory.size, options.rememberForHistory.mtimeMs, parsed.statements, text);
  }
  const located = filePath ? locateMigration(filePath, text, history.disk, config.convention) : undefined;
  const schemaBefore = filePath ? await history.schemaBefore(filePath, text) : undefined;
  const readText = options.readText ?? ((other: string) => (projectFiles.exists(other) ? history.disk.read(other) : undefined));
  const pairs =
    located && filePath
      ? await loadPairFacts(located, parsed, readText, history.disk, {
          before: schemaBefore ?? SchemaModel.empty(),
          beforeFile: (file) => history.schemaBefore(file),
        })
      : undefined;
  const facts = factsOfFile(parsed, schemaBefore ?? SchemaModel.empty(), {
    pgVersion: config.pgVersion,
    transactionMode: config.transactionMode,
    migrationPath: filePath ?? 'untitled.sql',
    ...(located ? { layout: located.layout } : {}),
    ...(pairs ? { pairs } : {}),
    ...(options.tableSizes ? { tableSizes: options.tableSizes } : {}),
  });
  if (filePath && options.rememberForHistory && facts.layout.sections.every((section) => section.role === 'forward')) {
    // Reusable as the next file's history only when every part of the file is a forward part.
    history.recordSchemaAfter(filePath, facts.schemaAfter);
  }
  const findings = lintParsedFile({
    parsed,
    facts,
    config,
    ...(options.invalidUtf8Offset !== undefined ? { invalidUtf8Offset: options.invalidUtf8Offset } : {}),
  });
  return { parsed, facts, findings };
}
