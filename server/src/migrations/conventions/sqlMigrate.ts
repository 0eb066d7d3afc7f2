/** sql-migrate: `-- +migrate Up` / `-- +migrate Down` sections of one file, each in a transaction unless marked `notransaction`. */

import { readSections, sectionConvention, upIsForward } from './support/markedSections';
import { oneFileWriter } from './support/phaseNaming';

const MARKERS = {
  line: /^--\s*\+migrate\s+(Up|Down)\b(.*)$/gim,
  role: upIsForward,
  noTransaction: (options: string) => /\bnotransaction\b/i.test(options),
};

export const sqlMigrate = sectionConvention('sql-migrate', /^--\s*\+migrate\s+Up\b/im, (text) => readSections(text, MARKERS), {
  bookkeeping: { tables: ['gorp_migrations'], createSql: 'CREATE TABLE IF NOT EXISTS gorp_migrations (id text NOT NULL PRIMARY KEY, applied_at timestamptz)' },
  outsideTransaction: 'put it in a migration of its own whose marker is -- +migrate Up notransaction',
  reverseInFile: { marker: '-- +migrate Down' },
  phaseWriter: oneFileWriter({
    up: (outside) => `-- +migrate Up${outside ? ' notransaction' : ''}`,
    down: (outside) => `-- +migrate Down${outside ? ' notransaction' : ''}`,
    block: ['-- +migrate StatementBegin', '-- +migrate StatementEnd'],
  }),
});
