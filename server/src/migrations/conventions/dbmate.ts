/** dbmate: `-- migrate:up` / `-- migrate:down` sections of one file, each in a transaction unless marked `transaction:false`. */

import { readSections, sectionConvention, upIsForward } from './support/markedSections';
import { oneFileWriter } from './support/phaseNaming';

const MARKERS = {
  line: /^--\s*migrate:(up|down)\b(.*)$/gim,
  role: upIsForward,
  noTransaction: (options: string) => /\btransaction\s*:\s*false\b/i.test(options),
};

export const dbmate = sectionConvention('dbmate', /^--\s*migrate:up\b/im, (text) => readSections(text, MARKERS), {
  bookkeeping: { tables: ['schema_migrations'], createSql: 'CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(128) PRIMARY KEY)' },
  outsideTransaction: 'put it in a migration of its own whose marker is -- migrate:up transaction:false',
  reverseInFile: { marker: '-- migrate:down' },
  phaseWriter: oneFileWriter({
    up: (outside) => `-- migrate:up${outside ? ' transaction:false' : ''}`,
    down: (outside) => `-- migrate:down${outside ? ' transaction:false' : ''}`,
  }),
});
