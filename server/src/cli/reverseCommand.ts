/**
 * `fearless reverse FILE`: the deterministic reverse of a forward migration,
 * drafted from the forward and its history. Prints it; writes nothing.
 *
 * JSON: {"sql": S, "unresolved": [{"statement": I, "reason": S}],
 *        "source": {"deterministic": [S...], "ai": []}}
 * `statement` is the 0-based index of the forward statement in the file.
 */

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ProjectConfig } from '../config/projectConfig';
import { locateMigration } from '../migrations/conventions';
import { MigrationHistory } from '../migrations/migrationHistory';
import { deterministicReverse, reverseSqlText } from '../reverse/deterministicReverse';
import { decodeSqlBytes } from '../sql/decodeSqlBytes';
import { parseSql } from '../sql/parseSql';
import { UsageError } from './args';

export interface ReverseJson {
  sql: string;
  unresolved: { statement: number; reason: string }[];
  source: { deterministic: string[]; ai: string[] };
}

export async function reverseOf(filePath: string, config: ProjectConfig): Promise<ReverseJson> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(filePath);
  } catch (error) {
    throw new UsageError(`Cannot read ${filePath} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  const absolute = path.resolve(filePath);
  const { text } = decodeSqlBytes(bytes);
  const history = new MigrationHistory(false, config.convention);
  const { layout } = locateMigration(absolute, text, history.disk, config.convention);
  const forward = layout.sections.find((section) => section.role === 'forward');
  if (!forward) throw new UsageError(`${filePath} is a ${layout.sections[0]?.role ?? 'reverse'} migration; pass the forward migration it belongs to.`);
  const parsed = await parseSql(text);
  const statements = parsed.statements.filter((statement) => statement.start >= forward.start && statement.start < forward.end);
  const reverse = deterministicReverse(statements, await history.schemaBefore(absolute, text), absolute);
  return {
    sql: reverseSqlText(reverse, path.basename(filePath), statements),
    unresolved: reverse.unresolved,
    source: { deterministic: reverse.statements.map((statement) => statement.sql), ai: [] },
  };
}
