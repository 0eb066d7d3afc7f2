import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CodeAction, CreateFile, TextDocumentEdit } from 'vscode-languageserver-protocol/node';
import { makeTempProject, messageText, removeTempProject, startLspSession, type LspSession } from '../helpers/lspSession';

describe('forward/reverse pairs over stdio', () => {
  let root: string;
  let session: LspSession | undefined;

  before(async () => {
    root = makeTempProject({
      'migrations/1_create_events.up.sql': 'CREATE TABLE events (id bigint PRIMARY KEY);\n',
      'migrations/1_create_events.down.sql': 'DROP TABLE events;\n',
      'migrations/2_add_column.down.sql': '-- nothing here yet\n',
    });
    session = await startLspSession({ rootDir: root });
  });

  after(async () => {
    try {
      await session?.close();
    } finally {
      removeTempProject(root);
    }
  });

  test('a forward without a reverse gets reverse-missing and a fix that creates the file', async () => {
    const uri = session!.uriOf('migrations/3_add_index.up.sql');
    session!.open(uri, "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY events_id_idx ON events (id);\n", 1);
    const published = await session!.waitForDiagnostics(uri);
    const missing = published.diagnostics.find((d) => d.code === 'reverse-missing');
    assert.ok(missing, JSON.stringify(published.diagnostics));
    const actions = ((await session!.codeActions(uri, missing.range, [missing])) ?? []) as CodeAction[];
    const create = actions.find((action) => action.title === 'Create reverse migration 3_add_index.down.sql');
    assert.ok(create, JSON.stringify(actions.map((a) => a.title)));
    const [createFile, fill] = create.edit!.documentChanges! as [CreateFile, TextDocumentEdit];
    assert.equal(createFile.kind, 'create');
    assert.equal(fileURLToPath(createFile.uri), path.join(root, 'migrations', '3_add_index.down.sql'));
    assert.equal(createFile.options?.overwrite, false);
    assert.match((fill.edits[0] as { newText: string }).newText, /^DROP INDEX CONCURRENTLY events_id_idx;$/m);

    const lenses = (await session!.codeLenses(uri)) ?? [];
    assert.deepEqual(lenses.map((lens) => lens.command?.title), ['↔ reverse missing: 3_add_index.down.sql']);
  });

  test('an incomplete reverse is reported on the forward, pointing into the reverse', async () => {
    const uri = session!.uriOf('migrations/2_add_column.up.sql');
    session!.open(uri, "SET lock_timeout = '5s';\nALTER TABLE events ADD COLUMN note text;\n", 1);
    const published = await session!.waitForDiagnostics(uri);
    // The reverse exists but holds only a comment.
    assert.ok(published.diagnostics.some((d) => d.code === 'reverse-empty'), JSON.stringify(published.diagnostics));

    // Open the reverse with one statement that does something else: the forward is re-checked against the buffer.
    const reverseUri = session!.uriOf('migrations/2_add_column.down.sql');
    session!.open(reverseUri, 'DROP TABLE audit_log;\n', 1);
    const reversePublished = await session!.waitForDiagnostics(reverseUri);
    assert.ok(reversePublished.diagnostics.some((d) => d.code === 'reverse-unexpected'));
    const again = await session!.waitForDiagnostics(uri, (params) => params.diagnostics.some((d) => d.code === 'reverse-incomplete'));
    const incomplete = again.diagnostics.find((d) => d.code === 'reverse-incomplete')!;
    assert.match(messageText(incomplete), /does not undo: creates column events\.note/);
    assert.equal(fileURLToPath(incomplete.relatedInformation![0]!.location.uri), path.join(root, 'migrations', '2_add_column.down.sql'));
  });

  test('a complete pair has code lenses both ways and no pairing findings', async () => {
    const forwardUri = session!.uriOf('migrations/1_create_events.up.sql');
    session!.open(forwardUri, 'CREATE TABLE events (id bigint PRIMARY KEY);\n', 1);
    const published = await session!.waitForDiagnostics(forwardUri);
    assert.deepEqual(published.diagnostics.filter((d) => String(d.code).startsWith('reverse-')), []);
    const lenses = (await session!.codeLenses(forwardUri)) ?? [];
    assert.equal(lenses[0]?.command?.title, '↔ reverse: migrations/1_create_events.down.sql');
    assert.equal(lenses[0]?.command?.command, 'fearless.openPairedMigration');
  });
});
