/**
 * goose: `-- +goose Up` / `-- +goose Down` sections of one file, bodies with
 * semicolons inside between `StatementBegin`/`End`; `-- +goose NO
 * TRANSACTION` anywhere runs the whole file outside a transaction.
 */

import { readSections, sectionConvention, upIsForward } from './support/markedSections';
import { oneFileWriter } from './support/phaseNaming';

const MARKERS = {
  line: /^--\s*\+goose\s+(Up|Down)\b(.*)$/gim,
  role: upIsForward,
  noTransaction: (_options: string, wholeText: string) => /^--\s*\+goose\s+NO\s+TRANSACTION\b/im.test(wholeText),
};

export const goose = sectionConvention('goose', /^--\s*\+goose\s+Up\b/im, (text) => readSections(text, MARKERS), {
  bookkeeping: {
    tables: ['goose_db_version'],
    createSql:
      'CREATE TABLE IF NOT EXISTS goose_db_version (id serial PRIMARY KEY, version_id bigint NOT NULL, is_applied boolean NOT NULL, tstamp timestamp DEFAULT now())',
  },
  outsideTransaction: 'put it in a migration of its own that starts with -- +goose NO TRANSACTION',
  reverseInFile: { marker: '-- +goose Down' },
  phaseWriter: oneFileWriter({
    fileHeader: (outside) => (outside ? '-- +goose NO TRANSACTION\n' : ''),
    up: () => '-- +goose Up',
    down: () => '-- +goose Down',
    block: ['-- +goose StatementBegin', '-- +goose StatementEnd'],
  }),
});
