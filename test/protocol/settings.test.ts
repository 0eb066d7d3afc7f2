import { afterEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol/node';
import { makeTempProject, removeTempProject, startLspSession, type LspSession, type LspSessionOptions } from '../helpers/lspSession';

const CREATE_EVENTS = 'CREATE TABLE events (id bigint, tenant_id bigint);\n';
const INDEX_TEXT = 'CREATE INDEX events_tenant_idx ON events (tenant_id);\n';

function byCode(diagnostics: Diagnostic[]): Record<string, DiagnosticSeverity | undefined> {
  return Object.fromEntries(diagnostics.map((diagnostic) => [String(diagnostic.code), diagnostic.severity]));
}

describe('settings: initializationOptions and fearless.config.json', () => {
  let root: string | undefined;
  let session: LspSession | undefined;

  afterEach(async () => {
    try {
      await session?.close();
    } finally {
      session = undefined;
      removeTempProject(root);
      root = undefined;
    }
  });

  async function diagnosticsWith(files: Record<string, string>, options: Omit<LspSessionOptions, 'rootDir'> = {}): Promise<Diagnostic[]> {
    root = makeTempProject({ 'migrations/0001_create_events.sql': CREATE_EVENTS, ...files });
    session = await startLspSession({ rootDir: root, ...options });
    const uri = session.uriOf('migrations/0002_index.sql');
    session.open(uri, INDEX_TEXT, 1);
    return (await session.waitForDiagnostics(uri)).diagnostics;
  }

  test('defaults: Error for index-without-concurrently, Warning for lock-timeout-missing', async () => {
    const diagnostics = await diagnosticsWith({});
    assert.deepEqual(byCode(diagnostics), {
      'index-without-concurrently': DiagnosticSeverity.Error,
      'lock-timeout-missing': DiagnosticSeverity.Warning,
    });
  });

  test('initializationOptions {pgVersion: 10} is ignored and the server still works', async () => {
    const diagnostics = await diagnosticsWith({}, { initializationOptions: { pgVersion: 10 } });
    assert.deepEqual(byCode(diagnostics), {
      'index-without-concurrently': DiagnosticSeverity.Error,
      'lock-timeout-missing': DiagnosticSeverity.Warning,
    });
    assert.ok(session!.isAlive());
    assert.ok(
      session!.logMessages.some((message) => /PostgreSQL 18\b/.test(message)),
      `expected the default version 18 in the log, got ${JSON.stringify(session!.logMessages)}`,
    );
  });

  test('fearless/status tells the client the version in effect and the config file it came from', async () => {
    await diagnosticsWith({ 'fearless.config.json': '{"pgVersion": 15}' });
    const statuses = session!.notifications('fearless/status') as { pgVersion: number; configFile: string | null }[];
    assert.equal(statuses.length, 1);
    assert.equal(statuses[0]!.pgVersion, 15);
    assert.match(statuses[0]!.configFile ?? '', /fearless\.config\.json$/);
  });

  test('initializationOptions with junk types do not break the server', async () => {
    const diagnostics = await diagnosticsWith({}, { initializationOptions: { pgVersion: 'latest', rules: 'nope' } });
    assert.deepEqual(byCode(diagnostics), {
      'index-without-concurrently': DiagnosticSeverity.Error,
      'lock-timeout-missing': DiagnosticSeverity.Warning,
    });
  });

  test('fearless.config.json can turn lock-timeout-missing off', async () => {
    const diagnostics = await diagnosticsWith({ 'fearless.config.json': JSON.stringify({ rules: { 'lock-timeout-missing': 'off' } }) });
    assert.deepEqual(byCode(diagnostics), { 'index-without-concurrently': DiagnosticSeverity.Error });
  });

  test('fearless.config.json can change the severity of index-without-concurrently', async () => {
    const diagnostics = await diagnosticsWith({
      'fearless.config.json': JSON.stringify({ rules: { 'index-without-concurrently': 'warning' } }),
    });
    assert.deepEqual(byCode(diagnostics), {
      'index-without-concurrently': DiagnosticSeverity.Warning,
      'lock-timeout-missing': DiagnosticSeverity.Warning,
    });
  });

  test('initializationOptions rules are merged over the config file', async () => {
    const diagnostics = await diagnosticsWith(
      { 'fearless.config.json': JSON.stringify({ rules: { 'index-without-concurrently': 'warning', 'lock-timeout-missing': 'off' } }) },
      { initializationOptions: { rules: { 'index-without-concurrently': 'hint' } } },
    );
    assert.deepEqual(byCode(diagnostics), { 'index-without-concurrently': DiagnosticSeverity.Hint });
  });

  test('an invalid config file is reported and the defaults are used', async () => {
    const diagnostics = await diagnosticsWith({ 'fearless.config.json': '{ "rules": ' });
    assert.deepEqual(byCode(diagnostics), {
      'index-without-concurrently': DiagnosticSeverity.Error,
      'lock-timeout-missing': DiagnosticSeverity.Warning,
    });
    assert.ok(
      session!.showMessages.some((message) => message.includes('fearless.config.json')),
      `expected a warning naming the config file, got ${JSON.stringify(session!.showMessages)}`,
    );
  });

  test('an invalid rule severity in initializationOptions is ignored (default severity kept)', async () => {
    const diagnostics = await diagnosticsWith({}, { initializationOptions: { rules: { 'index-without-concurrently': 'fatal' } } });
    assert.deepEqual(byCode(diagnostics), {
      'index-without-concurrently': DiagnosticSeverity.Error,
      'lock-timeout-missing': DiagnosticSeverity.Warning,
    });
  });
  test('a file under an excluded folder (test data, fixtures, the project\'s "exclude", the fearless.exclude setting) gets no diagnostics', async () => {
    root = makeTempProject({ 'migrations/0001_create_events.sql': CREATE_EVENTS, 'fearless.config.json': '{"exclude": ["**/samples/**"]}' });
    session = await startLspSession({ rootDir: root, initializationOptions: { exclude: ['**/legacy/**'] } });
    for (const excluded of ['migrations/samples/0002_index.sql', 'migrations/legacy/0002_index.sql']) {
      const uri = session.uriOf(excluded);
      session.open(uri, INDEX_TEXT, 1);
      assert.deepEqual((await session.waitForDiagnostics(uri)).diagnostics, [], excluded);
    }
    // The project's list replaces the defaults: a testdata folder is checked again here.
    const testdata = session.uriOf('migrations/testdata/0002_index.sql');
    session.open(testdata, INDEX_TEXT, 1);
    assert.ok((await session.waitForDiagnostics(testdata)).diagnostics.length > 0);
  });
});
