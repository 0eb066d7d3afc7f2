import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CodeAction, CreateFile, TextDocumentEdit, TextEdit } from 'vscode-languageserver-protocol/node';
import { applyEdits, messageText, lspSuite } from '../helpers/lspSession';

describe('forward/reverse pairs over stdio', () => {
  const suite = lspSuite({
    'migrations/1_create_events.up.sql': 'CREATE TABLE events (id bigint PRIMARY KEY);\n',
    'migrations/1_create_events.down.sql': 'DROP TABLE events;\n',
    'migrations/2_add_column.down.sql': '-- nothing here yet\n',
  });

  test('a forward without a reverse gets reverse-missing and a fix that creates the file', async () => {
    const uri = suite.session.uriOf('migrations/3_add_index.up.sql');
    suite.session.open(uri, "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY events_id_idx ON events (id);\n", 1);
    const published = await suite.session.waitForDiagnostics(uri);
    const missing = published.diagnostics.find((d) => d.code === 'reverse-missing');
    assert.ok(missing, JSON.stringify(published.diagnostics));
    const actions = ((await suite.session.codeActions(uri, missing.range, [missing])) ?? []) as CodeAction[];
    const create = actions.find((action) => action.title === 'Create reverse migration 3_add_index.down.sql');
    assert.ok(create, JSON.stringify(actions.map((a) => a.title)));
    const [createFile, fill] = create.edit!.documentChanges! as [CreateFile, TextDocumentEdit];
    assert.equal(createFile.kind, 'create');
    assert.equal(fileURLToPath(createFile.uri), path.join(suite.root, 'migrations', '3_add_index.down.sql'));
    assert.equal(createFile.options?.overwrite, false);
    assert.match((fill.edits[0] as { newText: string }).newText, /^DROP INDEX CONCURRENTLY events_id_idx;$/m);

    const lenses = (await suite.session.codeLenses(uri)) ?? [];
    assert.deepEqual(
      lenses.map((lens) => lens.command?.title),
      ['↔ reverse missing: 3_add_index.down.sql'],
    );
  });

  test('an incomplete reverse is reported on the forward, pointing into the reverse', async () => {
    const uri = suite.session.uriOf('migrations/2_add_column.up.sql');
    suite.session.open(uri, "SET lock_timeout = '5s';\nALTER TABLE events ADD COLUMN note text;\n", 1);
    const published = await suite.session.waitForDiagnostics(uri);
    // The reverse exists but holds only a comment.
    assert.ok(
      published.diagnostics.some((d) => d.code === 'reverse-empty'),
      JSON.stringify(published.diagnostics),
    );

    // Open the reverse with one statement that does something else: the forward is re-checked against the buffer.
    const reverseUri = suite.session.uriOf('migrations/2_add_column.down.sql');
    suite.session.open(reverseUri, 'DROP TABLE audit_log;\n', 1);
    const reversePublished = await suite.session.waitForDiagnostics(reverseUri);
    assert.ok(reversePublished.diagnostics.some((d) => d.code === 'reverse-unexpected'));
    const again = await suite.session.waitForDiagnostics(uri, (params) => params.diagnostics.some((d) => d.code === 'reverse-incomplete'));
    const incomplete = again.diagnostics.find((d) => d.code === 'reverse-incomplete')!;
    assert.match(messageText(incomplete), /The forward creates column "events"\."note", which the reverse does not undo/);
    assert.equal(fileURLToPath(incomplete.relatedInformation![0]!.location.uri), path.join(suite.root, 'migrations', '2_add_column.down.sql'));
  });

  test('a complete pair has code lenses both ways and no pairing findings', async () => {
    const forwardUri = suite.session.uriOf('migrations/1_create_events.up.sql');
    suite.session.open(forwardUri, 'CREATE TABLE events (id bigint PRIMARY KEY);\n', 1);
    const published = await suite.session.waitForDiagnostics(forwardUri);
    assert.deepEqual(
      published.diagnostics.filter((d) => String(d.code).startsWith('reverse-')),
      [],
    );
    const lenses = (await suite.session.codeLenses(forwardUri)) ?? [];
    assert.equal(lenses[0]?.command?.title, '↔ reverse: migrations/1_create_events.down.sql');
    assert.equal(lenses[0]?.command?.command, 'fearless.openPairedMigration');
  });
});

describe('a missing reverse, in an editor that drafts reverses', () => {
  const suite = lspSuite(
    { 'migrations/1_create_events.up.sql': 'CREATE TABLE events (id bigint PRIMARY KEY);\n' },
    { initializationOptions: { editorCommands: ['fearless.generateReverse'] } },
  );

  test('the "reverse missing" lens can be clicked: it drafts the reverse for review', async () => {
    const uri = suite.session.uriOf('migrations/1_create_events.up.sql');
    suite.session.open(uri, 'CREATE TABLE events (id bigint PRIMARY KEY);\n', 1);
    await suite.session.waitForDiagnostics(uri);
    const [lens] = (await suite.session.codeLenses(uri)) ?? [];
    assert.equal(lens?.command?.title, '↔ reverse missing: 1_create_events.down.sql · generate it');
    assert.equal(lens?.command?.command, 'fearless.generateReverse');
    assert.deepEqual(lens?.command?.arguments, [uri, { line: 0, character: 0 }]);
  });
});

describe('creating a missing reverse, in an editor that opens files', () => {
  const suite = lspSuite(
    { 'migrations/1_create_events.up.sql': 'CREATE TABLE events (id bigint PRIMARY KEY);\n' },
    { initializationOptions: { editorCommands: ['fearless.openPairedMigration', 'fearless.showRuleDocumentation'] } },
  );

  test('the fix that creates the reverse opens it afterwards; "Show documentation" comes last and links the shipped page', async () => {
    const uri = suite.session.uriOf('migrations/1_create_events.up.sql');
    suite.session.open(uri, 'CREATE TABLE events (id bigint PRIMARY KEY);\n', 1);
    const published = await suite.session.waitForDiagnostics(uri);
    const missing = published.diagnostics.find((d) => d.code === 'reverse-missing')!;
    const actions = ((await suite.session.codeActions(uri, missing.range, [missing])) ?? []) as CodeAction[];
    const create = actions.find((action) => action.title.startsWith('Create reverse migration'))!;
    assert.equal(create.command?.command, 'fearless.openPairedMigration');
    assert.equal(fileURLToPath(create.command!.arguments![0] as string), path.join(suite.root, 'migrations', '1_create_events.down.sql'));
    const last = actions.at(-1)!;
    assert.equal(last.title, 'Show documentation for reverse-missing');
    assert.match(String(last.command?.arguments?.[0]), /^file:\/\/.*\/docs\/rules\/reverse-missing\.md$/);
  });

  test('CREATE INDEX in a file run as one transaction: the fix moves it into a new migration pair, one workspace edit, the new file opened', async () => {
    // A two-statement golang-migrate file is one implicit transaction: CONCURRENTLY in place would fail there.
    const uri = suite.session.uriOf('migrations/4_tenant.up.sql');
    const text = 'ALTER TABLE events ADD COLUMN tenant_id bigint;\nCREATE INDEX events_tenant_id_idx ON events (tenant_id);\n';
    fs.writeFileSync(path.join(suite.root, 'migrations', '4_tenant.down.sql'), 'DROP INDEX events_tenant_id_idx;\nALTER TABLE events DROP COLUMN tenant_id;\n');
    suite.session.open(uri, text, 1);
    const published = await suite.session.waitForDiagnostics(uri);
    const index = published.diagnostics.find((d) => d.code === 'index-without-concurrently');
    assert.ok(index, JSON.stringify(published.diagnostics));
    const actions = ((await suite.session.codeActions(uri, index.range, [index])) ?? []) as CodeAction[];
    const move = actions.find((action) => action.isPreferred);
    assert.equal(move?.title, 'Build the index CONCURRENTLY in a new migration (5_build_events_tenant_id_idx.up.sql)');
    assert.ok(!actions.some((action) => action.title === 'Build the index CONCURRENTLY'), 'no in-place fix that fails in the transaction');
    const changes = move!.edit!.documentChanges! as (CreateFile | TextDocumentEdit)[];
    const created = changes.filter((change): change is CreateFile => 'kind' in change && change.kind === 'create');
    assert.deepEqual(
      created.map((change) => path.basename(fileURLToPath(change.uri))),
      ['5_build_events_tenant_id_idx.up.sql', '5_build_events_tenant_id_idx.down.sql'],
    );
    const textOf = (name: string): string =>
      changes
        .filter((change): change is TextDocumentEdit => 'textDocument' in change && change.textDocument.uri.endsWith(name))
        .flatMap((change) => (change.edits as TextEdit[]).map((edit) => edit.newText))
        .join('');
    assert.equal(textOf('5_build_events_tenant_id_idx.up.sql'), 'CREATE INDEX CONCURRENTLY events_tenant_id_idx ON events (tenant_id);\n');
    assert.equal(textOf('5_build_events_tenant_id_idx.down.sql'), 'DROP INDEX CONCURRENTLY events_tenant_id_idx;\n');
    // The statement leaves this file, and its DROP INDEX leaves this migration's reverse.
    const own = changes.find((change): change is TextDocumentEdit => 'textDocument' in change && change.textDocument.uri === uri)!;
    assert.equal(applyEdits(text, own.edits as TextEdit[]), 'ALTER TABLE events ADD COLUMN tenant_id bigint;\n');
    const reverse = changes.find((change): change is TextDocumentEdit => 'textDocument' in change && change.textDocument.uri.endsWith('4_tenant.down.sql'))!;
    assert.equal(
      applyEdits('DROP INDEX events_tenant_id_idx;\nALTER TABLE events DROP COLUMN tenant_id;\n', reverse.edits as TextEdit[]),
      'ALTER TABLE events DROP COLUMN tenant_id;\n',
    );
    // Not annotated for confirmation: VS Code's refactor preview would start the changes unchecked and Apply write nothing.
    assert.equal(move!.edit!.changeAnnotations, undefined);
    assert.equal(move!.command?.arguments?.[0], pathToFileURL(path.join(suite.root, 'migrations', '5_build_events_tenant_id_idx.up.sql')).href);
  });
});
