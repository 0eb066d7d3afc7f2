/** One file through the pipeline, for the CLI: bytes from disk, then the shared analysis. */

import type * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeMigration } from './analyzeMigration';
import type { ProjectConfig } from '../config/projectConfig';
import { projectFiles, rethrowIfRefused } from '../files/projectFiles';
import type { FileFacts } from '../migrations/fileFacts';
import type { MigrationHistory } from '../migrations/migrationHistory';
import type { TableSizes } from '../migrations/tableSizes';
import type { Finding } from '../rules/index';
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
    stat = projectFiles.stat(filePath);
    // A folder here is one the walk could not list (collectSqlFiles keeps it): listing it again gives the reason.
    if (stat.isDirectory()) projectFiles.list(filePath);
    bytes = projectFiles.readBytes(filePath);
  } catch (error) {
    rethrowIfRefused(error);
    const parsed = await parseSql('');
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const what = (error as NodeJS.ErrnoException).syscall === 'scandir' ? 'folder' : 'file';
    return {
      path: filePath,
      parsed,
      facts: undefined,
      findings: [{ ruleId: 'unreadable-file', severity: 'error', start: 0, end: 0, message: `Cannot read this ${what} (${reason}).` }],
    };
  }
  const decoded = decodeSqlBytes(bytes);
  // The history looks files up by absolute path.
  const analysis = await analyzeMigration(path.resolve(filePath), decoded.text, {
    config,
    history,
    rememberForHistory: { size: stat.size, mtimeMs: stat.mtimeMs },
    ...(tableSizes ? { tableSizes } : {}),
    ...(decoded.invalidUtf8 ? { invalidUtf8Offset: decoded.invalidUtf8.textOffset } : {}),
  });
  return { path: filePath, ...analysis };
}
