/**
 * Whole tables: a rename that the running release survives (the table
 * takes its new name and a simple view keeps the old one readable and
 * writable until the release that uses the new name is out), and a drop
 * moved to the last phase, after the release that stopped using the table,
 * with the table recreated (empty) by its reverse.
 */

import type { SchemaModel } from '../schema/schemaModel';
import { bareName } from '../sql/astNames';
import { quoteName, quoteQualified } from '../sql/quoteIdentifier';
import { tableDefinitionSql } from './tableDefinition';
import { LOCK_TIMEOUT, type PhaseBuckets } from './phaseBuckets';
import type { Change } from './recogniseChanges';

export function planTableRename(buckets: PhaseBuckets, change: Extract<Change, { kind: 'rename-table' }>): void {
  const from = quoteQualified(change.from);
  const to = quoteQualified(change.to);
  const view = `CREATE VIEW ${from} AS SELECT * FROM ${to};`;
  buckets.standalone.push({
    slug: `rename_${bareName(change.from)}_to_${bareName(change.to)}`,
    summary: `Renames ${change.from} to ${change.to} and leaves a view under the old name: the running release keeps reading and writing through it (a simple view is updatable). Brief ACCESS EXCLUSIVE lock, bounded by lock_timeout.`,
    forward: `${LOCK_TIMEOUT}\n-- The view below keeps the old name working for the release that still uses it.\n-- fearless-ignore rename-table\nALTER TABLE ${from} RENAME TO ${quoteName(bareName(change.to))};\n${view}\n`,
    reverse: `${LOCK_TIMEOUT}\nDROP VIEW ${from};\nALTER TABLE ${to} RENAME TO ${quoteName(bareName(change.from))};\n`,
    release: `Before the release that uses ${change.to}. Columns added to ${change.to} from here on are not in the view: finish the move before the next schema change to it.`,
  });
  buckets.drops.push({
    slug: `drop_view_${bareName(change.from)}`,
    summary: `Drops the view ${change.from} that kept the old name working.`,
    forward: `${LOCK_TIMEOUT}\nDROP VIEW ${from};\n`,
    reverse: `${LOCK_TIMEOUT}\n${view}\n`,
    release: `After the release that uses only ${change.to} is fully deployed: no running instance may still use ${change.from}.`,
  });
}

export function planTableDrop(buckets: PhaseBuckets, change: Extract<Change, { kind: 'drop-table' }>, schema: SchemaModel): void {
  const definition = tableDefinitionSql(schema, change.table);
  const reverse = definition?.statements ?? [`-- TODO: recreate ${change.table} as it was.`];
  const missing = definition?.missing ?? [`the migrations before this one do not say what ${change.table} is.`];
  for (const reason of missing) {
    reverse.push(`-- TODO: ${reason}`);
    buckets.openQuestions.push(`The reverse of dropping ${change.table} is incomplete: ${reason}`);
  }
  buckets.drops.push({
    slug: `drop_${bareName(change.table)}`,
    summary: `Drops ${change.table}. Only after the release that no longer reads or writes it is fully deployed.`,
    forward: `${LOCK_TIMEOUT}\n-- After the release that no longer uses ${change.table} is fully deployed; its rows go with it (the plan's point of no return).\n-- fearless-ignore drop-table, data-loss-in-pair\n${change.statement.text.replace(/;\s*$/, '')};\n`,
    reverse: `${LOCK_TIMEOUT}\n${reverse.join('\n')}\n`,
    release: `After the release that stopped using ${change.table}: no running instance may still read or write it.`,
    pointOfNoReturn: `Dropping ${change.table} loses its rows: the reverse recreates it empty.`,
  });
}
