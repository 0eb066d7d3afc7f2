/** Small constructors for lock facts, so each statement family reads as data. */

import { relationName, type RangeVarNode } from '../sql/astNames';
import type { LockContext, LockFact } from './lockFact';
import type { LockMode } from './lockModes';

export interface FactDetails {
  rewrite?: boolean;
  scan?: boolean;
  relationKind?: LockFact['relationKind'];
  onlyWhen?: string;
  note?: string;
  byteLocation?: number;
}

export function lockOn(relation: string, mode: LockMode, reason: string, details: FactDetails = {}): LockFact {
  const fact: LockFact = { relation, mode, rewrite: details.rewrite ?? false, scan: details.scan ?? false, reason };
  if (details.byteLocation !== undefined) fact.byteLocation = details.byteLocation;
  if (details.relationKind) fact.relationKind = details.relationKind;
  if (details.onlyWhen) fact.onlyWhen = details.onlyWhen;
  if (details.note) fact.note = details.note;
  return fact;
}

/** A fact on the relation a parser RangeVar names (none when it names nothing). */
export function lockOnRangeVar(relation: RangeVarNode | undefined, mode: LockMode, reason: string, details: FactDetails = {}): LockFact[] {
  const name = relationName(relation);
  if (!name) return [];
  return [lockOn(name, mode, reason, relation?.location === undefined ? details : { byteLocation: relation.location, ...details })];
}

/** `schema.name` for an object in the same schema as `sibling` (`app.events` + `events_id_seq` → `app.events_id_seq`). */
export function besides(sibling: string, name: string): string {
  const dot = sibling.lastIndexOf('.');
  return dot < 0 || name.includes('.') ? name : `${sibling.slice(0, dot + 1)}${name}`;
}

export { bareName } from '../sql/astNames';

/**
 * A note when the statement needs a newer PostgreSQL than the target: the
 * facts still say what it would lock, so the reader sees both.
 */
export function needsVersion(context: LockContext, version: number, feature: string): string | undefined {
  return context.pgVersion < version ? `${feature} needs PostgreSQL ${version} or later (target is ${context.pgVersion})` : undefined;
}

/** Adds `note` to every fact (keeping notes they already carry). */
export function withNote(facts: LockFact[], note: string | undefined): LockFact[] {
  if (!note) return facts;
  return facts.map((fact) => ({ ...fact, note: fact.note ? `${fact.note}; ${note}` : note }));
}

/** `names` as strings from a list of parser String nodes. */
export function stringsOf(items: unknown): string[] {
  if (!Array.isArray(items)) return [];
  return items.map((item) => (item as { String?: { sval?: string } }).String?.sval).filter((value): value is string => value !== undefined);
}

/**
 * False for `ONLY t`: the parser marks a relation that reaches its partitions
 * and inheritance children with `inh: true` and leaves the field out for ONLY.
 */
export function reachesChildren(relation: RangeVarNode | undefined): boolean {
  return (relation as { inh?: boolean } | undefined)?.inh === true;
}
