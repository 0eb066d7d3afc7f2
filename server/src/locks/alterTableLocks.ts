/**
 * Locks of `ALTER TABLE` subcommands. PostgreSQL takes, per relation, the
 * strongest lock any subcommand needs (AlterTableGetLockLevel in tablecmds.c;
 * its default is ACCESS EXCLUSIVE), so each subcommand yields facts and the
 * caller merges them.
 */

import { relationName, type RangeVarNode } from '../sql/astNames';
import { isVolatileExpression } from './defaultVolatility';
import type { LockContext, LockFact } from './lockFact';
import type { LockMode } from './lockModes';

interface ConstraintNode {
  contype?: string;
  conname?: string;
  pktable?: RangeVarNode;
  skip_validation?: boolean;
  indexname?: string;
  raw_expr?: unknown;
  generated_when?: string;
}

interface ColumnDefNode {
  colname?: string;
  typeName?: { names?: { String?: { sval?: string } }[] };
  constraints?: { Constraint?: ConstraintNode }[];
}

export interface AlterTableCmdNode {
  subtype?: string;
  name?: string;
  def?: { ColumnDef?: ColumnDefNode; Constraint?: ConstraintNode };
}

/** Subcommands that take less than ACCESS EXCLUSIVE, per the ALTER TABLE docs. */
const WEAKER_SUBCOMMAND_LOCKS: Record<string, { mode: LockMode; reason: string }> = {
  AT_SetStatistics: { mode: 'SHARE UPDATE EXCLUSIVE', reason: 'ALTER COLUMN ... SET STATISTICS' },
  AT_ClusterOn: { mode: 'SHARE UPDATE EXCLUSIVE', reason: 'CLUSTER ON' },
  AT_DropCluster: { mode: 'SHARE UPDATE EXCLUSIVE', reason: 'SET WITHOUT CLUSTER' },
  AT_EnableTrig: { mode: 'SHARE ROW EXCLUSIVE', reason: 'ENABLE TRIGGER' },
  AT_DisableTrig: { mode: 'SHARE ROW EXCLUSIVE', reason: 'DISABLE TRIGGER' },
  AT_EnableAlwaysTrig: { mode: 'SHARE ROW EXCLUSIVE', reason: 'ENABLE ALWAYS TRIGGER' },
  AT_EnableReplicaTrig: { mode: 'SHARE ROW EXCLUSIVE', reason: 'ENABLE REPLICA TRIGGER' },
  AT_EnableTrigAll: { mode: 'SHARE ROW EXCLUSIVE', reason: 'ENABLE TRIGGER ALL' },
  AT_DisableTrigAll: { mode: 'SHARE ROW EXCLUSIVE', reason: 'DISABLE TRIGGER ALL' },
  AT_EnableTrigUser: { mode: 'SHARE ROW EXCLUSIVE', reason: 'ENABLE TRIGGER USER' },
  AT_DisableTrigUser: { mode: 'SHARE ROW EXCLUSIVE', reason: 'DISABLE TRIGGER USER' },
};

const SERIAL_TYPES = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

export function alterTableCommandLocks(
  table: string,
  tableLocation: number | undefined,
  command: AlterTableCmdNode,
  context: LockContext,
): LockFact[] {
  const on = (mode: LockMode, reason: string, effects: { rewrite?: boolean; scan?: boolean } = {}): LockFact => ({
    relation: table,
    mode,
    rewrite: effects.rewrite ?? false,
    scan: effects.scan ?? false,
    reason,
    ...(tableLocation === undefined ? {} : { byteLocation: tableLocation }),
  });

  switch (command.subtype) {
    case 'AT_AddColumn':
      return addColumnLocks(command.def?.ColumnDef, on, context);
    case 'AT_SetNotNull':
      return [on('ACCESS EXCLUSIVE', `SET NOT NULL on ${command.name ?? 'a column'} checks every row`, { scan: true })];
    case 'AT_AddConstraint':
      return addConstraintLocks(command.def?.Constraint, on);
    case 'AT_ValidateConstraint':
      return [on('SHARE UPDATE EXCLUSIVE', `VALIDATE CONSTRAINT ${command.name ?? ''} checks every row`.trim(), { scan: true })];
    case 'AT_AlterColumnType':
      return [
        on('ACCESS EXCLUSIVE', `ALTER COLUMN ${command.name ?? ''} TYPE rewrites the table unless the old type is binary-coercible to the new one`, {
          rewrite: true,
        }),
      ];
    default: {
      const weaker = command.subtype ? WEAKER_SUBCOMMAND_LOCKS[command.subtype] : undefined;
      if (weaker) return [on(weaker.mode, weaker.reason)];
      return [on('ACCESS EXCLUSIVE', `ALTER TABLE ${describeSubtype(command.subtype)}`)];
    }
  }
}

type FactOnTable = (mode: LockMode, reason: string, effects?: { rewrite?: boolean; scan?: boolean }) => LockFact;

function addColumnLocks(column: ColumnDefNode | undefined, on: FactOnTable, context: LockContext): LockFact[] {
  const name = column?.colname ?? 'a column';
  const constraints = (column?.constraints ?? []).map((entry) => entry.Constraint ?? {});
  const typeName = column?.typeName?.names?.at(-1)?.String?.sval?.toLowerCase() ?? '';
  const defaultExpr = constraints.find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr;
  const notNull = constraints.some((c) => c.contype === 'CONSTR_NOTNULL');

  let rewriteWhy: string | undefined;
  if (SERIAL_TYPES.has(typeName)) rewriteWhy = `${typeName} fills every row from a sequence`;
  else if (constraints.some((c) => c.contype === 'CONSTR_IDENTITY')) rewriteWhy = 'an identity column fills every row from a sequence';
  else if (constraints.some((c) => c.contype === 'CONSTR_GENERATED')) rewriteWhy = 'a stored generated column is computed for every row';
  else if (defaultExpr !== undefined && context.pgVersion < 11) rewriteWhy = 'before PostgreSQL 11 any DEFAULT is written into every row';
  else if (defaultExpr !== undefined && isVolatileExpression(defaultExpr)) rewriteWhy = 'a volatile DEFAULT is evaluated for every row';

  const scanWhy =
    notNull && defaultExpr === undefined && !rewriteWhy ? 'NOT NULL without a DEFAULT is checked against every row' : undefined;
  const facts: LockFact[] = [
    on('ACCESS EXCLUSIVE', `ADD COLUMN ${name}${rewriteWhy ? `: ${rewriteWhy}` : scanWhy ? `: ${scanWhy}` : ''}`, {
      rewrite: rewriteWhy !== undefined,
      scan: scanWhy !== undefined,
    }),
  ];
  for (const constraint of constraints) {
    if (constraint.contype === 'CONSTR_DEFAULT' || constraint.contype === 'CONSTR_NOTNULL' || constraint.contype === 'CONSTR_NULL') continue;
    facts.push(...addConstraintLocks(constraint, on));
  }
  return facts;
}

function addConstraintLocks(constraint: ConstraintNode | undefined, on: FactOnTable): LockFact[] {
  const name = constraint?.conname ? ` ${constraint.conname}` : '';
  const validated = !constraint?.skip_validation;
  switch (constraint?.contype) {
    case 'CONSTR_FOREIGN': {
      const referenced = relationName(constraint.pktable);
      const facts = [
        on('SHARE ROW EXCLUSIVE', `ADD FOREIGN KEY${name}${validated ? ' checks every row against the referenced table' : ' NOT VALID'}`, {
          scan: validated,
        }),
      ];
      if (referenced) {
        facts.push({
          relation: referenced,
          mode: 'SHARE ROW EXCLUSIVE',
          rewrite: false,
          scan: false,
          reason: `ADD FOREIGN KEY${name}: the referenced table gets the constraint's triggers`,
          ...(constraint.pktable?.location === undefined ? {} : { byteLocation: constraint.pktable.location }),
        });
      }
      return facts;
    }
    case 'CONSTR_CHECK':
      return [on('ACCESS EXCLUSIVE', `ADD CHECK${name}${validated ? ' checks every row' : ' NOT VALID'}`, { scan: validated })];
    case 'CONSTR_PRIMARY':
    case 'CONSTR_UNIQUE':
    case 'CONSTR_EXCLUSION': {
      const kind = constraint.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : constraint.contype === 'CONSTR_UNIQUE' ? 'UNIQUE' : 'EXCLUDE';
      if (constraint.indexname) return [on('ACCESS EXCLUSIVE', `ADD ${kind}${name} USING INDEX ${constraint.indexname}`)];
      return [on('ACCESS EXCLUSIVE', `ADD ${kind}${name} builds an index over every row`, { scan: true })];
    }
    case 'CONSTR_NOTNULL':
      return [on('ACCESS EXCLUSIVE', `ADD NOT NULL${name} checks every row`, { scan: true })];
    default:
      return [on('ACCESS EXCLUSIVE', `ADD CONSTRAINT${name}`)];
  }
}

/** `AT_DropColumn` → `DROP COLUMN`, for messages about subcommands without a specific entry. */
function describeSubtype(subtype: string | undefined): string {
  if (!subtype) return 'subcommand';
  const words = subtype.replace(/^AT_/, '').replace(/([a-z])([A-Z])/g, '$1 $2');
  return words.toUpperCase();
}
