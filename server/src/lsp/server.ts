/**
 * The language server: wires LSP requests to the analysis pipeline. It
 * decides nothing about risk itself; it schedules analyses, keeps the
 * latest one per document, and presents findings and facts.
 */

import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeResult,
  type InlayHint,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME, loadConfigFile, parsePgVersion, parseRuleSettings, type ProjectConfig } from '../config/projectConfig';
import { loadTableSizes } from '../workflows/loadTableSizes';
import { MigrationHistory } from '../migrations/migrationHistory';
import { TableSizes } from '../migrations/tableSizes';
import type { Severity } from '../rules';
import { analyzeDocument, statementAt, type DocumentAnalysis } from './documentAnalysis';
import { lockModeHoverMarkdown, statementHoverMarkdown } from './hoverContent';
import { lockModeAt } from './lockModeAt';
import { pairLenses } from './pairLenses';
import { RuleDocLinks } from './ruleDocLinks';
import { strongestLock } from './strongestLock';
import { AnalysisScheduler } from './analysisScheduler';
import { registerReverseRequests } from './reverseRequests';
import { DrillResults, registerDrillRequest } from './drillRequest';
import { registerReviewRequest } from './reviewRequest';
import { registerShadowRequest } from './shadowRequest';
import { registerPlanRequest } from './planRequest';
import { drillLensOf } from './drillLens';
import { analyzeMigration } from '../workflows/analyzeMigration';
import { projectFiles } from '../files/projectFiles';
import { isExcluded } from '../migrations/excludes';
import { GENERATE_REVERSE_COMMAND, RUN_DRILL_COMMAND } from '../protocol/editorCommands';
import { SETTINGS_SECTION, type ReceivedSettings } from '../protocol/settings';
import { STATUS_NOTIFICATION, type StatusParams } from '../protocol/status';


const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export const SERVER_NAME = 'fearless';

const REVERSE_FINDINGS = new Set(['reverse-missing', 'reverse-empty', 'reverse-incomplete']);

function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function startLanguageServer(connection: Connection, version: string): void {
  const documents = new TextDocuments(TextDocument);
  const analyses = new Map<string, DocumentAnalysis>();
  let history = new MigrationHistory(true);
  let workspaceRoot: string | undefined;
  let clientSettings: ReceivedSettings = {};
  let config: ProjectConfig = loadConfigFile(undefined).config;
  let tableSizes = TableSizes.none();
  let canPullConfiguration = false;
  let canRefreshCodeLenses = false;
  /** Commands the client runs itself and said so in initializationOptions.editorCommands (the VS Code extension's review UI). */
  let editorCommands = new Set<string>();
  /** False in an editor's restricted mode (an untrusted workspace): no migration runs on any database. */
  let workspaceTrusted = true;

  const log = (message: string): void => connection.console.log(message);
  let lastSettingsLine = '';
  /** What the client shows in its status bar: the PostgreSQL version in effect and where it came from. */
  let status: StatusParams | undefined;
  let initialized = false;

  const reloadConfig = (): void => {
    const configPath = workspaceRoot ? path.join(workspaceRoot, CONFIG_FILE_NAME) : undefined;
    const loaded = loadConfigFile(configPath && projectFiles.exists(configPath) ? configPath : undefined);
    for (const problem of loaded.problems) connection.window.showWarningMessage(`Fearless: ${problem}`);
    const merged = loaded.config;
    const editorVersion = parsePgVersion(clientSettings.pgVersion);
    if (editorVersion !== undefined) merged.pgVersion = editorVersion;
    else if (clientSettings.pgVersion !== undefined && clientSettings.pgVersion !== null) {
      connection.window.showWarningMessage(`Fearless: setting pgVersion must be a PostgreSQL major version from 11 to 18; ignoring ${JSON.stringify(clientSettings.pgVersion)}.`);
    }
    const editorRules = parseRuleSettings(clientSettings.rules, 'setting fearless.rules');
    for (const problem of editorRules.problems) connection.window.showWarningMessage(`Fearless: ${problem}`);
    merged.rules = { ...merged.rules, ...editorRules.rules };
    merged.allowPrivilegedRole = clientSettings.drill?.allowPrivilegedRole === true;
    if (Array.isArray(clientSettings.exclude)) merged.exclude = [...merged.exclude, ...clientSettings.exclude.filter((glob): glob is string => typeof glob === 'string' && glob.trim() !== '')];
    if (merged.convention !== config.convention) history = new MigrationHistory(true, merged.convention);
    config = merged;
    const settingsLine = `Settings: PostgreSQL ${config.pgVersion}${loaded.source ? ` (config file ${loaded.source})` : ''}.`;
    // Configuration and file events come in bursts; say it when it changes.
    if (settingsLine !== lastSettingsLine) {
      log(settingsLine);
      status = { pgVersion: config.pgVersion, configFile: loaded.source ?? null };
      if (initialized) void connection.sendNotification(STATUS_NOTIFICATION, status);
    }
    lastSettingsLine = settingsLine;
    const sizesFor = config;
    void loadTableSizes(config, process.env, (problem) => connection.window.showWarningMessage(`Fearless: ${problem}`)).then((sizes) => {
      // Settings may have changed again while the database answered.
      if (config !== sizesFor) return;
      tableSizes = sizes;
      if (sizes.count > 0) {
        log(`Table sizes known for ${sizes.count} table(s).`);
        reanalyzeAll();
      }
    });
  };

  const ruleDocLinks = new RuleDocLinks();
  const drillResults = new DrillResults();
  /** Where the last rollback drill failed in this document, while the document is unchanged since. */
  const drillDiagnostics = (analysis: DocumentAnalysis): Diagnostic[] =>
    drillResults.failuresIn(analysis.facts.path).map((mark) => {
      const start = Math.min(mark.offset, analysis.parsed.text.length);
      const statement = statementAt(analysis, start)?.statement;
      return {
        range: analysis.parsed.lines.rangeOf(statement?.start ?? start, statement?.end ?? start),
        severity: DiagnosticSeverity.Error,
        code: 'drill-failed',
        source: SERVER_NAME,
        message: mark.message,
      };
    });
  const toDiagnostics = (analysis: DocumentAnalysis): Diagnostic[] => [...findingDiagnostics(analysis), ...drillDiagnostics(analysis)];
  const findingDiagnostics = (analysis: DocumentAnalysis): Diagnostic[] =>
    analysis.findings.map((finding) => {
      const href = ruleDocLinks.href(finding.ruleId);
      return {
        range: analysis.parsed.lines.rangeOf(finding.start, finding.end),
        severity: SEVERITY[finding.severity],
        code: finding.ruleId,
        ...(href ? { codeDescription: { href } } : {}),
        source: SERVER_NAME,
        message: finding.message,
        ...(finding.related && finding.related.length > 0
          ? { relatedInformation: finding.related.map((related) => ({ location: { uri: fileUri(related.path), range: related.range }, message: related.message })) }
          : {}),
      };
    });

  const readText = (other: string): string | undefined => {
    // The paired part may be open with unsaved changes: the buffer wins over the disk.
    const open = documents.get(fileUri(other));
    if (open) return open.getText();
    return projectFiles.exists(other) ? history.disk.read(other) : undefined;
  };

  const scheduler = new AnalysisScheduler(async (uri) => {
    const document = documents.get(uri);
    if (!document) return;
    // Test data and fixtures among the migrations are not migrations: nothing to say about them.
    const file = filePathOf(uri);
    if (file && workspaceRoot && isExcluded(path.relative(workspaceRoot, file).split(path.sep).join('/'), config.exclude)) {
      analyses.delete(uri);
      await connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
      return;
    }
    const analysis = await analyzeDocument(uri, document.version, document.getText(), filePathOf(uri), config, history, tableSizes, readText);
    // The document may have changed while the analysis awaited the parser: never publish a stale result.
    const current = documents.get(uri);
    if (!current || current.version !== analysis.version) {
      scheduler.request(uri);
      return;
    }
    analyses.set(uri, analysis);
    await connection.sendDiagnostics({ uri, version: analysis.version, diagnostics: toDiagnostics(analysis) });
  }, (uri, error) => {
    connection.console.error(`Analysis of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  });

  const reanalyzeAll = (): void => {
    for (const document of documents.all()) scheduler.request(document.uri);
  };

  connection.onInitialize((params): InitializeResult => {
    const rootUri = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    workspaceRoot = rootUri ? filePathOf(rootUri) : (params.rootPath ?? undefined);
    clientSettings = (params.initializationOptions as ReceivedSettings | undefined) ?? {};
    const offered = (params.initializationOptions as { editorCommands?: unknown } | undefined)?.editorCommands;
    editorCommands = new Set(Array.isArray(offered) ? offered.filter((command): command is string => typeof command === 'string') : []);
    workspaceTrusted = (params.initializationOptions as { workspaceTrusted?: unknown } | undefined)?.workspaceTrusted !== false;
    canPullConfiguration = params.capabilities.workspace?.configuration === true;
    canRefreshCodeLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    reloadConfig();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        inlayHintProvider: true,
        codeLensProvider: { resolveProvider: false },
      },
      serverInfo: { name: SERVER_NAME, version },
    };
  });

  connection.onInitialized(() => {
    initialized = true;
    if (status) void connection.sendNotification(STATUS_NOTIFICATION, status);
    if (canPullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
    }
  });

  connection.onDidChangeConfiguration(async (change) => {
    const pushed = (change.settings as { fearless?: ReceivedSettings } | undefined)?.fearless;
    if (pushed) clientSettings = pushed;
    else if (canPullConfiguration) {
      try {
        clientSettings = ((await connection.workspace.getConfiguration(SETTINGS_SECTION)) as ReceivedSettings | null) ?? {};
      } catch {
        // A client that advertised configuration but fails to answer keeps the previous settings.
      }
    }
    reloadConfig();
    reanalyzeAll();
    void connection.languages.inlayHint.refresh().catch(() => undefined);
  });

  connection.onDidChangeWatchedFiles((change) => {
    if (change.changes.some((event) => event.uri.endsWith(CONFIG_FILE_NAME))) reloadConfig();
    reanalyzeAll();
  });

  documents.onDidChangeContent((event) => {
    const changedPath = filePathOf(event.document.uri);
    if (changedPath) drillResults.forgetFailuresIn(changedPath);
    scheduler.request(event.document.uri);
    // A forward and its reverse judge each other: when one changes, an open document paired with it is looked at
    // again. (Nothing else depends on an unsaved buffer: histories are read from disk.)
    const changed = filePathOf(event.document.uri);
    if (!changed) return;
    for (const [uri, analysis] of analyses) {
      if (uri === event.document.uri) continue;
      if (analysis.facts.pairs?.sections.some((pair) => pair.counterpart?.file === changed)) scheduler.request(uri);
    }
  });
  documents.onDidClose((event) => {
    scheduler.forget(event.document.uri);
    analyses.delete(event.document.uri);
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onHover((params) => {
    const analysis = analyses.get(params.textDocument.uri);
    if (!analysis) return null;
    const { lines, text } = analysis.parsed;
    const offset = lines.offsetAt(params.position);
    const lineStart = lines.offsetAt({ line: params.position.line, character: 0 });
    const lineEnd = lines.offsetAt({ line: params.position.line + 1, character: 0 });
    const mention = lockModeAt(text.slice(lineStart, lineEnd), offset - lineStart);
    if (mention) {
      return {
        contents: { kind: 'markdown', value: lockModeHoverMarkdown(mention.mode) },
        range: lines.rangeOf(lineStart + mention.start, lineStart + mention.end),
      };
    }
    const facts = statementAt(analysis, offset);
    if (!facts) return null;
    const findings = analysis.findings.filter((finding) => finding.start >= facts.statement.start && finding.start < facts.statement.end);
    const markdown = statementHoverMarkdown(facts, analysis.facts.schemaBefore, findings, analysis.facts.tableSizes, (id) => ruleDocLinks.href(id));
    if (!markdown) return null;
    return {
      contents: { kind: 'markdown', value: markdown },
      range: lines.rangeOf(facts.statement.start, facts.statement.end),
    };
  });

  connection.onCodeLens((params) => {
    const analysis = analyses.get(params.textDocument.uri);
    if (!analysis?.facts.pairs) return [];
    const lenses = pairLenses(analysis).map((lens) => ({
      range: analysis.parsed.lines.rangeOf(lens.at, lens.at),
      command: lens.target
        ? { title: lens.title, command: 'fearless.openPairedMigration', arguments: [fileUri(lens.target.file), lens.target.range ?? null] }
        : { title: lens.title, command: '' },
    }));
    const drillLens = drillLensOf(analysis, drillResults.last(analysis.facts.path), workspaceTrusted && editorCommands.has(RUN_DRILL_COMMAND));
    if (drillLens) {
      lenses.push({
        range: analysis.parsed.lines.rangeOf(drillLens.at, drillLens.at),
        command: drillLens.runnable ? { title: drillLens.title, command: RUN_DRILL_COMMAND, arguments: [analysis.uri] } : { title: drillLens.title, command: '' },
      });
    }
    return lenses;
  });

  connection.languages.inlayHint.on((params) => {
    const analysis = analyses.get(params.textDocument.uri);
    if (!analysis || clientSettings.lockHints === false) return [];
    const { lines } = analysis.parsed;
    const from = lines.offsetAt(params.range.start);
    const to = lines.offsetAt(params.range.end);
    return analysis.facts.statements.flatMap((facts): InlayHint[] => {
      const { statement } = facts;
      if (statement.end < from || statement.start > to) return [];
      const strongest = strongestLock(facts);
      if (!strongest) return [];
      const effect = strongest.rewrite ? ' · rewrite' : strongest.scan ? ' · scan' : '';
      return [
        {
          position: lines.positionAt(statement.end),
          label: `${strongest.mode} ${strongest.relation}${effect}`,
          paddingLeft: true,
          tooltip: `${statement.kind ?? 'statement'} takes ${strongest.mode} on ${strongest.relation}: ${strongest.reason}. Hover the statement for details; turn these hints off with the fearless.lockHints setting.`,
        },
      ];
    });
  });

  connection.onCodeAction((params) => {
    const analysis = analyses.get(params.textDocument.uri);
    const document = documents.get(params.textDocument.uri);
    if (!analysis || !document || document.version !== analysis.version) return [];
    const lines = analysis.parsed.lines;
    const wanted = { start: lines.offsetAt(params.range.start), end: lines.offsetAt(params.range.end) };
    const actions: CodeAction[] = [];
    for (const finding of analysis.findings) {
      if (finding.end < wanted.start || finding.start > wanted.end) continue;
      for (const fix of finding.fixes ?? []) {
        const textEdits = fix.edits.map((edit) => ({ range: lines.rangeOf(edit.start, edit.end), newText: edit.newText }));
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: toDiagnostics({ ...analysis, findings: [finding] }),
          isPreferred: fix.suppression !== true,
          edit: fix.createFile
            ? {
                // A new file: create it (never overwrite), then fill it.
                documentChanges: [
                  { kind: 'create', uri: fileUri(fix.createFile.path), options: { overwrite: false, ignoreIfExists: true } },
                  {
                    textDocument: { uri: fileUri(fix.createFile.path), version: null },
                    edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: fix.createFile.content }],
                  },
                  ...(textEdits.length > 0 ? [{ textDocument: { uri: analysis.uri, version: analysis.version }, edits: textEdits }] : []),
                ],
              }
            : { changes: { [analysis.uri]: textEdits } },
        });
      }
      if (REVERSE_FINDINGS.has(finding.ruleId) && editorCommands.has(GENERATE_REVERSE_COMMAND)) {
        const title = 'Generate reverse migration (review in a diff)…';
        actions.push({
          title,
          kind: CodeActionKind.QuickFix,
          diagnostics: toDiagnostics({ ...analysis, findings: [finding] }),
          command: { title, command: GENERATE_REVERSE_COMMAND, arguments: [analysis.uri, lines.positionAt(finding.start)] },
        });
      }
    }
    return actions;
  });

  registerDrillRequest(connection, {
    filePathOf,
    trusted: () => workspaceTrusted,
    config: () => config,
    results: drillResults,
    changed: (files) => {
      for (const document of documents.all()) {
        const documentPath = filePathOf(document.uri);
        if (documentPath && files.includes(documentPath)) scheduler.request(document.uri);
      }
      if (canRefreshCodeLenses) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    },
  });

  registerReviewRequest(connection, { filePathOf, config: () => config, trusted: () => workspaceTrusted });
  registerShadowRequest(connection, { filePathOf, config: () => config, trusted: () => workspaceTrusted });
  registerPlanRequest(connection, { filePathOf, config: () => config, trusted: () => workspaceTrusted });

  registerReverseRequests(connection, {
    analyze: async (uri) => {
      const filePath = filePathOf(uri);
      const text = filePath === undefined ? undefined : readText(filePath);
      if (filePath === undefined || text === undefined) return undefined;
      return { filePath, analysis: await analyzeMigration(filePath, text, { config, history, tableSizes, readText }) };
    },
    readText,
    fileUri,
  });

  documents.listen(connection);
  connection.listen();
}

export function fileUri(filePath: string): string {
  return pathToFileURL(filePath).href;
}
