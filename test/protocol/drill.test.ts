/**
 * `fearless/drill` over stdio against the real server: the pair behind a
 * document is drilled on PGlite; the verdict shows in the pair's code lens,
 * and a statement that fails in the drill gets a diagnostic until its file
 * changes.
 */

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import type { DrillRequestResult } from '../../server/src/protocol/drill';
import type { ReviewRequestResult } from '../../server/src/protocol/review';
import { lspSuite } from '../helpers/lspSession';

process.env['FEARLESS_CACHE_DIR'] ??= path.join(os.tmpdir(), 'fearless-test-cache');

describe('rollback drills over stdio', () => {
  const suite = lspSuite(
    {
      'migrations/1_create.up.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, note text);\n',
      'migrations/1_create.down.sql': 'DROP TABLE events;\n',
      'migrations/2_index.up.sql': 'CREATE INDEX events_note_idx ON events (note);\n',
      'migrations/2_index.down.sql': 'SELECT 1;\n',
      'migrations/3_broken.up.sql': "SET lock_timeout = '5s';\nALTER TABLE events ADD COLUMN kind text;\nALTER TABLE missing_table ADD COLUMN x int;\n",
      'migrations/3_broken.down.sql': 'ALTER TABLE events DROP COLUMN kind;\n',
    },
    { initializationOptions: { editorCommands: ['fearless.runDrill'] } },
  );
  const drill = (file: string): Promise<DrillRequestResult> =>
    suite.session.request<DrillRequestResult>('fearless/drill', { textDocument: { uri: suite.session.uriOf(file) } }, 60_000);

  test('a correct pair passes; its lens says so', async () => {
    const uri = suite.session.uriOf('migrations/1_create.up.sql');
    suite.session.open(uri, 'CREATE TABLE events (id bigint PRIMARY KEY, note text);\n', 1);
    await suite.session.waitForDiagnostics(uri);
    assert.deepEqual(
      (await suite.session.codeLenses(uri))!.map((lens) => lens.command?.title).filter((title) => /drill/.test(title ?? '')),
      ['▶ Run rollback drill'],
    );
    const result = await drill('migrations/1_create.up.sql');
    assert.equal(result.drill!.verdict, 'pass');
    assert.match(result.markdown, /^## Drill: migrations\/1_create\.up\.sql ↔ migrations\/1_create\.down\.sql: PASS$/m);
    const lens = (await suite.session.codeLenses(uri))!.find((candidate) => /drill/.test(candidate.command?.title ?? ''));
    assert.match(lens!.command!.title ?? '', /^✓ rollback drill passed \(\d\d:\d\d\) · run again$/);
    assert.equal(lens!.command!.command, 'fearless.runDrill');
  });

  test('a reverse that forgets the index fails, naming it', async () => {
    const result = await drill('migrations/2_index.down.sql');
    assert.equal(result.drill!.verdict, 'fail');
    assert.ok(
      result.drill!.reverseDiff!.extra.some((line) => /events_note_idx/.test(line)),
      JSON.stringify(result.drill!.reverseDiff),
    );
  });

  test('the statement that fails gets a diagnostic, gone once the file changes', async () => {
    const uri = suite.session.uriOf('migrations/3_broken.up.sql');
    const text = "SET lock_timeout = '5s';\nALTER TABLE events ADD COLUMN kind text;\nALTER TABLE missing_table ADD COLUMN x int;\n";
    suite.session.open(uri, text, 1);
    await suite.session.waitForDiagnostics(uri);
    const result = await drill('migrations/3_broken.up.sql');
    assert.equal(result.drill!.verdict, 'fail');
    assert.equal(result.drill!.steps[1]!.name, 'forward');
    assert.match(result.drill!.steps[1]!.detail, /relation "missing_table" does not exist/);
    const published = await suite.session.waitForDiagnostics(uri, (params) => params.diagnostics.some((diagnostic) => diagnostic.code === 'drill-failed'));
    const failed = published.diagnostics.find((diagnostic) => diagnostic.code === 'drill-failed')!;
    assert.equal(failed.range.start.line, 2);
    assert.match(String(failed.message), /^The rollback drill's forward step failed here: relation "missing_table" does not exist/);
    suite.session.change(uri, 2, [{ text: text.replace('missing_table', 'events') }]);
    const after = await suite.session.waitForDiagnostics(uri);
    assert.deepEqual(
      after.diagnostics.filter((diagnostic) => diagnostic.code === 'drill-failed'),
      [],
    );
  });

  test('fearless/review answers the checklist for the pair behind a reverse file, drilled', async () => {
    const result = await suite.session.request<ReviewRequestResult>(
      'fearless/review',
      { textDocument: { uri: suite.session.uriOf('migrations/1_create.down.sql') } },
      60_000,
    );
    assert.equal(result.reviews.length, 1);
    assert.match(result.reviews[0]!.forward, /1_create\.up\.sql$/);
    assert.equal(result.reviews[0]!.items.find((item) => item.id === 'drill-passed')!.status, 'pass');
    assert.match(result.markdown, /^# Migration review: 1 of 1 migration ready$/m);
    await assert.rejects(suite.session.request('fearless/review', { textDocument: { uri: 'untitled:Untitled-2' } }), /save the migration to a file/);
  });

  test('an untitled buffer is a plain message', async () => {
    await assert.rejects(suite.session.request('fearless/drill', { textDocument: { uri: 'untitled:Untitled-1' } }), /save the migration to a file/);
  });
});

describe('an untrusted workspace (workspaceTrusted: false)', () => {
  const suite = lspSuite(
    {
      'migrations/1_create.up.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, note text);\n',
      'migrations/1_create.down.sql': 'DROP TABLE events;\n',
    },
    { initializationOptions: { editorCommands: ['fearless.runDrill', 'fearless.generateReverse'], workspaceTrusted: false } },
  );

  test('drills and reviews are refused with a plain message; diagnostics still come; the lens offers no drill', async () => {
    const uri = suite.session.uriOf('migrations/1_create.up.sql');
    suite.session.open(uri, 'CREATE TABLE events (id bigint PRIMARY KEY, note text);\n', 1);
    await suite.session.waitForDiagnostics(uri);
    const titles = (await suite.session.codeLenses(uri))!.map((lens) => lens.command?.title ?? '');
    assert.ok(titles.length > 0, 'the pair lens is still there');
    assert.deepEqual(
      titles.filter((title) => /drill/.test(title)),
      [],
    );
    for (const request of ['fearless/drill', 'fearless/review', 'fearless/shadow']) {
      await assert.rejects(suite.session.request(request, { textDocument: { uri } }), /off until you trust the workspace \(Restricted Mode\)/);
    }
  });
});
