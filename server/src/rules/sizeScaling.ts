/**
 * Scales a finding by the size of the tables its statement locks, when
 * sizes are known: a small table lowers the severity one step (the lock is
 * held for moments), a large one that is scanned or rewritten under the lock
 * raises a warning to an error, and the advice says which sizes it used
 * (the message stays one short sentence).
 */

import type { StatementFacts } from '../migrations/fileFacts';
import { normaliseName } from '../schema/schemaModel';
import { LARGE_TABLE_ROWS, SMALL_TABLE_ROWS, type TableSizes } from '../migrations/tableSizes';
import type { Severity } from './rule';

const ONE_STEP_LOWER: Record<Severity, Severity> = { error: 'warning', warning: 'info', info: 'hint', hint: 'hint' };

export function scaleBySize(
  severity: Severity,
  message: string,
  facts: StatementFacts | undefined,
  sizes: TableSizes,
): { severity: Severity; message: string; sizeNote?: string } {
  if (!facts || sizes.count === 0) return { severity, message };
  const locks = facts.locks.filter((lock) => !facts.tablesCreatedEarlierInFile.has(normaliseName(lock.relation)));
  if (locks.length === 0) return { severity, message };
  const described = locks.map((lock) => ({ lock, size: sizes.get(lock.relation), text: sizes.describe(lock.relation) }));
  const known = described.filter((entry) => entry.text !== undefined);
  if (known.length === 0) return { severity, message };
  // The sizes and what they did to the severity go with the advice; the message stays one short sentence.
  const note = `Table size: ${known.map((entry) => `"${entry.lock.relation}" ${entry.text}`).join('; ')}`;
  const allSmall = described.every((entry) => entry.size?.rows !== undefined && entry.size.rows < SMALL_TABLE_ROWS);
  if (allSmall) return { severity: ONE_STEP_LOWER[severity], message, sizeNote: `${note}: small enough that this is quick, so the severity is lowered.` };
  const largeAndHeavy = described.some((entry) => (entry.size?.rows ?? 0) >= LARGE_TABLE_ROWS && (entry.lock.rewrite || entry.lock.scan));
  if (largeAndHeavy && severity === 'warning') {
    return { severity: 'error', message, sizeNote: `${note}: the scan or rewrite under this lock will take long, so the severity is raised.` };
  }
  return { severity, message, sizeNote: `${note}.` };
}
