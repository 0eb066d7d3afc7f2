/**
 * `fearless/shadow` over stdio against the real server: a capture replayed
 * against the migration behind a document, with the report as the CLI's
 * JSON and as Markdown; plain messages for a missing capture and bad
 * options.
 */

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ShadowRequestResult } from '../../server/src/protocol/shadow';
import { lspSuite } from '../helpers/lspSession';

process.env['FEARLESS_CACHE_DIR'] ??= path.join(os.tmpdir(), 'fearless-test-cache');

describe('shadow tests over stdio', () => {
  const suite = lspSuite({
    'migrations/1_create.up.sql': "CREATE TABLE accounts (id bigint PRIMARY KEY, status text NOT NULL DEFAULT 'active');\n",
    'migrations/1_create.down.sql': 'DROP TABLE accounts;\n',
    'migrations/2_default.up.sql': "ALTER TABLE accounts ALTER COLUMN status SET DEFAULT 'pending';\n",
    'migrations/2_default.down.sql': "ALTER TABLE accounts ALTER COLUMN status SET DEFAULT 'active';\n",
    'capture.sql': 'SELECT count(*) FROM accounts;\nINSERT INTO accounts (id) VALUES (100) RETURNING status;\nSELECT id, status FROM accounts ORDER BY id;\n',
  });
  const shadow = (params: Record<string, unknown>): Promise<ShadowRequestResult> =>
    suite.session.request<ShadowRequestResult>(
      'fearless/shadow',
      { textDocument: { uri: suite.session.uriOf('migrations/2_default.up.sql') }, ...params },
      60_000,
    );

  test('the capture is replayed before and after the migration; the changed default is found', async () => {
    const result = await shadow({ capture: path.join(suite.root, 'capture.sql'), rowsPerTable: 3 });
    const report = result.report as {
      migration: string;
      capture: string;
      summary: Record<string, number>;
      queries: { sql: string; differences: { kind: string }[] }[];
    };
    assert.equal(report.migration, path.join('migrations', '2_default.up.sql'));
    assert.equal(report.capture, 'capture.sql');
    assert.deepEqual([...new Set((report.queries as unknown as { file: string }[]).map((query) => query.file))], ['capture.sql']);
    assert.equal(report.summary['replayed'], 3);
    assert.deepEqual(
      report.queries.filter((query) => query.differences.length > 0).map((query) => query.sql),
      ['INSERT INTO accounts (id) VALUES (100) RETURNING status'],
    );
    assert.match(result.markdown, /^# Shadow test: migrations\/2_default\.up\.sql$/m);
    assert.match(result.markdown, /\| \(active\) \| \(pending\) \|/);
  });

  test('a file URI for the capture works too', async () => {
    const result = await shadow({ capture: `file://${path.join(suite.root, 'capture.sql')}`, limit: 1 });
    assert.equal((result.report as { summary: Record<string, number> }).summary['replayed'], 1);
  });

  test('a missing capture and bad options are plain messages', async () => {
    await assert.rejects(shadow({ capture: path.join(suite.root, 'nope.log') }), /Fearless: the capture .*nope\.log does not exist/);
    await assert.rejects(shadow({ capture: '' }), /choose a capture file/);
    await assert.rejects(shadow({ capture: path.join(suite.root, 'capture.sql'), formatIn: 'xml' }), /unknown capture format xml/);
    await assert.rejects(shadow({ capture: path.join(suite.root, 'capture.sql'), limit: 0 }), /limit must be a whole number/);
  });
});
