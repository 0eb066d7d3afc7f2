/**
 * Finds a lock mode name under the cursor, wherever it is written: in
 * `LOCK TABLE t IN SHARE ROW EXCLUSIVE MODE`, in a comment, or as
 * pg_locks spells it (`ShareRowExclusiveLock`).
 */

import { LOCK_MODES, lockModeFromPgLocks, pgLocksSpellings, type LockMode } from '../locks/lockModes';

// Longest names first, so "SHARE ROW EXCLUSIVE" wins over "SHARE" and "ROW EXCLUSIVE".
const SPACED = [...LOCK_MODES].sort((a, b) => b.length - a.length).map((mode) => mode.replace(/ /g, '\\s+'));
const MODE_PATTERN = new RegExp(`\\b(?:${SPACED.join('|')}|${pgLocksSpellings().join('|')})\\b`, 'gi');

export interface LockModeMention {
  mode: LockMode;
  /** Offsets in the line. */
  start: number;
  end: number;
}

export function lockModeAt(line: string, character: number): LockModeMention | undefined {
  for (const match of line.matchAll(MODE_PATTERN)) {
    const start = match.index!;
    const end = start + match[0].length;
    if (character < start || character > end) continue;
    const spelled = match[0].replace(/\s+/g, ' ').toUpperCase();
    const camel = pgLocksSpellings().find((name) => name.toLowerCase() === match[0].toLowerCase());
    const mode = camel ? lockModeFromPgLocks(camel) : (LOCK_MODES.find((candidate) => candidate === spelled) as LockMode | undefined);
    if (mode) return { mode, start, end };
  }
  return undefined;
}
