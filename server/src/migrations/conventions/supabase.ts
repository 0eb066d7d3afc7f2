/** Supabase: `supabase/migrations/<timestamp>_name.sql`; forward only, each applied as one script. */

import * as path from 'node:path';
import { wholeFile, type Convention } from './convention';
import { flatForwardsBefore } from './support/flatForwards';

export const supabase: Convention = {
  name: 'supabase',
  forwardOnly: true,
  matches: (file) => path.basename(file.directory) === 'migrations' && path.basename(path.dirname(file.directory)) === 'supabase',
  layout: (file) => ({ convention: 'supabase', forwardOnly: true, sections: [wholeFile(file, 'forward', 'implicit', file.name.replace(/\.sql$/, ''))] }),
  counterpart: () => undefined,
  earlierForwards: (file, _role, disk) => flatForwardsBefore(file, disk),
  bookkeeping: { tables: ['supabase_migrations.schema_migrations'] },
  outsideTransaction: 'put it alone in a migration of its own',
};
