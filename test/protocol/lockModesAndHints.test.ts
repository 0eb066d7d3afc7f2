import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { lspSuite } from '../helpers/lspSession';

function markdownOf(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover, got null');
  return (hover.contents as MarkupContent).value;
}

const TEXT = [
  '-- Takes ShareRowExclusiveLock on both tables; ACCESS EXCLUSIVE would be worse.', // 0
  "SET lock_timeout = '5s';", // 1
  'LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE;', // 2
  'CREATE TABLE fresh (id bigint);', // 3
  'CREATE INDEX fresh_idx ON fresh (id);', // 4
  'ALTER TABLE events ADD COLUMN token uuid DEFAULT gen_random_uuid();', // 5
  '',
].join('\n');

describe('lock mode hovers and inlay hints', () => {
  const suite = lspSuite({ 'migrations/0001_create_events.sql': 'CREATE TABLE events (id bigint PRIMARY KEY);\n' });
  let uri: string;

  before(async () => {
    uri = suite.session.uriOf('migrations/0002_locks.sql');
    suite.session.open(uri, TEXT, 1);
    await suite.session.waitForDiagnostics(uri);
  });

  test('hovering a mode in LOCK TABLE shows that mode, not the statement', async () => {
    const character = 'LOCK TABLE events IN SHARE ROW '.length;
    const hover = await suite.session.hover(uri, { line: 2, character });
    const markdown = markdownOf(hover);
    assert.match(markdown, /^\*\*SHARE ROW EXCLUSIVE\*\*/);
    assert.match(markdown, /Taken by: CREATE TRIGGER/);
    assert.match(markdown, /Conflicts with: ROW EXCLUSIVE, SHARE UPDATE EXCLUSIVE, SHARE, SHARE ROW EXCLUSIVE, EXCLUSIVE, ACCESS EXCLUSIVE/);
    assert.deepEqual(hover!.range, { start: { line: 2, character: 21 }, end: { line: 2, character: 40 } });
  });

  test('mode names in comments, including pg_locks spelling, are hoverable', async () => {
    const camel = markdownOf(await suite.session.hover(uri, { line: 0, character: '-- Takes Share'.length }));
    assert.match(camel, /^\*\*SHARE ROW EXCLUSIVE\*\*/);
    const spaced = markdownOf(await suite.session.hover(uri, { line: 0, character: TEXT.split('\n')[0]!.indexOf('EXCLUSIVE would') }));
    assert.match(spaced, /^\*\*ACCESS EXCLUSIVE\*\* \(pg_locks: `AccessExclusiveLock`\)/);
    assert.match(spaced, /Blocks reads \(SELECT\)/);
  });

  test('statement hover says how long the lock is held and the safer way', async () => {
    const markdown = markdownOf(await suite.session.hover(uri, { line: 5, character: 3 }));
    assert.match(markdown, /· ACCESS EXCLUSIVE on `events` \(rewrite\)$/m);
    assert.match(markdown, /held while the whole table is rewritten/);
  });

  test('inlay hints show the strongest lock on existing tables only', async () => {
    const hints = await suite.session.inlayHints(uri, { start: { line: 0, character: 0 }, end: { line: 7, character: 0 } });
    assert.ok(hints);
    const labels = hints.map((hint) => [hint.position.line, hint.label]);
    assert.deepEqual(labels, [
      [2, 'SHARE ROW EXCLUSIVE events'],
      [5, 'ACCESS EXCLUSIVE events · rewrite'],
    ]);
  });
});
