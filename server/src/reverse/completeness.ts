/**
 * Does a reverse undo its forward? Compares the forward's effects with the
 * reverse's, statically, and names what is not undone, what the reverse does
 * that the forward never did, and where data is lost either way.
 */

import type { Effect, ObjectKind } from '../schema/effects';
import { Identities, isSuccessor, nameOfIdentity, netEffects, type NetEffect } from './netEffects';
import { bareName } from '../sql/astNames';

/**
 * What to do about each gap, in a sentence or two (the findings' advice); says "the reverse" once, where a
 * rule may name the file. Kept beside the gaps, not in them: the MCP check_reverse tool returns gaps as they are.
 */
const ADVICE = new WeakMap<ReverseGap, string>();

export function adviceFor(gap: ReverseGap): string {
  return ADVICE.get(gap) ?? '';
}

function advised(gap: ReverseGap, advice: string): ReverseGap {
  ADVICE.set(gap, advice);
  return gap;
}

export type GapKind = 'not-undone' | 'unexpected' | 'irreversible' | 'forward-loses-data' | 'rollback-loses-data';

export interface ReverseGap {
  kind: GapKind;
  /** One short sentence, names in double quotes: `The forward creates index "i", which the reverse does not undo`. */
  message: string;
  /** The forward statement the gap is about (not-undone, irreversible, data loss in the forward). */
  forwardStatement?: number;
  /** The reverse statement the gap is about (unexpected, data loss in the rollback). */
  reverseStatement?: number;
}

const OBJECT_WORDS: Record<ObjectKind, string> = {
  table: 'table',
  view: 'view',
  'materialized view': 'materialized view',
  column: 'column',
  index: 'index',
  constraint: 'constraint',
  sequence: 'sequence',
  type: 'type',
  'enum value': 'enum value',
  function: 'function',
  trigger: 'trigger',
  policy: 'policy',
  schema: 'schema',
  extension: 'extension',
  comment: 'comment',
  'column default': 'default of',
  'column not null': 'NOT NULL on',
  'column type': 'type of',
  rows: 'rows of',
};

/** `"events"."region"`: each part in double quotes (as SQL would write it), so messages show names whole. */
function quoted(name: string): string {
  return name
    .split('.')
    .map((part) => (part.startsWith('"') ? part : `"${part}"`))
    .join('.');
}

function describe(effect: NetEffect): string {
  const member = effect.kind === 'constraint' || effect.kind === 'trigger' || effect.kind === 'policy';
  const name = member ? (effect.displayName.split('.').pop() ?? effect.displayName) : effect.displayName;
  return `${OBJECT_WORDS[effect.kind]} ${quoted(name)}${effect.detail ? ` (${effect.detail})` : ''}`;
}

/** What the effect does, as a clause: `creates index "i"`, `renames table "a" to "b"`. */
function does(effect: NetEffect): string {
  return `${verb(effect)} ${describe(effect)}${effect.action === 'renamed' ? ` to ${quoted(effect.to ?? '?')}` : ''}`;
}

/** How a reverse undoes a forward effect it leaves. */
const UNDO: Record<NetEffect['action'], string> = {
  created: 'Drop it in the reverse.',
  dropped: 'Recreate it in the reverse.',
  redefined: 'Restore its previous definition in the reverse.',
  changed: 'Restore it as it was in the reverse.',
  renamed: 'Rename it back in the reverse.',
  written: 'Undo the write in the reverse, or say there why it needs no undoing.',
};

const KEEP_A_COPY = 'Keep a copy first (a backup table or an export)';

function group(kind: ObjectKind): string {
  return kind === 'table' || kind === 'view' || kind === 'materialized view' ? 'relation' : kind === 'rows' ? 'rows' : kind;
}

function sameObject(a: NetEffect, b: NetEffect): boolean {
  return a.identity === b.identity && group(a.kind) === group(b.kind);
}

/**
 * A redefinition is of whatever holds the name: a reverse that rebuilds the
 * object again works on the copy the forward made (another identity, the same name).
 */
function sameName(a: NetEffect, b: NetEffect): boolean {
  return nameOfIdentity(a.identity) === nameOfIdentity(b.identity) && group(a.kind) === group(b.kind);
}

/** The name an object had before the forward, as a rename's `to` gives it (a member's bare name, a relation's full one). */
function startName(effect: NetEffect): string {
  const name = nameOfIdentity(effect.identity);
  return MEMBER_KINDS.has(effect.kind) ? bareName(name) : name;
}

const MEMBER_KINDS: ReadonlySet<ObjectKind> = new Set(['column', 'constraint', 'trigger', 'policy']);

/** Does `candidate` (a reverse net effect) undo `forward`? */
function undoes(candidate: NetEffect, forward: NetEffect): boolean {
  const rebuilt = forward.action === 'redefined' || forward.action === 'changed';
  if (!(rebuilt ? sameName(candidate, forward) : sameObject(candidate, forward))) return false;
  switch (forward.action) {
    case 'created':
      // Created under a name the forward renamed the old object away from: rebuilding it again replaces it too.
      return candidate.action === 'dropped' || (candidate.action === 'redefined' && isSuccessor(forward.identity));
    case 'dropped':
      // CREATE OR REPLACE (a "change") creates what is missing.
      return candidate.action === 'created' || candidate.action === 'redefined' || candidate.action === 'changed';
    case 'renamed':
      return candidate.action === 'renamed' && candidate.to === startName(forward);
    default:
      // Redefinitions, changes and data writes: any change to the same object is an attempt to restore it.
      return candidate.action !== 'renamed';
  }
}

/**
 * A rename the reverse undoes by replacement: it creates something new under the old name and drops the renamed
 * object (or the table an index went with). Lemmy's 2025-08-01-000063 turns comment_reply into notification; its
 * down creates comment_reply anew, copies the rows back and drops notification.
 */
function replacedUnderOldName(forward: NetEffect, reverse: readonly NetEffect[], relationsDroppedByReverse: ReadonlySet<string>): boolean {
  const recreated = reverse.some((candidate) => candidate.action === 'created' && isSuccessor(candidate.identity) && sameName(candidate, forward));
  const renamedOneGone =
    reverse.some((candidate) => candidate.action === 'dropped' && sameObject(candidate, forward)) ||
    (forward.table !== undefined && relationsDroppedByReverse.has(forward.table));
  return recreated && renamedOneGone;
}

/** Without view dependencies in the schema model, what a CASCADE takes with it is unknown: views, materialized views and what hangs off them. */
const cascadeDependent = (effect: NetEffect): boolean =>
  effect.kind === 'view' || effect.kind === 'materialized view' || effect.kind === 'index' || effect.kind === 'trigger';

/** A forward and its reverse, as net effects, with what the reverse takes away wholesale. */
class PairComparison {
  readonly forward: NetEffect[];
  readonly reverse: NetEffect[];
  /** A relation the reverse drops, or drops and recreates, takes its indexes, constraints and triggers with it. */
  private readonly relationsDroppedByReverse: Set<string>;
  private readonly relationsCreatedByForward: Set<string>;
  /** DROP SCHEMA takes everything in it (with CASCADE; without, it only succeeds once the schema is empty). */
  private readonly schemasDroppedByReverse: string[];
  private readonly schemasCreatedByForward: Set<string>;
  readonly forwardCascades: boolean;
  readonly reverseCascades: boolean;

  constructor(
    forwardEffects: readonly Effect[],
    private readonly reverseEffects: readonly Effect[],
  ) {
    const identities = new Identities();
    this.forward = netEffects(forwardEffects, identities);
    this.reverse = netEffects(reverseEffects, new Identities(identities));
    this.relationsCreatedByForward = new Set(this.forward.filter((e) => e.action === 'created' && group(e.kind) === 'relation').map((e) => e.identity));
    this.relationsDroppedByReverse = new Set(
      this.reverse.filter((e) => (e.action === 'dropped' || e.action === 'redefined') && group(e.kind) === 'relation').map((e) => e.identity),
    );
    this.schemasDroppedByReverse = this.reverse.filter((e) => e.action === 'dropped' && e.kind === 'schema').map((e) => e.identity);
    this.schemasCreatedByForward = new Set(this.forward.filter((e) => e.action === 'created' && e.kind === 'schema').map((e) => e.identity));
    this.forwardCascades = forwardEffects.some((effect) => effect.cascade === true);
    this.reverseCascades = reverseEffects.some((effect) => effect.cascade === true);
  }

  private onDroppedRelation(effect: NetEffect): boolean {
    const dropped = this.relationsDroppedByReverse;
    return (
      (effect.table !== undefined && dropped.has(effect.table)) ||
      (effect.kind === 'rows' && dropped.has(effect.identity)) ||
      // serial and identity sequences are named after their table and go with it.
      (effect.kind === 'sequence' && [...dropped].some((table) => effect.identity.startsWith(`${table}_`)))
    );
  }

  /** Only what the forward added there (anything, in a schema the forward created): a drop in a schema that existed before is not undone by dropping the rest. */
  private inDroppedSchema(effect: NetEffect): boolean {
    return this.schemasDroppedByReverse.some(
      (schema) =>
        (this.schemasCreatedByForward.has(schema) || effect.action === 'created' || effect.action === 'written') &&
        (effect.identity.startsWith(`${schema}.`) || (effect.table?.startsWith(`${schema}.`) ?? false)),
    );
  }

  private droppedByReverse(kind: ObjectKind, identity: string): boolean {
    return this.reverse.some((candidate) => candidate.kind === kind && candidate.action === 'dropped' && candidate.identity === identity);
  }

  /** The forward effect is undone without a counterpart of its own: it goes with something the reverse takes away, or needs no undoing. */
  undoneWholesale(effect: NetEffect): boolean {
    if (effect.kind === 'comment') return true;
    // Writes to the system catalogs (e.g. UPDATE pg_index) are tricks, not data to restore.
    if (effect.kind === 'rows' && effect.identity.startsWith('pg_')) return true;
    if (this.onDroppedRelation(effect) || this.inDroppedSchema(effect)) return true;
    if (this.reverseCascades && cascadeDependent(effect)) return true;
    // An UPDATE that only set columns the reverse drops is undone with them.
    if (effect.kind === 'rows' && effect.columns && effect.columns.length > 0 && effect.columns.every((column) => this.droppedByReverse('column', column)))
      return true;
    // A default, NOT NULL or type set on a column the reverse drops goes away with the column.
    const onColumn = effect.kind === 'column default' || effect.kind === 'column not null' || effect.kind === 'column type';
    if (onColumn && this.droppedByReverse('column', effect.identity)) return true;
    // An enum swapped for one with other values is restored by a swap back: a type of that name created again.
    return (
      effect.kind === 'type' &&
      effect.action === 'changed' &&
      this.reverseEffects.some((candidate) => candidate.kind === 'type' && candidate.action === 'create' && candidate.name === effect.displayName)
    );
  }

  renamedBackByReplacement(effect: NetEffect): boolean {
    return effect.action === 'renamed' && replacedUnderOldName(effect, this.reverse, this.relationsDroppedByReverse);
  }

  /** A reverse effect that needs no counterpart in the forward: on what the forward created, or a restoration. */
  expectedInReverse(effect: NetEffect): boolean {
    if (effect.kind === 'comment' || this.forward.some((candidate) => sameObject(candidate, effect))) return true;
    if (effect.table !== undefined && this.relationsCreatedByForward.has(effect.table)) return true;
    if ((this.forwardCascades || this.reverseCascades) && cascadeDependent(effect)) return true;
    // Recreating or rewriting is how reverses restore what the forward removed implicitly (a dropped column
    // takes its indexes along); only destroying something the forward never created is worth a warning.
    return effect.action !== 'dropped';
  }
}

/** What the forward does that no reverse can undo, or that this reverse does not. */
function forwardGaps(pair: PairComparison, used: Set<NetEffect>): ReverseGap[] {
  const gaps: ReverseGap[] = [];
  for (const effect of pair.forward) {
    if (effect.destroysData && effect.action === 'dropped') {
      gaps.push(
        advised(
          {
            kind: 'forward-loses-data',
            forwardStatement: effect.statementIndex,
            message: `The forward drops ${describe(effect)} and its data, which no reverse can restore`,
          },
          `${KEEP_A_COPY}, or stage the drop: stop writing to it, wait, then drop it. A reverse can recreate the ${effect.kind}, not its values.`,
        ),
      );
    }
    if (effect.kind === 'enum value' && effect.action === 'created') {
      const typeName = effect.identity.slice(0, effect.identity.lastIndexOf('.'));
      if (!pair.reverse.some((candidate) => candidate.kind === 'type' && candidate.identity === typeName)) {
        gaps.push(
          advised(
            {
              kind: 'irreversible',
              forwardStatement: effect.statementIndex,
              message: `PostgreSQL cannot drop ${describe(effect)}, so the reverse cannot remove it`,
            },
            'Rebuild the type in the reverse (create a new type without the value, ALTER COLUMN ... TYPE new USING ..., drop the old, rename), ' +
              'or keep the value and say so there.',
          ),
        );
      }
      continue;
    }
    if (pair.undoneWholesale(effect)) continue;
    const undo = pair.reverse.find((candidate) => undoes(candidate, effect));
    if (undo) {
      used.add(undo);
      continue;
    }
    if (pair.renamedBackByReplacement(effect)) continue;
    gaps.push(
      advised(
        {
          kind: 'not-undone',
          forwardStatement: effect.statementIndex,
          message: `The forward ${does(effect)}, which the reverse does not undo`,
        },
        UNDO[effect.action],
      ),
    );
  }
  return gaps;
}

export function checkReverse(forwardEffects: readonly Effect[], reverseEffects: readonly Effect[]): ReverseGap[] {
  const pair = new PairComparison(forwardEffects, reverseEffects);
  const used = new Set<NetEffect>();
  const gaps = forwardGaps(pair, used);
  for (const effect of pair.reverse) {
    if (used.has(effect) || pair.expectedInReverse(effect)) continue;
    gaps.push(
      advised(
        {
          kind: 'unexpected',
          reverseStatement: effect.statementIndex,
          message: `The reverse ${does(effect)}, which the forward never ${forwardVerbFor(effect)}`,
        },
        'Remove it from the reverse, which should undo only what its forward does: rolling back would destroy something that existed before this migration.',
      ),
    );
  }
  for (const effect of pair.reverse) {
    if (effect.action !== 'dropped' || (effect.kind !== 'column' && effect.kind !== 'table')) continue;
    if (!pair.forward.some((candidate) => candidate.action === 'created' && sameObject(candidate, effect))) continue;
    gaps.push(
      advised(
        {
          kind: 'rollback-loses-data',
          reverseStatement: effect.statementIndex,
          message: `Rolling back drops ${describe(effect)} with the values written to it since the forward ran`,
        },
        `${KEEP_A_COPY} if those values matter.`,
      ),
    );
  }
  return gaps;
}

function verb(effect: NetEffect): string {
  return {
    created: 'creates',
    dropped: 'drops',
    redefined: 'redefines',
    changed: 'changes',
    renamed: 'renames',
    written: 'writes',
  }[effect.action];
}

function forwardVerbFor(effect: NetEffect): string {
  return { created: 'dropped', dropped: 'created', redefined: 'changed', changed: 'changed', renamed: 'renamed', written: 'wrote' }[effect.action];
}
