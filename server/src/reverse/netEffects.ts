/**
 * A part's effects reduced to what it does overall, per object identity:
 * renames are followed (an object keeps the name it had before the part
 * ran), a drop followed by a create is a redefinition, a create followed by
 * a drop is nothing. Comparing a forward with its reverse is done on these.
 */

import type { Effect, ObjectKind } from '../schema/effects';

/** Relations share one namespace: a view may be replaced by a table of the same name. */
function kindGroup(kind: ObjectKind): string {
  return kind === 'table' || kind === 'view' || kind === 'materialized view' ? 'relation' : kind;
}

/**
 * The identity of an object created under a name another object was renamed away from: the name, `#`, a number.
 * Without it the new object would take the old one's identity, and "renamed away, then dropped" and "created" would
 * cancel out (Authelia's tables rebuilt through a `_bkp_` copy, Lemmy's enums swapped through a `__` copy).
 */
const SUCCESSOR = '#';

const SUCCESSOR_MARK = /#\d+-\d+/g;
const HAS_SUCCESSOR_MARK = /#\d+-\d+/;

/** Whether the identity is (or is a member of) an object created under a vacated name. */
export function isSuccessor(identity: string): boolean {
  return HAS_SUCCESSOR_MARK.test(identity);
}

/** The name an identity stands for: without the successor's number (`t#0-1.a` is `t.a`). */
export function nameOfIdentity(identity: string): string {
  return identity.replace(SUCCESSOR_MARK, '');
}

/** Tracks names through renames: current name → the name the object had when the part started. */
export class Identities {
  private readonly relations = new Map<string, string>();
  private readonly members = new Map<string, string>();
  private successors = 0;

  constructor(private readonly before?: Identities) {}

  /** The name `relation` had at the start (through an earlier part's renames too, when chained). */
  relation(name: string): string {
    const own = this.relations.get(name) ?? name;
    return this.before ? this.before.relation(own) : own;
  }

  /** `table.member` with both parts resolved to their starting names. */
  member(qualified: string): string {
    const own = this.ownMember(qualified);
    return this.before ? this.before.member(own) : own;
  }

  /** Resolution through this part's renames only: the member's own renames, else its table's. */
  private ownMember(qualified: string): string {
    const renamed = this.members.get(qualified);
    if (renamed) return renamed;
    const dot = qualified.lastIndexOf('.');
    if (dot === -1) return this.relations.get(qualified) ?? qualified;
    const table = qualified.slice(0, dot);
    return `${this.relations.get(table) ?? table}${qualified.slice(dot)}`;
  }

  rename(effect: Effect): void {
    if (!effect.to) return;
    if (effect.kind === 'column' || effect.kind === 'constraint') {
      const table = effect.name.slice(0, effect.name.lastIndexOf('.'));
      const startName = this.ownMember(effect.name);
      this.members.delete(effect.name);
      this.members.set(`${table}.${effect.to}`, startName);
      return;
    }
    const startName = this.relations.get(effect.name) ?? effect.name;
    this.relations.set(effect.to, startName);
    // The name is free: whatever is created under it next is another object.
    this.relations.set(effect.name, `${effect.name}${SUCCESSOR}${this.chainDepth()}-${++this.successors}`);
  }

  private chainDepth(): number {
    return this.before ? this.before.chainDepth() + 1 : 0;
  }
}

export type NetAction = 'created' | 'dropped' | 'redefined' | 'changed' | 'renamed' | 'written';

export interface NetEffect {
  action: NetAction;
  kind: ObjectKind;
  /** The identity: the name at the start of the forward. */
  identity: string;
  /** Name used in messages: as the statement wrote it. */
  displayName: string;
  /** For renames: the final name. */
  to?: string;
  statementIndex: number;
  table?: string;
  destroysData?: boolean;
  /** Rows written: the columns an UPDATE set, as identities. */
  columns?: string[];
  /** What a change amounts to, for messages: "adds 'refunded'". */
  detail?: string;
}

function isMember(kind: ObjectKind): boolean {
  return ['column', 'constraint', 'trigger', 'policy', 'column default', 'column not null', 'column type', 'enum value'].includes(kind);
}

/** Net effects of a part; `identities` resolves names (pass the forward's to read a reverse in the forward's names). */
export function netEffects(effects: readonly Effect[], identities: Identities): NetEffect[] {
  const byKey = new Map<string, NetEffect>();
  const order: string[] = [];
  for (const effect of effects) {
    if (effect.action === 'rename') {
      const member = isMember(effect.kind);
      const identity = member ? identities.member(effect.name) : identities.relation(effect.name);
      const key = `${kindGroup(effect.kind)}|${identity}|rename`;
      // A member's (or an index's) table, so that a reverse dropping the table undoes the rename too.
      const table = member
        ? identities.relation(effect.table ?? effect.name.slice(0, effect.name.lastIndexOf('.')))
        : effect.table
          ? identities.relation(effect.table)
          : undefined;
      identities.rename(effect);
      const existing = byKey.get(key);
      if (existing) existing.to = effect.to;
      else {
        byKey.set(key, {
          action: 'renamed',
          kind: effect.kind,
          identity,
          displayName: effect.name,
          to: effect.to!,
          statementIndex: effect.statementIndex,
          ...(table ? { table } : {}),
        });
        order.push(key);
      }
      continue;
    }
    const identity = isMember(effect.kind)
      ? identities.member(effect.name)
      : effect.kind === 'rows'
        ? identities.relation(effect.name)
        : identities.relation(effect.name);
    const key = `${kindGroup(effect.kind)}|${identity}`;
    const existing = byKey.get(key);
    const table = effect.table ? identities.relation(effect.table) : undefined;
    const next: NetEffect = {
      action: effect.action === 'create' ? 'created' : effect.action === 'drop' ? 'dropped' : effect.action === 'write' ? 'written' : 'changed',
      kind: effect.kind,
      identity,
      displayName: effect.name,
      statementIndex: effect.statementIndex,
      ...(table ? { table } : {}),
      ...(effect.destroysData ? { destroysData: true } : {}),
      ...(effect.columns ? { columns: effect.columns.map((column) => identities.member(column)) } : {}),
    };
    if (!existing) {
      byKey.set(key, next);
      order.push(key);
      continue;
    }
    // Combine with what the part already did to this object.
    if (existing.action === 'created' && next.action === 'dropped') {
      byKey.delete(key);
    } else if (existing.action === 'dropped' && next.action === 'created') {
      byKey.set(key, { ...existing, action: 'redefined', kind: next.kind, destroysData: existing.destroysData ?? false });
    } else if (existing.action === 'created') {
      // Created and then changed: still, overall, created.
    } else {
      byKey.set(key, {
        ...existing,
        action: existing.action === 'dropped' ? 'dropped' : next.action === 'dropped' ? 'dropped' : existing.action === 'redefined' ? 'redefined' : next.action,
      });
    }
  }
  enumSwaps(byKey, effects);
  rebuilds(byKey, effects);
  return order.map((key) => byKey.get(key)).filter((effect): effect is NetEffect => effect !== undefined);
}

/** Values of an enum before and after a swap, for messages: "adds 'refunded'", "adds 'a' and removes 'b'". */
function valuesDetail(before: readonly string[] | undefined, after: readonly string[] | undefined): string {
  const added = before && after ? after.filter((value) => !before.includes(value)) : [];
  const removed = before && after ? before.filter((value) => !after.includes(value)) : [];
  return [
    added.length > 0 ? `adds ${added.map((value) => `'${value}'`).join(', ')}` : '',
    removed.length > 0 ? `removes ${removed.map((value) => `'${value}'`).join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' and ');
}

/**
 * The rebuild through a copy: the old object renamed out of the way, a new
 * one created under its name (filled, for a table), the old one dropped.
 * Overall the object is redefined (a table) or has other values (an enum
 * type): one effect on it, which takes in what the part did to either copy.
 */
function rebuilds(byKey: Map<string, NetEffect>, effects: readonly Effect[]): void {
  for (const [renameKey, renamed] of byKey) {
    if (renamed.action !== 'renamed' || !renamed.to || isMember(renamed.kind)) continue;
    const group = kindGroup(renamed.kind);
    const droppedKey = `${group}|${renamed.identity}`;
    const dropped = byKey.get(droppedKey);
    if (dropped?.action !== 'dropped') continue;
    const createdEntry = [...byKey].find(
      ([, effect]) =>
        effect.action === 'created' &&
        kindGroup(effect.kind) === group &&
        isSuccessor(effect.identity) &&
        nameOfIdentity(effect.identity) === nameOfIdentity(renamed.identity),
    );
    if (!createdEntry) continue;
    const [createdKey, created] = createdEntry;
    const copies = new Set([renamed.identity, created.identity]);
    for (const [key, effect] of byKey) {
      const ofCopy =
        (effect.table !== undefined && copies.has(effect.table)) ||
        (effect.kind === 'rows' && copies.has(effect.identity)) ||
        (isMember(effect.kind) && [...copies].some((copy) => effect.identity.startsWith(`${copy}.`)));
      if (ofCopy) byKey.delete(key);
    }
    const enumType = renamed.kind === 'type';
    const detail = enumType
      ? valuesDetail(
          effects.find((effect) => effect.kind === 'type' && effect.action === 'drop' && effect.name === renamed.to)?.values,
          effects.find((effect) => effect.kind === 'type' && effect.action === 'create' && effect.name === created.displayName)?.values,
        )
      : '';
    byKey.set(droppedKey, {
      ...dropped,
      action: enumType ? 'changed' : 'redefined',
      kind: created.kind,
      displayName: created.displayName,
      statementIndex: renamed.statementIndex,
      destroysData: false,
      ...(detail ? { detail } : {}),
    });
    byKey.delete(createdKey);
    byKey.delete(renameKey);
  }
}

/**
 * The enum swap (CREATE TYPE new ...; ALTER COLUMN ... TYPE new; DROP TYPE
 * old; ALTER TYPE new RENAME TO old) is, overall, a change of the old
 * type's values: one effect on it instead of a drop, a create and a rename.
 */
function enumSwaps(byKey: Map<string, NetEffect>, effects: readonly Effect[]): void {
  for (const [renameKey, renamed] of byKey) {
    if (renamed.kind !== 'type' || renamed.action !== 'renamed' || !renamed.to) continue;
    const createdKey = `type|${renamed.identity}`;
    const droppedKey = `type|${renamed.to}`;
    const created = byKey.get(createdKey);
    const dropped = byKey.get(droppedKey);
    if (created?.action !== 'created' || dropped?.action !== 'dropped') continue;
    const detail = valuesDetail(
      effects.find((effect) => effect.kind === 'type' && effect.action === 'drop' && effect.name === renamed.to)?.values,
      effects.find((effect) => effect.kind === 'type' && effect.action === 'create' && effect.name === renamed.identity)?.values,
    );
    byKey.set(droppedKey, { ...dropped, action: 'changed', ...(detail ? { detail } : {}) });
    byKey.delete(createdKey);
    byKey.delete(renameKey);
  }
}
