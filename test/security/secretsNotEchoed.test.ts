/**
 * The API key echoed back: a Messages API (or a proxy in front of it) that
 * quotes the key in its error, more than once. Only the first occurrence
 * used to be replaced; no occurrence may reach an error, stderr or a report.
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { askClaude, ClaudeUnavailable } from '../../server/src/ai/claudeReverseDraft';
import { REDACTED, redactSecrets } from '../../server/src/secrets';
import { withFakeMessagesApi, type FakeReply } from '../helpers/fakeMessagesApi';
import { runCliAsync, workspace } from '../helpers/runCli';

const KEY = 'sk-ant-test-echoed-key-5e7a';
const ECHO: FakeReply = {
  kind: 'status',
  status: 401,
  type: 'authentication_error',
  message: `invalid x-api-key ${KEY}; you sent ${KEY} (${encodeURIComponent(KEY)})`,
};

test('askClaude: every echo of the key in an error is redacted', async () => {
  await withFakeMessagesApi([ECHO], async ({ baseURL }) => {
    const error = await askClaude('system', 'prompt', { apiKey: KEY, baseURL, maxRetries: 0 }).then(
      () => assert.fail('a 401 is an error'),
      (thrown: unknown) => thrown,
    );
    assert.ok(error instanceof ClaudeUnavailable);
    assert.ok(!error.message.includes(KEY), error.message);
    assert.equal(error.message.split(REDACTED).length - 1, 3, error.message);
    assert.match(error.message, /^the Messages API answered 401: /);
  });
});

test('the CLI: reverse, review and plan with --ai never print the echoed key', async () => {
  const root = workspace({
    'migrations/1_create.up.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, note text);\n',
    'migrations/1_create.down.sql': 'DROP TABLE events;\n',
    'migrations/2_region.up.sql': 'ALTER TABLE events ADD COLUMN region text NOT NULL;\n',
    'migrations/2_region.down.sql': 'ALTER TABLE events DROP COLUMN region;\n',
  });
  const forward = path.join(root, 'migrations', '2_region.up.sql');
  await withFakeMessagesApi([ECHO], async ({ baseURL, requests }) => {
    for (const args of [
      ['reverse', '--ai', forward],
      ['review', '--ai', '--no-drill', forward],
      ['plan', '--ai', '--backfill', "events.region='eu'", forward],
    ]) {
      const before = requests.length;
      const result = await runCliAsync(args, { cwd: root, env: { ANTHROPIC_API_KEY: KEY, ANTHROPIC_BASE_URL: baseURL } });
      assert.ok(requests.length > before, `${args[0]} asked the fake API`);
      assert.ok(!`${result.stdout}${result.stderr}`.includes(KEY), `${args[0]} printed the key: ${result.stderr}`);
      assert.ok(!`${result.stdout}${result.stderr}`.includes(encodeURIComponent(KEY)));
      assert.match(result.stderr, /401/, `${args[0]} says what went wrong`);
    }
  });
});

test('redactSecrets: all occurrences, URL-encoded too, longer secrets first; short values are left alone', () => {
  assert.equal(redactSecrets('a p@ss:word b p%40ss%3Aword c p@ss:word', ['p@ss:word']), `a ${REDACTED} b ${REDACTED} c ${REDACTED}`);
  assert.equal(redactSecrets('key-1234-long and key-1234', ['key-1234', 'key-1234-long']), `${REDACTED} and ${REDACTED}`);
  assert.equal(redactSecrets('a b c', ['a', undefined, '']), 'a b c');
});
