import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Hover, MarkupContent } from 'vscode-languageserver-protocol/node';
import { lspSuite } from '../helpers/lspSession';
import { REPO_ROOT } from '../helpers/paths';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

function markdownOf(hover: Hover | null): string {
  assert.ok(hover, 'expected a hover, got null');
  const contents = hover.contents as MarkupContent;
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

const TEXT = [
  'CREATE INDEX events_tenant_idx ON events (tenant_id);', // line 0
  '', // line 1: blank, between statements
  'CREATE INDEX CONCURRENTLY events_payload_idx ON events (payload);', // line 2
  '',
].join('\n');

describe('hover over stdio', () => {
  const suite = lspSuite({
    'migrations/0001_create_events.sql': 'CREATE TABLE events (id bigint PRIMARY KEY, tenant_id bigint, payload jsonb);\n',
  });
  let uri: string;

  before(async () => {
    uri = suite.session.uriOf('migrations/0002_index.sql');
    suite.session.open(uri, TEXT, 1);
    await suite.session.waitForDiagnostics(uri);
  });

  test('plain CREATE INDEX names the SHARE lock and the table', async () => {
    const hover = await suite.session.hover(uri, { line: 0, character: 20 });
    const markdown = markdownOf(hover);
    assert.match(markdown, /^\*\*CREATE INDEX events_tenant_idx ON\*\* · SHARE on `events` \(scan\)$/m, markdown);
    assert.ok(!markdown.includes('SHARE UPDATE EXCLUSIVE'), markdown);
    assert.match(markdown, /0001_create_events\.sql/, `hover should say where events was created:\n${markdown}`);
    assert.deepEqual(hover!.range, { start: { line: 0, character: 0 }, end: { line: 0, character: TEXT.split('\n')[0]!.length } });
  });

  test('CREATE INDEX CONCURRENTLY names SHARE UPDATE EXCLUSIVE', async () => {
    const markdown = markdownOf(await suite.session.hover(uri, { line: 2, character: 3 }));
    assert.match(markdown, /· SHARE UPDATE EXCLUSIVE on `events` \(scan\)$/m, markdown);
    assert.ok(!/ SHARE on/.test(markdown), markdown);
  });

  test('one compact card: the lock in a line, what waits, the safe way once with its quick fix and the rule page, the table', async () => {
    const markdown = markdownOf(await suite.session.hover(uri, { line: 0, character: 3 }));
    const paragraphs = markdown.split('\n\n');
    // The locks, what waits, one line per finding (index-without-concurrently and lock-timeout-missing), the table.
    assert.equal(paragraphs.length, 5, markdown);
    assert.match(paragraphs[1]!, /^Waits: .*INSERT.*; held while every row is read\. Why: /);
    assert.equal(
      paragraphs[2]!,
      `**Safe way:** Use CREATE INDEX CONCURRENTLY (outside a transaction block). Quick fix: Build the index CONCURRENTLY. ([index-without-concurrently](${pathToFileURL(path.join(REPO_ROOT, 'docs', 'rules', 'index-without-concurrently.md')).href}))`,
    );
    assert.match(paragraphs[3]!, /^\*\*Safe way:\*\* Add SET lock_timeout = '5s'; before it\./);
    assert.match(paragraphs[4]!, /^`events`: existing table, created in `migrations\/0001_create_events\.sql`/);
    // The diagnostic's own text is not repeated: the card says the safe way, the Problems panel says what is wrong.
    const diagnostic = suite.session
      .published(uri)
      .at(-1)!
      .diagnostics.find((candidate) => candidate.code === 'index-without-concurrently')!;
    assert.ok(!markdown.includes(String(diagnostic.message)), markdown);
    // What the popup shows (link targets are not shown) fits a small card.
    const shown = markdown.replace(/\]\([^)]*\)/g, ']');
    assert.ok(shown.length < 750, `${shown.length} characters`);
  });

  test('the hover shows the table as the history left it', async () => {
    const markdown = markdownOf(await suite.session.hover(uri, { line: 0, character: 3 }));
    assert.match(markdown, /existing table, created in `migrations\/0001_create_events\.sql`/, markdown);
    assert.match(markdown, /As the history left it: `id` bigint NOT NULL, `tenant_id` bigint, `payload` jsonb\./, markdown);
  });

  test('hover on a blank line between statements is null', async () => {
    assert.equal(await suite.session.hover(uri, { line: 1, character: 0 }), null);
  });

  test('hover past the end of the document is null', async () => {
    assert.equal(await suite.session.hover(uri, { line: 40, character: 0 }), null);
  });

  test('hover on a document the server never saw is null, and the server survives', async () => {
    assert.equal(await suite.session.hover(suite.session.uriOf('migrations/never_opened.sql'), { line: 0, character: 0 }), null);
    assert.ok(suite.session.isAlive());
  });
});

describe('hover on a finding outside any statement', () => {
  const suite = lspSuite({ 'db/migrations/20200101000000_create.sql': '-- migrate:up\nCREATE TABLE events (id bigint PRIMARY KEY);\n' });

  test("a missing reverse section, anchored on dbmate's marker: the sentence, the safe way and the rule's page", async () => {
    const uri = suite.session.uriOf('db/migrations/20200101000000_create.sql');
    suite.session.open(uri, '-- migrate:up\nCREATE TABLE events (id bigint PRIMARY KEY);\n', 1);
    const published = await suite.session.waitForDiagnostics(uri);
    const missing = published.diagnostics.find((diagnostic) => diagnostic.code === 'reverse-missing');
    assert.ok(missing, JSON.stringify(published.diagnostics));
    assert.equal(missing.range.start.line, 0, 'anchored on the marker');
    const markdown = markdownOf(await suite.session.hover(uri, { line: 0, character: 4 }));
    assert.match(markdown, new RegExp(`^\\*\\*${String(missing.message).replace(/[.*+?^${}()|[\]\\"]/g, '\\$&')}\\*\\*`));
    assert.match(markdown, /\*\*Safe way:\*\* .+\(\[reverse-missing\]\(file:\/\/.*reverse-missing\.md\)\)$/);
  });
});
