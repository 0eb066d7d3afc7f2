/**
 * The phases for the recognised changes of one naive migration, in the
 * standard expand / backfill / index / validate / contract order:
 *
 * 1. expand: new columns nullable, and a `CHECK (col IS NOT NULL) NOT VALID`
 *    for each column that must become NOT NULL (no scan, brief lock);
 * 2. backfills, outside the migrations, in batches;
 * 3. each index built CONCURRENTLY, a migration of its own;
 * 4. validate the checks, and the FOREIGN KEY and CHECK constraints the
 *    naive migration added validated (added NOT VALID in phase 1);
 * 5. contract: SET NOT NULL (the validated check spares the scan) and drop
 *    the check.
 *
 * A column added NOT NULL with a non-volatile default needs no phases on
 * PostgreSQL 11+ (the default is stored in the catalog, not written into
 * each row; the lock knowledge base decides volatility).
 */

import type { SchemaModel } from '../migrations/schemaModel';
import { quoteName, quoteQualified } from '../sql/quoteIdentifier';
import { backfillScript } from './backfillScript';
import type { Backfill, ChangePlan, Phase } from './changePlan';
import type { Change } from './recogniseChanges';

export interface PhaseOptions {
  /** `table.column` (or `column`) → the expression a backfill sets it to. */
  backfillValues: ReadonlyMap<string, string>;
  batchSize: number;
  pauseMs: number;
  pgVersion: number;
  source: string;
}

const LOCK_TIMEOUT = "SET lock_timeout = '5s';";

function checkName(table: string, column: string): string {
  return `${table.split('.').at(-1)}_${column}_not_null`;
}

function primaryKeyOf(schema: SchemaModel, table: string): { column: string; type: string } | undefined {
  const key = schema.constraintsOf(table).find((constraint) => constraint.kind === 'primary key' && constraint.columns.length === 1);
  const column = key?.columns[0];
  const type = column ? schema.column(table, column)?.type?.display : undefined;
  return column && type ? { column, type } : undefined;
}

export function planPhases(changes: readonly Change[], schema: SchemaModel, options: PhaseOptions): ChangePlan {
  const expandForward: string[] = [];
  const expandReverse: string[] = [];
  const notNull: { table: string; column: string; defaultSql?: string }[] = [];
  const indexes: Phase[] = [];
  /** Foreign keys added NOT VALID, each in a phase of its own. */
  const foreignKeys: Phase[] = [];
  /** Columns dropped last, after the release that stopped using them. */
  const drops: Phase[] = [];
  /** Constraints added NOT VALID in the expand phase, validated later. */
  const validations: { table: string; name: string }[] = [];
  const openQuestions: string[] = [];

  for (const change of changes) {
    switch (change.kind) {
      case 'add-column': {
        const table = quoteQualified(change.table);
        const column = quoteName(change.column);
        const instant = change.notNull && change.defaultSql !== undefined && !change.volatileDefault && options.pgVersion >= 11;
        const definition = `${column} ${change.type}${change.defaultSql ? ` DEFAULT ${change.defaultSql}` : ''}${instant ? ' NOT NULL' : ''}`;
        expandForward.push(`ALTER TABLE ${table} ADD COLUMN ${definition};`);
        expandReverse.unshift(
          `-- ${change.column} is new in this phase: what was written to it since goes with it.\n-- fearless-ignore data-loss-in-pair\nALTER TABLE ${table} DROP COLUMN ${column};`,
        );
        if (change.notNull && !instant) notNull.push({ table: change.table, column: change.column, ...(change.defaultSql ? { defaultSql: change.defaultSql } : {}) });
        break;
      }
      case 'set-not-null':
        if (!notNull.some((entry) => entry.table === change.table && entry.column === change.column)) notNull.push({ table: change.table, column: change.column });
        break;
      case 'create-index':
        indexes.push({
          slug: `index_${change.name}_concurrently`,
          summary: `Builds ${change.name} on ${change.table} with CONCURRENTLY: writes go on while it builds (SHARE UPDATE EXCLUSIVE).`,
          forward: `${change.sql};\n`,
          reverse: `DROP INDEX CONCURRENTLY IF EXISTS ${quoteQualified(change.name)};\n`,
          outsideTransaction: true,
          release: 'After the phases before it (and their backfills): no application change depends on it.',
        });
        break;
      case 'add-constraint': {
        const add = `ALTER TABLE ${quoteQualified(change.table)} ADD ${change.definition} NOT VALID;`;
        const drop = `ALTER TABLE ${quoteQualified(change.table)} DROP CONSTRAINT IF EXISTS ${quoteName(change.name)};`;
        if (/\bFOREIGN\s+KEY\b/i.test(change.definition)) {
          // A foreign key locks the referenced table too (dropping it takes ACCESS EXCLUSIVE on both): a migration of its own.
          foreignKeys.push({
            slug: `add_${change.name}_not_valid`,
            summary: `Adds the foreign key ${change.name} NOT VALID: enforced for new rows at once, existing rows checked later. Brief SHARE ROW EXCLUSIVE on both tables, bounded by lock_timeout.`,
            forward: `${LOCK_TIMEOUT}\n${add}\n`,
            reverse: `${LOCK_TIMEOUT}\n${drop}\n`,
            release: 'Before the release that relies on the reference; the application must already write valid references.',
          });
        } else {
          expandForward.push(add);
          expandReverse.unshift(drop);
        }
        validations.push({ table: change.table, name: change.name });
        break;
      }
      case 'drop-column': {
        const table = quoteQualified(change.table);
        const column = quoteName(change.column);
        const existing = schema.column(change.table, change.column);
        const restorable = existing?.type && (!existing.notNull || existing.defaultSql !== undefined);
        if (!restorable) {
          openQuestions.push(
            existing?.type
              ? `The reverse of dropping ${change.table}.${change.column} adds it back nullable: NOT NULL without a default cannot come back with rows in the table.`
              : `The history does not say what ${change.table}.${change.column} was: its reverse is left to you.`,
          );
        }
        const back = existing?.type
          ? `ALTER TABLE ${table} ADD COLUMN ${column} ${existing.type.display}${existing.defaultSql ? ` DEFAULT ${existing.defaultSql}` : ''}${restorable && existing.notNull ? ' NOT NULL' : ''};`
          : `-- TODO: add ${change.table}.${change.column} back as it was.`;
        const lost = [...schema.indexesOf(change.table), ...schema.constraintsOf(change.table)].filter((item) => item.columns.includes(change.column));
        for (const item of lost) openQuestions.push(`Dropping ${change.table}.${change.column} drops ${item.name} too; its reverse does not rebuild it.`);
        drops.push({
          slug: `drop_${change.column}`,
          summary: `Drops ${change.table}.${change.column}. Only after the release that no longer reads or writes it is fully deployed.`,
          forward: `${LOCK_TIMEOUT}\n-- After the release that no longer reads or writes ${change.table}.${change.column} is fully deployed; its data goes with it (the plan's point of no return).\n-- fearless-ignore drop-column, data-loss-in-pair\nALTER TABLE ${table} DROP COLUMN ${column};\n`,
          reverse: `${LOCK_TIMEOUT}\n${back}\n`,
          release: `After the release that stopped using ${change.column}: no running instance may still read or write it.`,
          pointOfNoReturn: `Dropping ${change.column} loses its data: the reverse adds the column back empty.`,
        });
        break;
      }
      case 'keep':
        expandForward.push(`${change.sql};`);
        expandReverse.unshift(`-- TODO: undo "${change.sql.replace(/\s+/g, ' ').slice(0, 80)}" (the planner keeps it as written and cannot prove its reverse).`);
        openQuestions.push(`Kept as written, without a proven reverse: ${change.sql.replace(/\s+/g, ' ')}`);
        break;
    }
  }

  for (const { table, column } of notNull) {
    validations.push({ table, name: checkName(table, column) });
    expandForward.push(`ALTER TABLE ${quoteQualified(table)} ADD CONSTRAINT ${quoteName(checkName(table, column))} CHECK (${quoteName(column)} IS NOT NULL) NOT VALID;`);
    expandReverse.unshift(`ALTER TABLE ${quoteQualified(table)} DROP CONSTRAINT IF EXISTS ${quoteName(checkName(table, column))};`);
  }

  const phases: Phase[] = [];
  if (expandForward.length > 0) {
    phases.push({
      slug:
        notNull.length > 0
          ? `add_${notNull.map((entry) => entry.column).join('_')}_nullable`
          : validations.length > foreignKeys.length
            ? `add_${validations.filter((entry) => !foreignKeys.some((phase) => phase.slug === `add_${entry.name}_not_valid`)).map((entry) => entry.name).join('_')}_not_valid`
            : 'expand',
      summary: `${notNull.length > 0 ? 'Adds the new columns nullable and a NOT VALID check that they are set (new rows must set them; existing rows are not scanned).' : 'Adds the changes that need no scan.'}${validations.length > notNull.length ? ' Constraints come NOT VALID: enforced for new rows, existing ones checked later.' : ''} Brief locks, bounded by lock_timeout.`,
      forward: `${LOCK_TIMEOUT}\n${expandForward.join('\n')}\n`,
      reverse: `${LOCK_TIMEOUT}\n${expandReverse.join('\n')}\n`,
      release: notNull.length > 0 ? 'Before the release that writes the new columns: from then on every new row must set them (the check says so).' : 'Before the release that uses the new columns.',
    });
  }

  const backfills: Backfill[] = [];
  for (const entry of notNull) {
    const value = options.backfillValues.get(`${entry.table}.${entry.column}`) ?? options.backfillValues.get(entry.column) ?? entry.defaultSql;
    const key = primaryKeyOf(schema, entry.table);
    if (!value) {
      openQuestions.push(`What should existing rows of ${entry.table} get in ${entry.column}? Give it with --backfill ${entry.table}.${entry.column}=EXPR; until then the validation fails on a table with rows.`);
      continue;
    }
    if (!key) {
      openQuestions.push(`${entry.table} has no single-column primary key to page the backfill of ${entry.column} by.`);
      continue;
    }
    backfills.push({
      slug: `backfill_${entry.table.split('.').at(-1)}_${entry.column}`,
      table: entry.table,
      column: entry.column,
      value,
      afterPhase: 0,
      script: backfillScript({ table: entry.table, column: entry.column, value, primaryKey: key.column, primaryKeyType: key.type, batchSize: options.batchSize, pauseMs: options.pauseMs }),
    });
  }

  phases.push(...foreignKeys, ...indexes);

  if (validations.length > 0) {
    phases.push({
      slug:
        validations.length === notNull.length
          ? `validate_${notNull.map((entry) => entry.column).join('_')}_not_null`
          : validations.length === 1
            ? `validate_${validations[0]!.name}`
            : 'validate_constraints',
      summary: 'Validates the constraints: reads every row, but under SHARE UPDATE EXCLUSIVE, so reads and writes go on.',
      forward: `${validations.map(({ table, name }) => `ALTER TABLE ${quoteQualified(table)} VALIDATE CONSTRAINT ${quoteName(name)};`).join('\n')}\n`,
      reverse: '-- Validation changes no schema object: there is nothing to undo.\nSELECT 1;\n',
      release: backfills.length > 0 ? 'After the backfill has finished (its progress query shows 0 remaining).' : 'Any time after the first phase, once existing rows satisfy the constraints.',
    });
  }
  if (notNull.length > 0) {
    phases.push({
      slug: `set_${notNull.map((entry) => entry.column).join('_')}_not_null`,
      summary: 'Sets NOT NULL, which the validated check lets PostgreSQL do without a scan, and drops the check.',
      forward: `${LOCK_TIMEOUT}\n${notNull
        .map(({ table, column }) => `ALTER TABLE ${quoteQualified(table)} ALTER COLUMN ${quoteName(column)} SET NOT NULL;\nALTER TABLE ${quoteQualified(table)} DROP CONSTRAINT ${quoteName(checkName(table, column))};`)
        .join('\n')}\n`,
      // The check comes back NOT VALID: validating it again would scan the table inside a rollback.
      reverse: `${LOCK_TIMEOUT}\n${notNull
        .map(
          ({ table, column }) =>
            `ALTER TABLE ${quoteQualified(table)} ADD CONSTRAINT ${quoteName(checkName(table, column))} CHECK (${quoteName(column)} IS NOT NULL) NOT VALID;\nALTER TABLE ${quoteQualified(table)} ALTER COLUMN ${quoteName(column)} DROP NOT NULL;`,
        )
        .join('\n')}\n`,
      release: 'Any time after the validation. From here on the column is NOT NULL in the catalog too.',
    });
  }

  phases.push(...drops);
  return { source: options.source, phases, backfills, openQuestions };
}
