import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CodeActionKind, type CodeAction, type Command, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { applyEdits, lspSuite } from '../helpers/lspSession';

function isCodeAction(item: Command | CodeAction): item is CodeAction {
  return typeof (item as Command).command !== 'string';
}

describe('code actions over stdio', () => {
  const suite = lspSuite({ 'migrations/0001_create_events.sql': 'CREATE TABLE events (id bigint, tenant_id bigint);\n' });

  /** Opens `text`, waits for diagnostics, and returns the fixed text for the one quick fix attached to `code`. */
  async function fixFor(file: string, text: string, code: string): Promise<{ fixed: string; uri: string; diagnostic: Diagnostic }> {
    const uri = suite.session.uriOf(file);
    suite.session.open(uri, text, 1);
    const published = await suite.session.waitForDiagnostics(uri);
    const diagnostic = published.diagnostics.find((candidate) => candidate.code === code);
    assert.ok(diagnostic, `no ${code} diagnostic in ${JSON.stringify(published.diagnostics)}`);
    const actions = (await suite.session.codeActions(uri, diagnostic.range, [diagnostic])) ?? [];
    const forCode = actions.filter(isCodeAction).filter((action) => action.diagnostics?.some((d) => d.code === code));
    // Besides the repair, every finding offers a "fearless-ignore" comment, which is never the preferred action.
    const ignore = forCode.filter((action) => action.title === `Ignore ${code} for this statement`);
    assert.equal(ignore.length, 1, `expected the ignore action for ${code}`);
    assert.equal(ignore[0]!.isPreferred, false);
    const fixes = forCode.filter((action) => !ignore.includes(action));
    assert.equal(fixes.length, 1, `expected one quick fix for ${code}, got ${JSON.stringify(actions, null, 1)}`);
    assert.equal(fixes[0]!.isPreferred, true);
    const fix = fixes[0]!;
    assert.equal(fix.kind, CodeActionKind.QuickFix);
    const edits = fix.edit?.changes?.[uri];
    assert.ok(edits && edits.length > 0, `the fix has no edits for ${uri}: ${JSON.stringify(fix.edit)}`);
    return { fixed: applyEdits(text, edits), uri, diagnostic };
  }

  test('index-without-concurrently: inserts " CONCURRENTLY" after INDEX, and the diagnostic goes away', async () => {
    const text = "SET lock_timeout = '5s';\nCREATE INDEX events_tenant_idx ON events (tenant_id);\n";
    const { fixed, uri } = await fixFor('migrations/0002_index.sql', text, 'index-without-concurrently');
    assert.equal(fixed, "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY events_tenant_idx ON events (tenant_id);\n");

    suite.session.change(uri, 2, [{ text: fixed }]);
    const after = await suite.session.waitForDiagnostics(uri);
    assert.deepEqual(
      after.diagnostics.filter((d) => d.code === 'index-without-concurrently'),
      [],
    );
    // No tool is recognised for a lone numbered file and it has no BEGIN: its statements run one by one, so CONCURRENTLY is fine.
    assert.deepEqual(
      after.diagnostics.map((d) => d.code),
      [],
    );
  });

  test('index-without-concurrently: CREATE UNIQUE INDEX IF NOT EXISTS, lower case', async () => {
    const text = "set lock_timeout = '5s';\ncreate unique index if not exists events_id_idx on events (id);\n";
    const { fixed } = await fixFor('migrations/0003_unique.sql', text, 'index-without-concurrently');
    assert.equal(fixed, "set lock_timeout = '5s';\ncreate unique index CONCURRENTLY if not exists events_id_idx on events (id);\n");
  });

  test('index-without-concurrently: a comment mentioning "index" before the INDEX keyword', async () => {
    const text = "SET lock_timeout = '5s';\nCREATE /* the index we need */ INDEX events_tenant_idx ON events (tenant_id);\n";
    const { fixed } = await fixFor('migrations/0004_comment.sql', text, 'index-without-concurrently');
    assert.equal(fixed, "SET lock_timeout = '5s';\nCREATE /* the index we need */ INDEX CONCURRENTLY events_tenant_idx ON events (tenant_id);\n");
  });

  test("lock-timeout-missing: inserts SET lock_timeout = '5s'; before the statement", async () => {
    const text = '-- tenant index\nCREATE INDEX CONCURRENTLY events_tenant_idx ON events (tenant_id);\nALTER TABLE events ADD COLUMN note text;\n';
    const { fixed, uri } = await fixFor('migrations/0005_timeout.sql', text, 'lock-timeout-missing');
    assert.equal(
      fixed,
      "-- tenant index\nCREATE INDEX CONCURRENTLY events_tenant_idx ON events (tenant_id);\nSET lock_timeout = '5s';\nALTER TABLE events ADD COLUMN note text;\n",
    );
    suite.session.change(uri, 2, [{ text: fixed }]);
    const after = await suite.session.waitForDiagnostics(uri);
    assert.deepEqual(
      after.diagnostics.filter((d) => d.code === 'lock-timeout-missing'),
      [],
    );
  });

  test('lock-timeout-missing on a plain CREATE INDEX: both fixes applied give a clean file', async () => {
    const text = 'CREATE INDEX events_tenant_idx ON events (tenant_id);\n';
    const { fixed: withTimeout } = await fixFor('migrations/0006_both.sql', text, 'lock-timeout-missing');
    assert.equal(withTimeout, "SET lock_timeout = '5s';\nCREATE INDEX events_tenant_idx ON events (tenant_id);\n");
    const { fixed: both } = await fixFor('migrations/0007_both.sql', withTimeout, 'index-without-concurrently');
    assert.equal(both, "SET lock_timeout = '5s';\nCREATE INDEX CONCURRENTLY events_tenant_idx ON events (tenant_id);\n");
  });

  test('a range with no finding gets no actions', async () => {
    const uri = suite.session.uriOf('migrations/0008_none.sql');
    const text = 'SELECT 1;\n\nCREATE INDEX events_tenant_idx ON events (tenant_id);\n';
    suite.session.open(uri, text, 1);
    await suite.session.waitForDiagnostics(uri);
    const actions = await suite.session.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, []);
    assert.deepEqual(actions, []);
  });
});
