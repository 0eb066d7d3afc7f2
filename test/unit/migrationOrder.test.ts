import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareMigrationNames, isReverseMigration } from '../../server/src/migrations/migrationOrder';
import { MigrationHistory } from '../../server/src/migrations/migrationHistory';
import { workspace } from '../helpers/runCli';
import * as path from 'node:path';

test('digit runs compare as numbers, the rest by code unit', () => {
  const names = ['10_b.up.sql', '2_a.up.sql', '1_z.up.sql', 'V1_1__x.sql', 'V1_10__x.sql', 'V1_2__x.sql', '002_a.sql', '2_a.sql'];
  assert.deepEqual([...names].sort(compareMigrationNames), [
    '1_z.up.sql',
    '002_a.sql',
    '2_a.sql',
    '2_a.up.sql',
    '10_b.up.sql',
    'V1_1__x.sql',
    'V1_2__x.sql',
    'V1_10__x.sql',
  ]);
  assert.equal(compareMigrationNames('2019-02-26-002946_create_user', '2019-02-27-170003_create_community') < 0, true);
});

test('reverse files are recognised', () => {
  for (const name of ['1_x.down.sql', 'down.sql', 'U2__undo.sql', 'x_rollback.sql']) assert.ok(isReverseMigration(name), name);
  for (const name of ['1_x.up.sql', 'up.sql', 'V2__x.sql', 'downtime_fix.sql']) assert.ok(!isReverseMigration(name), name);
});

test('earlier forward migrations: flat folders and dir/up.sql layouts', () => {
  const root = workspace({
    'flat/1_a.up.sql': '',
    'flat/1_a.down.sql': '',
    'flat/2_b.up.sql': '',
    'flat/10_c.up.sql': '',
    'diesel/2020-01-01_a/up.sql': '',
    'diesel/2020-01-01_a/down.sql': '',
    'diesel/2020-02-01_b/up.sql': '',
    'diesel/2020-03-01_c/up.sql': '',
  });
  assert.deepEqual(
    new MigrationHistory(false).historyFiles(path.join(root, 'flat/10_c.up.sql')).map((p) => path.relative(root, p)),
    ['flat/1_a.up.sql', 'flat/2_b.up.sql'],
  );
  assert.deepEqual(
    new MigrationHistory(false).historyFiles(path.join(root, 'diesel/2020-03-01_c/up.sql')).map((p) => path.relative(root, p)),
    ['diesel/2020-01-01_a/up.sql', 'diesel/2020-02-01_b/up.sql'],
  );
});
