/**
 * ALTER TABLE (and ALTER INDEX / VIEW / MATERIALIZED VIEW / SEQUENCE, which
 * share its parse node). PostgreSQL takes, per relation, the strongest lock
 * any subcommand needs, and most column and constraint subcommands repeat
 * themselves on every partition and inheritance child unless ONLY is given.
 */

import { relationName, type RangeVarNode } from '../../sql/astNames';
import type { LockContext, LockFact } from '../lockFact';
import { type FactDetails, lockOn, needsVersion, reachesChildren } from '../lockFactBuilder';
import type { LockMode } from '../lockModes';
import { descendantsOf } from '../schemaFacts';
import { addColumn, alterColumnType, columnDefault, dropColumn, dropIdentity, dropNotNull, setIdentity, setNotNull } from './alterTableColumns';
import { addConstraint, dropConstraint, validateConstraint } from './alterTableConstraints';
import { addInherit, attachPartition, detachPartition, dropInherit } from './alterTablePartitions';
import { addOf, changeOwner, clusterOn, replicaIdentity, setRelOptions } from './alterTableSettings';
import { SIMPLE_SUBCOMMANDS } from './alterTableSimple';
import type { AlterTarget, SubcommandHandler, SubcommandInput, SubcommandLocks } from './alterTableTypes';
import type { AlterTableCmdNode } from '../../sql/ast';

const HANDLERS: Record<string, SubcommandHandler> = {
  AT_AddColumn: addColumn,
  AT_DropColumn: dropColumn,
  AT_AlterColumnType: alterColumnType,
  AT_SetNotNull: setNotNull,
  AT_DropNotNull: dropNotNull,
  AT_ColumnDefault: columnDefault,
  AT_SetIdentity: setIdentity,
  AT_DropIdentity: dropIdentity,
  AT_AddConstraint: addConstraint,
  AT_ValidateConstraint: validateConstraint,
  AT_DropConstraint: dropConstraint,
  AT_AttachPartition: attachPartition,
  AT_DetachPartition: detachPartition,
  AT_AddInherit: addInherit,
  AT_DropInherit: dropInherit,
  AT_SetRelOptions: setRelOptions,
  AT_ResetRelOptions: setRelOptions,
  AT_ClusterOn: clusterOn,
  AT_ReplicaIdentity: replicaIdentity,
  AT_ChangeOwner: changeOwner,
  AT_AddOf: addOf,
};

/** `AT_DropColumn` → `DROP COLUMN`, for subcommands without an entry. */
function describeSubtype(subtype: string | undefined): string {
  if (!subtype) return 'subcommand';
  return subtype
    .replace(/^AT_/, '')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toUpperCase();
}

function simpleOrDefault(input: SubcommandInput): SubcommandLocks {
  const simple = SIMPLE_SUBCOMMANDS[input.command.subtype ?? ''];
  if (!simple) return { facts: [input.on('ACCESS EXCLUSIVE', `ALTER ${describeSubtype(input.command.subtype)}`)], recurse: 'none' };
  const note = simple.since ? needsVersion(input.context, simple.since, simple.what.split(' (')[0]!) : undefined;
  return {
    facts: [input.on(simple.mode, simple.what, { rewrite: simple.rewrite ?? false, ...(note ? { note } : {}) })],
    recurse: simple.recurse ?? 'none',
  };
}

const RELATION_KIND: Record<string, LockFact['relationKind']> = { OBJECT_INDEX: 'index', OBJECT_SEQUENCE: 'sequence' };

function subcommandLocks(target: AlterTarget, command: AlterTableCmdNode, context: LockContext): LockFact[] {
  const relationKind = RELATION_KIND[target.objtype];
  const on = (mode: LockMode, reason: string, details: FactDetails = {}): LockFact =>
    lockOn(target.name, mode, reason, {
      ...(target.location === undefined ? {} : { byteLocation: target.location }),
      ...(relationKind ? { relationKind } : {}),
      ...details,
    });
  const input: SubcommandInput = { command, target, context, on };
  const handler = HANDLERS[command.subtype ?? ''];
  const { facts, recurse } = handler ? handler(input) : simpleOrDefault(input);
  if (recurse === 'none' || !target.inh) return facts;
  // The subcommand is repeated on each partition / child, under the same lock, with the same rewrite or scan.
  const onTarget = facts.filter((fact) => fact.relation === target.name);
  const children = descendantsOf(context, target.name, recurse === 'partitions' ? 'partitions' : 'all');
  const onChildren = children.flatMap((child) =>
    onTarget.map((fact): LockFact => {
      const { byteLocation: _location, ...rest } = fact;
      return { ...rest, relation: child, reason: `${fact.reason} (repeated on each partition and child table)` };
    }),
  );
  return [...facts, ...onChildren];
}

export function alterTableLocks(body: Record<string, unknown>, context: LockContext): LockFact[] {
  const relation = body['relation'] as RangeVarNode | undefined;
  const name = relationName(relation);
  if (!name) return [];
  const target: AlterTarget = {
    name,
    objtype: (body['objtype'] as string | undefined) ?? 'OBJECT_TABLE',
    inh: reachesChildren(relation),
    ...(relation?.location === undefined ? {} : { location: relation.location }),
  };
  const commands = (body['cmds'] as { AlterTableCmd?: AlterTableCmdNode }[] | undefined) ?? [];
  return commands.flatMap((entry) => subcommandLocks(target, entry.AlterTableCmd ?? {}, context));
}
