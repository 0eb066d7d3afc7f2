/**
 * One fact per relation: when several parts of a statement lock the same
 * relation, PostgreSQL holds the strongest mode (locks are only released at
 * transaction end), and the relation is rewritten or scanned if any part
 * does so.
 */

import { normaliseName } from '../schema/schemaModel';
import type { LockFact } from './lockFact';
import { lockStrength, strongerLock } from './lockModes';

function joined(a: string | undefined, b: string | undefined): string | undefined {
  if (!a || a === b) return b ?? a;
  if (!b || a.split('; ').includes(b)) return a;
  return `${a}; ${b}`;
}

export function mergeByRelation(facts: LockFact[]): LockFact[] {
  const merged = new Map<string, LockFact>();
  for (const next of facts) {
    const key = normaliseName(next.relation);
    const seen = merged.get(key);
    if (!seen) {
      merged.set(key, { ...next });
      continue;
    }
    // A lock taken every time at least as strong as a conditional one makes the merged fact unconditional.
    const unconditional =
      (!seen.onlyWhen && lockStrength(seen.mode) >= lockStrength(next.mode)) || (!next.onlyWhen && lockStrength(next.mode) >= lockStrength(seen.mode));
    const onlyWhen = unconditional ? undefined : joined(seen.onlyWhen, next.onlyWhen);
    seen.mode = strongerLock(seen.mode, next.mode);
    seen.rewrite ||= next.rewrite;
    seen.scan ||= next.scan;
    seen.reason = joined(seen.reason, next.reason) ?? seen.reason;
    if (onlyWhen) seen.onlyWhen = onlyWhen;
    else delete seen.onlyWhen;
    const note = joined(seen.note, next.note);
    if (note) seen.note = note;
    seen.relationKind ??= next.relationKind;
    seen.byteLocation ??= next.byteLocation;
  }
  return [...merged.values()];
}
