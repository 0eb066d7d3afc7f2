/**
 * Constraint subcommands of ALTER TABLE. A foreign key adds triggers to both
 * tables, so both get SHARE ROW EXCLUSIVE (as CREATE TRIGGER); dropping it
 * removes them under ACCESS EXCLUSIVE on both; validating it reads the
 * referenced table under ROW SHARE. CHECK, PRIMARY KEY, UNIQUE and EXCLUDE
 * take ACCESS EXCLUSIVE and read every row unless NOT VALID / USING INDEX.
 */

import { relationName } from '../../sql/astNames';
import type { LockFact } from '../lockFact';
import { lockOn } from '../lockFactBuilder';
import { constraintOf, descendantsOf, foreignKeysTo, isPartitioned, referencedColumnsOf, withPartitions } from '../schemaFacts';
import type { SubcommandHandler, SubcommandInput, SubcommandLocks } from './alterTableTypes';
import type { ConstraintNode } from '../../sql/ast';

const INDEX_KINDS: Record<string, string> = { CONSTR_PRIMARY: 'PRIMARY KEY', CONSTR_UNIQUE: 'UNIQUE', CONSTR_EXCLUSION: 'EXCLUDE' };

function foreignKey(constraint: ConstraintNode, input: SubcommandInput): SubcommandLocks {
  const name = constraint.conname ? ` ${constraint.conname}` : '';
  const validated = !constraint.skip_validation;
  const facts = [
    input.on('SHARE ROW EXCLUSIVE', `ADD FOREIGN KEY${name}${validated ? ' checks every row against the referenced table' : ' NOT VALID (no check yet)'}`, {
      scan: validated,
    }),
  ];
  const referenced = relationName(constraint.pktable);
  if (referenced) {
    facts.push(
      lockOn(referenced, 'SHARE ROW EXCLUSIVE', `ADD FOREIGN KEY${name}: the referenced table gets the constraint's triggers`, {
        ...(constraint.pktable?.location === undefined ? {} : { byteLocation: constraint.pktable.location }),
      }),
    );
  }
  return { facts, recurse: 'partitions' };
}

/** PRIMARY KEY / UNIQUE / EXCLUDE build a unique index, like CREATE INDEX but under ACCESS EXCLUSIVE. */
function indexConstraint(constraint: ConstraintNode, input: SubcommandInput): SubcommandLocks {
  const kind = INDEX_KINDS[constraint.contype ?? ''] ?? 'constraint';
  const name = constraint.conname ? ` ${constraint.conname}` : '';
  if (constraint.indexname) {
    return {
      facts: [
        input.on('ACCESS EXCLUSIVE', `ADD ${kind}${name} USING INDEX ${constraint.indexname} (catalog only)`),
        // Renaming the index to the constraint's name: ACCESS EXCLUSIVE on 11, SHARE UPDATE EXCLUSIVE from 12 (observed).
        lockOn(
          constraint.indexname,
          input.context.pgVersion >= 12 ? 'SHARE UPDATE EXCLUSIVE' : 'ACCESS EXCLUSIVE',
          `ADD ${kind} USING INDEX turns the index into the constraint's`,
          {
            relationKind: 'index',
          },
        ),
      ],
      recurse: 'none',
    };
  }
  const facts = [input.on('ACCESS EXCLUSIVE', `ADD ${kind}${name} builds an index over every row`, { scan: true })];
  // On a partitioned table each partition builds its own index: SHARE up to 17, ACCESS EXCLUSIVE from 18.
  if (input.target.inh && isPartitioned(input.context, input.target.name)) {
    const mode = input.context.pgVersion >= 18 ? 'ACCESS EXCLUSIVE' : 'SHARE';
    for (const partition of descendantsOf(input.context, input.target.name, 'partitions')) {
      facts.push(lockOn(partition, mode, `ADD ${kind}${name} builds the index on each partition`, { scan: true }));
    }
  }
  return { facts, recurse: 'none' };
}

export function addConstraintLocks(constraint: ConstraintNode | undefined, input: SubcommandInput): SubcommandLocks {
  const name = constraint?.conname ? ` ${constraint.conname}` : '';
  const validated = !constraint?.skip_validation;
  switch (constraint?.contype) {
    case 'CONSTR_FOREIGN':
      return foreignKey(constraint, input);
    case 'CONSTR_CHECK':
      return {
        facts: [input.on('ACCESS EXCLUSIVE', `ADD CHECK${name}${validated ? ' checks every row' : ' NOT VALID (no check yet)'}`, { scan: validated })],
        recurse: 'all',
      };
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE':
    case 'CONSTR_EXCLUSION':
      return indexConstraint(constraint, input);
    case 'CONSTR_NOTNULL':
      return { facts: [input.on('ACCESS EXCLUSIVE', `ADD NOT NULL${name} checks every row`, { scan: validated })], recurse: 'all' };
    default:
      return { facts: [input.on('ACCESS EXCLUSIVE', `ADD CONSTRAINT${name}`)], recurse: 'all' };
  }
}

export const addConstraint: SubcommandHandler = (input) => addConstraintLocks(input.command.def?.Constraint, input);

export const validateConstraint: SubcommandHandler = ({ command, on, context, target }) => {
  const name = command.name ?? '';
  const known = constraintOf(context, target.name, name);
  const facts: LockFact[] = [
    on('SHARE UPDATE EXCLUSIVE', `VALIDATE CONSTRAINT ${name} checks every row while writes go on`.replace('  ', ' '), { scan: true }),
  ];
  if (known?.kind === 'foreign key' && known.referencedTable) {
    facts.push(lockOn(known.referencedTable, 'ROW SHARE', `VALIDATE CONSTRAINT ${name} reads the referenced table`));
  }
  return { facts, recurse: 'all' };
};

export const dropConstraint: SubcommandHandler = ({ command, on, context, target }) => {
  const name = command.name ?? '';
  const known = constraintOf(context, target.name, name);
  const facts: LockFact[] = [on('ACCESS EXCLUSIVE', `DROP CONSTRAINT ${name} (catalog only)`)];
  if (known?.kind === 'foreign key' && known.referencedTable) {
    facts.push(lockOn(known.referencedTable, 'ACCESS EXCLUSIVE', `DROP CONSTRAINT ${name} removes the foreign key's triggers from the referenced table`));
  }
  // A key others reference can only go with CASCADE, which drops their foreign keys (and triggers) too.
  if (command.behavior === 'DROP_CASCADE' && (known?.kind === 'primary key' || known?.kind === 'unique')) {
    for (const key of foreignKeysTo(context, target.name)) {
      const referenced = referencedColumnsOf(context, key);
      if (referenced.length > 0 && !referenced.every((column) => known.columns.includes(column))) continue;
      for (const relation of withPartitions(context, key.table)) {
        facts.push(lockOn(relation, 'ACCESS EXCLUSIVE', `DROP CONSTRAINT ${name} CASCADE drops foreign key ${key.name}`));
      }
    }
  }
  return { facts, recurse: 'all' };
};
