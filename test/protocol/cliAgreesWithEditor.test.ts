/** The CLI and the editor run one pipeline: the same folder gives the same findings, to the character. */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol/node';
import { messageText, startLspSession } from '../helpers/lspSession';
import { FIXTURES_DIR, REPO_ROOT } from '../helpers/paths';
import { runCli } from '../helpers/runCli';

const SEVERITY_NAMES: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

interface CliDiagnostic {
  rule: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

for (const folder of [
  path.join(REPO_ROOT, 'examples', 'migrations'),
  path.join(FIXTURES_DIR, 'conventions', 'dbmate'),
  path.join(FIXTURES_DIR, 'conventions', 'diesel'),
]) {
  test(`CLI and language server agree on ${path.relative(REPO_ROOT, folder)}`, async () => {
    const cli = runCli(['lint', '--format', 'json', folder], { cwd: folder });
    const files = (JSON.parse(cli.stdout) as { files: { path: string; diagnostics: CliDiagnostic[] }[] }).files;
    assert.ok(files.length > 0);
    const session = await startLspSession({ rootDir: folder });
    try {
      for (const file of files) {
        const uri = session.uriOf(path.resolve(file.path));
        session.open(uri, fs.readFileSync(file.path, 'utf8'), 1);
        const published = await session.waitForDiagnostics(uri);
        const fromEditor = published.diagnostics
          .map((d) => `${String(d.code)} ${SEVERITY_NAMES[d.severity ?? 1]} ${JSON.stringify(d.range)} ${messageText(d)}`)
          .sort();
        const fromCli = file.diagnostics.map((d) => `${d.rule} ${d.severity} ${JSON.stringify(d.range)} ${d.message}`).sort();
        assert.deepEqual(fromEditor, fromCli, file.path);
      }
    } finally {
      await session.close();
    }
  });
}
