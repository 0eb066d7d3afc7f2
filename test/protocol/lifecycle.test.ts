import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocumentSyncKind } from 'vscode-languageserver-protocol/node';
import { startLspSession } from '../helpers/lspSession';

test('initialize advertises incremental sync, hover and quick fixes; shutdown + exit ends the process with code 0', async () => {
  const session = await startLspSession();
  try {
    const { capabilities, serverInfo } = session.initializeResult;
    assert.equal(serverInfo?.name, 'fearless');
    const sync = capabilities.textDocumentSync;
    assert.ok(sync && typeof sync === 'object', `textDocumentSync: ${JSON.stringify(sync)}`);
    assert.equal(sync.change, TextDocumentSyncKind.Incremental);
    assert.equal(sync.openClose, true);
    assert.equal(capabilities.hoverProvider, true);
    assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix'] });

    // A document with no root and a non-file URI is still analysed.
    const uri = 'untitled:Untitled-1';
    session.open(uri, 'CREATE INDEX i ON t (a);\n', 1);
    const published = await session.waitForDiagnostics(uri);
    assert.deepEqual(published.diagnostics.map((d) => d.code).sort(), ['index-without-concurrently', 'lock-timeout-missing']);

    await session.close(5000);
    assert.deepEqual(session.exitStatus(), { code: 0, signal: null }, `server did not exit cleanly:\n${session.stderr}`);
  } finally {
    await session.close();
  }
});
