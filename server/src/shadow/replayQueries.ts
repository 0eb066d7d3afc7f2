/**
 * Which captured statements are replayed, and how: reads (SELECT, VALUES,
 * TABLE) compare their rows; writes (INSERT, UPDATE, DELETE, MERGE) compare
 * rows affected and RETURNING output, inside a transaction that is rolled
 * back. Anything else (transaction control, session settings, DDL, COPY,
 * utility commands) is listed as skipped. Identical statements with
 * identical parameters are replayed once, in the order first seen.
 */

import { statementsBeyondScratch } from '../drill/statementsBeyondScratch';
import { parseSql } from '../sql/parseSql';
import type { Capture, CapturedQuery, SkippedCapture } from './capture/capturedQuery';

export interface ReplayQuery {
  sql: string;
  parameters?: (string | null)[];
  kind: 'read' | 'write';
  /** The query has a top-level ORDER BY: its rows compare in order, otherwise as a multiset. */
  ordered: boolean;
  /** Its placeholders still need values, sampled from the database before the replay. */
  unbound?: true;
  /** The parameters were sampled from the database, not captured. */
  sampled?: true;
  /** Where it was first seen, and how often the capture holds it. */
  file: string;
  line: number;
  occurrences: number;
}

const WRITES = new Set(['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'MergeStmt']);

function skipReason(kind: string | undefined): string {
  if (!kind) return 'does not parse';
  if (kind === 'TransactionStmt') return 'transaction control (each replayed statement runs in a transaction of its own)';
  if (kind === 'VariableSetStmt' || kind === 'VariableShowStmt') return 'session setting';
  if (kind === 'CopyStmt') return 'COPY is not replayed';
  if (kind === 'ExplainStmt') return 'EXPLAIN is not replayed';
  return `${kind.replace(/Stmt$/, '')} is not a read or a write`;
}

export async function replayQueriesOf(capture: Capture): Promise<{ queries: ReplayQuery[]; skipped: SkippedCapture[] }> {
  const skipped = [...capture.skipped];
  const byKey = new Map<string, ReplayQuery>();
  const kinds = new Map<string, Shape>();
  for (const captured of capture.queries) {
    const key = `${captured.sql}\u0000${JSON.stringify(captured.parameters ?? null)}`;
    const seen = byKey.get(key);
    if (seen) {
      seen.occurrences++;
      continue;
    }
    let shape = kinds.get(captured.sql);
    if (!shape) {
      shape = await shapeOf(captured);
      kinds.set(captured.sql, shape);
    }
    const read = shape.kind === 'SelectStmt' && !shape.selectInto;
    if (!read && !WRITES.has(shape.kind ?? '')) {
      skipped.push({
        sql: captured.sql,
        file: captured.file,
        line: captured.line,
        reason: shape.selectInto ? 'SELECT INTO creates a table' : skipReason(shape.kind),
      });
      continue;
    }
    if (shape.reaches) {
      // A SELECT can act outside the database (lo_export, pg_terminate_backend, dblink): never replayed.
      skipped.push({ sql: captured.sql, file: captured.file, line: captured.line, reason: `not replayed: it ${shape.reaches}` });
      continue;
    }
    byKey.set(key, {
      sql: captured.sql,
      ...(captured.parameters ? { parameters: captured.parameters } : {}),
      ...(captured.unbound ? { unbound: true as const } : {}),
      kind: read ? 'read' : 'write',
      ordered: shape.ordered,
      file: captured.file,
      line: captured.line,
      occurrences: 1,
    });
  }
  return { queries: [...byKey.values()], skipped };
}

interface Shape {
  kind: string | undefined;
  ordered: boolean;
  selectInto: boolean;
  /** What the statement reaches outside the database, when it does. */
  reaches?: string;
}

async function shapeOf(captured: CapturedQuery): Promise<Shape> {
  const parsed = await parseSql(captured.sql);
  if (parsed.statements.length !== 1) return { kind: parsed.statements.length === 0 ? undefined : 'several statements', ordered: false, selectInto: false };
  const statement = parsed.statements[0]!;
  const body = statement.kind ? (statement.node?.[statement.kind] as Record<string, unknown> | undefined) : undefined;
  const sortClause = body?.['sortClause'];
  const reaches = (await statementsBeyondScratch(captured.sql))[0]?.reaches;
  return {
    kind: statement.kind,
    ordered: Array.isArray(sortClause) && sortClause.length > 0,
    selectInto: Boolean(body?.['intoClause']),
    ...(reaches ? { reaches } : {}),
  };
}
