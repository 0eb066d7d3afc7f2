/**
 * The enum swap (a new type with more values, columns moved to it through
 * text, the old type dropped and the new one renamed): its reverse draft
 * swaps back (round-tripped on PostgreSQL in test/pg/deterministicReverse*),
 * a down that does is complete, and one that does not is told the net
 * effect: values added to the type.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeFileText } from '../helpers/lintText';
import { runCli } from '../helpers/runCli';

const HISTORY = {
  'migrations/1_create.up.sql':
    "CREATE TYPE status AS ENUM ('open', 'paid');\nCREATE TABLE orders (id bigint PRIMARY KEY, status status NOT NULL DEFAULT 'open');\n",
  'migrations/1_create.down.sql': 'DROP TABLE orders;\nDROP TYPE status;\n',
};
const SWAP =
  "SET lock_timeout = '5s';\nCREATE TYPE status_new AS ENUM ('open', 'paid', 'refunded');\nALTER TABLE orders ALTER COLUMN status DROP DEFAULT;\n" +
  "ALTER TABLE orders ALTER COLUMN status TYPE status_new USING status::text::status_new;\nALTER TABLE orders ALTER COLUMN status SET DEFAULT 'open';\n" +
  'DROP TYPE status;\nALTER TYPE status_new RENAME TO status;\n';

async function pairFindings(down: string): Promise<string[]> {
  const { findings } = await analyzeFileText('migrations/2_swap.up.sql', SWAP, { otherFiles: { ...HISTORY, 'migrations/2_swap.down.sql': down } });
  return findings.filter((finding) => finding.ruleId.startsWith('reverse-')).map((finding) => finding.message);
}

test('the reverse draft swaps back, and as the down it leaves nothing undone', async () => {
  const { root } = await analyzeFileText('migrations/2_swap.up.sql', SWAP, { otherFiles: HISTORY });
  const drafted = runCli(['reverse', path.join(root, 'migrations', '2_swap.up.sql')], { cwd: root });
  assert.equal(drafted.status, 0, drafted.stderr);
  const statements = drafted.stdout.split('\n').filter((line) => line && !line.startsWith('--'));
  assert.deepEqual(statements, [
    "SET lock_timeout = '5s';",
    'ALTER TYPE status RENAME TO status_new;',
    "CREATE TYPE status AS ENUM ('open', 'paid');",
    'ALTER TABLE orders ALTER COLUMN status DROP DEFAULT;',
    'ALTER TABLE orders ALTER COLUMN status TYPE status USING status::text::status;',
    "ALTER TABLE orders ALTER COLUMN status SET DEFAULT 'open';",
    'DROP TYPE status_new;',
  ]);
  assert.deepEqual(await pairFindings(`${statements.join('\n')}\n`), []);
});

test('a down that does not swap back is told the net effect: values added to the type', async () => {
  const messages = await pairFindings("SET lock_timeout = '5s';\nALTER TABLE orders ALTER COLUMN status SET DEFAULT 'open';\n");
  assert.ok(
    messages.some((message) => message === `The forward changes type "status" (adds 'refunded'), which the reverse does not undo`),
    messages.join('\n'),
  );
  assert.ok(!messages.some((message) => /drops type status|status_new/.test(message)), messages.join('\n'));
});
