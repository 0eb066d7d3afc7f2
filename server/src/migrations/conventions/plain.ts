/**
 * Files no tool is recognised for: plain numbered `.sql` files. With
 * nothing saying otherwise they are taken to run as `psql -f` and most
 * deploy scripts run them: statement by statement, each in its own
 * transaction, unless the file says BEGIN. The transaction-assumed note
 * says so where it matters (transactionMode changes it).
 */

import { isReverseMigration } from '../migrationOrder';
import { wholeFile, type Convention } from './convention';
import { flatForwardsBefore } from './support/flatForwards';

export const plain: Convention = {
  name: 'plain',
  forwardOnly: true,
  assumed: true,
  matches: () => true,
  layout: (file) => ({
    convention: 'plain',
    forwardOnly: true,
    sections: [wholeFile(file, isReverseMigration(file.name) ? 'reverse' : 'forward', 'none', file.name.replace(/\.sql$/, ''))],
  }),
  counterpart: () => undefined,
  earlierForwards: (file, _role, disk) => (isReverseMigration(file.name) ? [] : flatForwardsBefore(file, disk)),
};
