/**
 * The extension inside VS Code, through the API a user's editor uses:
 * activation, diagnostics on a migration, the lock hover, the quick fix and
 * the commands. The workspace is test/vscode-suite/workspace (copied fresh by
 * the runner).
 */

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'fearless-migrations.fearless-migrations';

function migration(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite runs with the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, 'migrations', name);
}

async function diagnosticsOf(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const found = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'fearless');
    if (found.length > 0) return found;
    if (Date.now() > deadline) throw new Error(`no fearless diagnostics for ${uri.fsPath} within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

suite('Fearless Migrations in VS Code', () => {
  const indexMigration = migration('0002_add_tenant_id.up.sql');

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(indexMigration));
    await extension.activate();
  });

  test('diagnostics name the lock of a CREATE INDEX without CONCURRENTLY', async () => {
    const diagnostics = await diagnosticsOf(indexMigration);
    const index = diagnostics.find(
      (diagnostic) => (typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code) === 'index-without-concurrently',
    );
    assert.ok(index, diagnostics.map((diagnostic) => diagnostic.message).join('\n'));
    assert.match(index.message, /SHARE lock on "events"/);
    assert.equal(index.range.start.line, 3);
  });

  test('the hover on the statement is the lock card', async () => {
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', indexMigration, new vscode.Position(3, 2));
    const text = hovers
      .flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : 'value' in content ? content.value : '')))
      .join('\n');
    assert.match(text, /\*\*SHARE\*\* on `events`/);
  });

  test('the quick fix builds the index CONCURRENTLY', async () => {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      indexMigration,
      new vscode.Range(3, 0, 3, 5),
      vscode.CodeActionKind.QuickFix.value,
    );
    const fix = actions.find((action) => /CONCURRENTLY/.test(action.title));
    assert.ok(fix?.edit, actions.map((action) => action.title).join('\n'));
    const edits = fix.edit.get(indexMigration);
    assert.ok(edits.some((edit) => /CONCURRENTLY/.test(edit.newText)));
  });

  test('every command of the manifest is registered', async () => {
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const command of ['fearless.generateReverse', 'fearless.runDrill', 'fearless.reviewMigration', 'fearless.acceptReverse', 'fearless.restartServer']) {
      assert.ok(registered.has(command), command);
    }
  });
});
