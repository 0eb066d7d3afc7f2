/**
 * Keeping a new column in step with an old one while both exist: a BEFORE
 * INSERT OR UPDATE trigger. One way (a type change: the application only
 * writes the old column until the swap) or both ways (a rename: the old
 * release writes the old name, the new release the new one, during the
 * same deploy).
 */

import { schemaPrefixOf } from '../sql/astNames';
import { quoteName, quoteQualified } from '../sql/quoteIdentifier';

export interface ColumnSync {
  table: string;
  from: string;
  to: string;
  twoWay: boolean;
}

export function syncName(sync: ColumnSync): string {
  return `${sync.table.split('.').at(-1)}_${sync.to}_sync`;
}

function body(sync: ColumnSync): string {
  const from = `NEW.${quoteName(sync.from)}`;
  const to = `NEW.${quoteName(sync.to)}`;
  if (!sync.twoWay) return `  ${to} := ${from};\n  RETURN NEW;`;
  // Whichever column the writing release set wins; an UPDATE that left the new column alone came from the old release.
  return [
    `  IF TG_OP = 'INSERT' THEN`,
    `    IF ${to} IS NULL THEN ${to} := ${from}; ELSE ${from} := ${to}; END IF;`,
    `  ELSIF ${to} IS DISTINCT FROM OLD.${quoteName(sync.to)} THEN`,
    `    ${from} := ${to};`,
    '  ELSE',
    `    ${to} := ${from};`,
    '  END IF;',
    '  RETURN NEW;',
  ].join('\n');
}

export function createSyncSql(sync: ColumnSync, pgVersion: number): string {
  const fn = quoteQualified(`${schemaPrefixOf(sync.table)}${syncName(sync)}`);
  return [
    `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $sync$`,
    'BEGIN',
    body(sync),
    'END',
    '$sync$;',
    `CREATE TRIGGER ${quoteName(syncName(sync))} BEFORE INSERT OR UPDATE ON ${quoteQualified(sync.table)}`,
    `  FOR EACH ROW EXECUTE ${pgVersion >= 11 ? 'FUNCTION' : 'PROCEDURE'} ${fn}();`,
  ].join('\n');
}

export function dropSyncSql(sync: ColumnSync): string {
  return `DROP TRIGGER ${quoteName(syncName(sync))} ON ${quoteQualified(sync.table)};\nDROP FUNCTION ${quoteQualified(`${schemaPrefixOf(sync.table)}${syncName(sync)}`)}();`;
}
