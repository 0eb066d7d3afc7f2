/**
 * Column subcommands of ALTER TABLE: all take ACCESS EXCLUSIVE; what differs
 * is whether every row is rewritten (ADD COLUMN with a volatile default,
 * identity, serial or stored generated column; a type change that is not
 * binary-coercible) or read (SET NOT NULL), and which other relations they
 * touch (the far end of a foreign key on the column, the identity sequence).
 */

import { columnTypeOf } from '../../sql/astNames';
import { typeChangeVerdict } from '../columnTypeChange';
import { isVolatileExpression } from '../defaultVolatility';
import { setNotNullTrustsValidatedCheck } from '../notNullProof';
import type { LockFact } from '../lockFact';
import { lockOn } from '../lockFactBuilder';
import { queryRelations } from '../../sql/queryRelations';
import {
  columnOf,
  columnSequenceName,
  dependentViewsOf,
  foreignKeysFrom,
  foreignKeysTo,
  hasValidatedNotNullCheck,
  referencedColumnsOf,
  withPartitions,
} from '../schemaFacts';
import { addConstraintLocks } from './alterTableConstraints';
import type { SubcommandHandler, SubcommandInput } from './alterTableTypes';
import type { ColumnDefNode } from '../../sql/ast';

const SERIAL_TYPES = new Set(['serial', 'serial4', 'bigserial', 'serial8', 'smallserial', 'serial2']);

/** Why ADD COLUMN writes every row, or undefined when it is a catalog-only change. */
function addColumnRewrite(column: ColumnDefNode | undefined, pgVersion: number): string | undefined {
  const constraints = (column?.constraints ?? []).map((entry) => entry.Constraint ?? {});
  const typeName = column?.typeName?.names?.at(-1)?.String?.sval?.toLowerCase() ?? '';
  const defaultExpr = constraints.find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr;
  if (SERIAL_TYPES.has(typeName)) return `${typeName} fills every row from a sequence`;
  if (constraints.some((c) => c.contype === 'CONSTR_IDENTITY')) return 'an identity column fills every row from a sequence';
  if (constraints.some((c) => c.contype === 'CONSTR_GENERATED')) return 'a stored generated column is computed for every row';
  if (defaultExpr !== undefined && pgVersion < 11) return 'before PostgreSQL 11 any DEFAULT is written into every row';
  if (defaultExpr !== undefined && isVolatileExpression(defaultExpr)) return 'a volatile DEFAULT is evaluated for every row';
  return undefined;
}

export const addColumn: SubcommandHandler = ({ command, on, context, target }) => {
  const column = command.def?.ColumnDef;
  const name = column?.colname ?? 'a column';
  const constraints = (column?.constraints ?? []).map((entry) => entry.Constraint ?? {});
  const defaultExpr = constraints.find((c) => c.contype === 'CONSTR_DEFAULT')?.raw_expr;
  const rewriteWhy = addColumnRewrite(column, context.pgVersion);
  const notNull = constraints.some((c) => c.contype === 'CONSTR_NOTNULL');
  const scanWhy = notNull && defaultExpr === undefined && !rewriteWhy ? 'NOT NULL without a DEFAULT is checked against every row' : undefined;
  const facts: LockFact[] = [
    on('ACCESS EXCLUSIVE', `ADD COLUMN ${name}${rewriteWhy ? `: ${rewriteWhy}` : scanWhy ? `: ${scanWhy}` : ' (catalog only)'}`, {
      rewrite: rewriteWhy !== undefined,
      scan: scanWhy !== undefined,
    }),
  ];
  // A default calling nextval() runs it for every existing row during the rewrite.
  if (rewriteWhy && defaultExpr !== undefined) {
    for (const sequence of queryRelations(defaultExpr).sequences) {
      facts.push(lockOn(sequence.name, 'ROW EXCLUSIVE', `the DEFAULT of ${name} calls nextval() for every row`, { relationKind: 'sequence' }));
    }
  }
  for (const constraint of constraints) {
    if (constraint.contype === 'CONSTR_DEFAULT' || constraint.contype === 'CONSTR_NOTNULL' || constraint.contype === 'CONSTR_NULL') continue;
    if (constraint.contype === 'CONSTR_IDENTITY' || constraint.contype === 'CONSTR_GENERATED') continue;
    const inline = {
      ...constraint,
      ...(constraint.contype === 'CONSTR_FOREIGN' && column?.colname ? { fk_attrs: [{ String: { sval: column.colname } }] } : {}),
    };
    facts.push(...addConstraintLocks(inline, { on, context, target, command }).facts);
  }
  return { facts, recurse: 'all' };
};

/** Foreign keys that include `column`, from either end: dropping or retyping the column drops (and re-adds) them. */
function foreignKeyEnds(input: SubcommandInput, column: string): { relation: string; key: string }[] {
  const table = input.target.name;
  const ends: { relation: string; key: string }[] = [];
  for (const key of foreignKeysFrom(input.context, table)) {
    if (key.referencedTable && key.columns.includes(column)) ends.push({ relation: key.referencedTable, key: key.name });
  }
  for (const key of foreignKeysTo(input.context, table)) {
    if (!referencedColumnsOf(input.context, key).includes(column)) continue;
    for (const relation of withPartitions(input.context, key.table)) ends.push({ relation, key: key.name });
  }
  return ends;
}

export const dropColumn: SubcommandHandler = ({ command, on, context, target }) => {
  const column = command.name ?? 'a column';
  const cascade = command.behavior === 'DROP_CASCADE';
  const facts: LockFact[] = [on('ACCESS EXCLUSIVE', `DROP COLUMN ${column} (catalog only; the space is reclaimed by later writes)`)];
  // A foreign key on the column goes with it, and so do its triggers on the referenced table.
  for (const key of foreignKeysFrom(context, target.name)) {
    if (key.referencedTable && key.columns.includes(column)) {
      facts.push(lockOn(key.referencedTable, 'ACCESS EXCLUSIVE', `DROP COLUMN ${column} drops foreign key ${key.name} and its triggers there`));
    }
  }
  if (cascade) {
    for (const key of foreignKeysTo(context, target.name)) {
      if (!referencedColumnsOf(context, key).includes(column)) continue;
      for (const relation of withPartitions(context, key.table)) {
        facts.push(lockOn(relation, 'ACCESS EXCLUSIVE', `DROP COLUMN ${column} CASCADE drops foreign key ${key.name} referencing it`));
      }
    }
    for (const view of dependentViewsOf(context, target.name)) {
      facts.push(lockOn(view, 'ACCESS EXCLUSIVE', `DROP COLUMN ... CASCADE drops views using ${column}`, { onlyWhen: `the view uses ${column}` }));
    }
  }
  return { facts, recurse: 'all' };
};

export const alterColumnType: SubcommandHandler = (input) => {
  const { command, on, context, target } = input;
  const column = command.name ?? 'a column';
  const definition = command.def?.ColumnDef;
  const before = columnOf(context, target.name, column)?.type;
  const verdict = typeChangeVerdict(before, columnTypeOf(definition?.typeName), definition?.raw_default !== undefined);
  const facts: LockFact[] = [
    on('ACCESS EXCLUSIVE', `ALTER COLUMN ${column} TYPE: ${verdict.why}`, {
      rewrite: verdict.rewrite,
      scan: verdict.rewrite,
      ...(verdict.note ? { note: verdict.note } : {}),
    }),
  ];
  // Foreign keys on the column are dropped and re-created (and checked again) on both tables.
  for (const end of foreignKeyEnds(input, column)) {
    if (end.relation === target.name) continue;
    facts.push(lockOn(end.relation, 'ACCESS EXCLUSIVE', `ALTER COLUMN ${column} TYPE re-creates foreign key ${end.key}`, { scan: true }));
  }
  return { facts, recurse: 'all' };
};

export const setNotNull: SubcommandHandler = ({ command, on, context, target }) => {
  const column = command.name ?? 'a column';
  const skipsScan = setNotNullTrustsValidatedCheck(context.pgVersion) && hasValidatedNotNullCheck(context, target.name, column);
  return {
    facts: [
      on(
        'ACCESS EXCLUSIVE',
        skipsScan ? `SET NOT NULL on ${column}: a validated CHECK (${column} IS NOT NULL) proves it, no scan` : `SET NOT NULL on ${column} checks every row`,
        { scan: !skipsScan },
      ),
    ],
    recurse: 'all',
  };
};

/** From PostgreSQL 18 not-null constraints are catalogued per table: dropping one on a partitioned table leaves the partitions alone. */
export const dropNotNull: SubcommandHandler = ({ command, on, context }) => ({
  facts: [on('ACCESS EXCLUSIVE', `DROP NOT NULL on ${command.name ?? 'a column'} (catalog only)`)],
  recurse: context.pgVersion >= 18 ? 'none' : 'all',
});

export const columnDefault: SubcommandHandler = ({ command, on, context }) => {
  const expression = command.def;
  const facts: LockFact[] = [
    on(
      'ACCESS EXCLUSIVE',
      `${expression === undefined ? 'DROP' : 'SET'} DEFAULT on ${command.name ?? 'a column'} (catalog only; existing rows keep their values)`,
    ),
  ];
  // Seen on PGlite's PostgreSQL 18.6: the sequence a new default depends on is locked; not on the 18.4 build or any older major.
  if (expression !== undefined && context.pgVersion >= 18) {
    for (const sequence of queryRelations(expression).sequences) {
      facts.push(
        lockOn(sequence.name, 'ACCESS SHARE', 'the new DEFAULT depends on this sequence', {
          relationKind: 'sequence',
          onlyWhen: 'the server is a PostgreSQL 18 build that locks what a new default depends on (seen on 18.6, not on 18.4)',
        }),
      );
    }
  }
  return { facts, recurse: 'all' };
};

/** The identity's sequence is named `table_column_seq` by default: SET GENERATED / RESTART alter it, DROP IDENTITY drops it. */
export const setIdentity: SubcommandHandler = ({ command, on, target }) => {
  const column = command.name ?? 'a column';
  return {
    facts: [
      on('ACCESS EXCLUSIVE', `ALTER COLUMN ${column} identity options`),
      lockOn(columnSequenceName(target.name, column), 'SHARE ROW EXCLUSIVE', `ALTER COLUMN ${column} alters the identity's sequence`, {
        relationKind: 'sequence',
        note: "PostgreSQL's default sequence name; an explicitly named sequence differs",
      }),
    ],
    recurse: 'partitions',
  };
};

export const dropIdentity: SubcommandHandler = ({ command, on, target }) => {
  const column = command.name ?? 'a column';
  return {
    facts: [
      on('ACCESS EXCLUSIVE', `DROP IDENTITY on ${column} (catalog only)`),
      lockOn(columnSequenceName(target.name, column), 'ACCESS EXCLUSIVE', `DROP IDENTITY drops the sequence of ${column}`, {
        relationKind: 'sequence',
        note: "PostgreSQL's default sequence name; an explicitly named sequence differs",
      }),
    ],
    recurse: 'partitions',
  };
};
