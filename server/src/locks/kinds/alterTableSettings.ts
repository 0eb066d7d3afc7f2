/**
 * ALTER TABLE subcommands about settings that also name or carry another
 * relation: storage parameters (lock by parameter), CLUSTER ON and REPLICA
 * IDENTITY USING INDEX (the index), OWNER TO (owned sequences follow).
 */

import type { LockFact } from '../lockFact';
import { lockOn, stringsOf } from '../lockFactBuilder';
import { relOptionsLock } from '../relOptionLocks';
import { ownedSequencesOf } from '../schemaFacts';
import type { SubcommandHandler } from './alterTableTypes';

export const setRelOptions: SubcommandHandler = ({ command, on }) => {
  const verb = command.subtype === 'AT_ResetRelOptions' ? 'RESET' : 'SET';
  const lock = relOptionsLock(command.def);
  const why =
    lock.mode === 'ACCESS EXCLUSIVE'
      ? `${verb} (${lock.parameters.join(', ')}) changes what queries see`
      : `${verb} (${lock.parameters.join(', ')}) only steers vacuum, the planner or future writes`;
  return { facts: [on(lock.mode, why)], recurse: 'none' };
};

export const clusterOn: SubcommandHandler = ({ command, on }) => {
  const facts = [on('SHARE UPDATE EXCLUSIVE', 'CLUSTER ON marks the index for future CLUSTER runs')];
  if (command.name) facts.push(lockOn(command.name, 'SHARE UPDATE EXCLUSIVE', 'CLUSTER ON marks this index', { relationKind: 'index' }));
  return { facts, recurse: 'none' };
};

export const replicaIdentity: SubcommandHandler = ({ command, on }) => {
  const identity = command.def?.ReplicaIdentityStmt;
  const facts: LockFact[] = [on('ACCESS EXCLUSIVE', 'REPLICA IDENTITY (catalog only)')];
  if (identity?.identity_type === 'i' && identity.name) {
    facts.push(lockOn(identity.name, 'SHARE', 'REPLICA IDENTITY USING INDEX marks this index', { relationKind: 'index' }));
  }
  return { facts, recurse: 'none' };
};

/** A table's owned sequences (serial, identity) change owner with it. */
export const changeOwner: SubcommandHandler = ({ on, context, target }) => {
  const facts: LockFact[] = [on('ACCESS EXCLUSIVE', 'OWNER TO (catalog only)')];
  if (target.objtype === 'OBJECT_TABLE') {
    for (const sequence of ownedSequencesOf(context, target.name)) {
      facts.push(lockOn(sequence, 'ACCESS EXCLUSIVE', 'OWNER TO also changes the owner of the sequences the table owns', { relationKind: 'sequence' }));
    }
  }
  return { facts, recurse: 'none' };
};

/** OF type reads the composite type's row type (a relation of its own). */
export const addOf: SubcommandHandler = ({ command, on }) => {
  const typeName = stringsOf((command.def as { TypeName?: { names?: unknown } } | undefined)?.TypeName?.names).join('.');
  const facts = [on('ACCESS EXCLUSIVE', 'OF type (catalog only)')];
  if (typeName) facts.push(lockOn(typeName, 'ACCESS SHARE', 'OF type reads the composite type'));
  return { facts, recurse: 'none' };
};
