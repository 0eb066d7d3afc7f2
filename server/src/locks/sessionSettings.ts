/**
 * Session settings that change how long a statement may wait for a lock.
 * `SET lock_timeout = '5s'` turns the wait into a quick error; `0`, DEFAULT
 * and RESET turn the limit off again.
 */

import type { ParsedStatement } from '../sql/parseSql';

/** The lock_timeout fearless writes where one is missing (quick fixes, planned phases, moved work). */
export const SUGGESTED_LOCK_TIMEOUT = "SET lock_timeout = '5s';";

export type LockTimeoutChange = { kind: 'set'; milliseconds: number } | { kind: 'cleared' };

interface VariableSetBody {
  kind?: string;
  name?: string;
  args?: { A_Const?: { sval?: { sval?: string }; ival?: { ival?: number } } }[];
}

const UNIT_MILLISECONDS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a PostgreSQL duration setting value: `5000`, `'5s'`, `'1min'`. */
export function durationMilliseconds(value: string | number): number | undefined {
  if (typeof value === 'number') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  if (!match) return undefined;
  const unit = (match[2] ?? '').toLowerCase() || 'ms';
  const factor = UNIT_MILLISECONDS[unit];
  return factor === undefined ? undefined : Number(match[1]) * factor;
}

export function lockTimeoutChangeOf(statement: ParsedStatement): LockTimeoutChange | undefined {
  return timeoutChangeOf(statement, 'lock_timeout');
}

/** How a statement changes a duration setting (`lock_timeout`, `statement_timeout`) for the statements after it. */
export function timeoutChangeOf(statement: ParsedStatement, setting: 'lock_timeout' | 'statement_timeout'): LockTimeoutChange | undefined {
  if (statement.kind !== 'VariableSetStmt') return undefined;
  const body = statement.node?.['VariableSetStmt'] as VariableSetBody | undefined;
  if (!body) return undefined;
  if (body.name !== setting) return undefined;
  if (body.kind !== 'VAR_SET_VALUE') return { kind: 'cleared' };
  const constant = body.args?.[0]?.A_Const;
  const raw = constant?.sval?.sval ?? constant?.ival?.ival ?? (constant ? 0 : undefined);
  const milliseconds = raw === undefined ? undefined : durationMilliseconds(raw);
  if (milliseconds === undefined || milliseconds <= 0) return { kind: 'cleared' };
  return { kind: 'set', milliseconds };
}
