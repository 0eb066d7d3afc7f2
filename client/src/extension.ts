/**
 * The VS Code side: starts the language server, registers commands and
 * shows the server's state. Everything about SQL happens in the server.
 */

import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { AnthropicKey } from './anthropicKey';
import { ReportsInEditor } from './reports/reportsInEditor';
import { generateReverseCommand } from './reverseReview/generateReverseCommand';
import { ReverseReviewInEditor } from './reverseReview/reverseReviewInEditor';
import { ShadowInEditor } from './shadow/shadowInEditor';
import { planPhasesCommand } from './plan/planPhasesCommand';
import { PlanReviewInEditor } from './plan/planReviewInEditor';
import { requireTrust } from './workspaceTrust';
import { CURRENT_SCHEME, CurrentTexts, PROPOSED_SCHEME, ProposedFiles } from './reverseReview/reviewDocuments';
import { GENERATE_REVERSE_COMMAND, OPEN_MIGRATION_COMMAND, RUN_DRILL_COMMAND, SHOW_RULE_DOCUMENTATION_COMMAND } from '../../server/src/protocol/editorCommands';
import { SETTINGS_SECTION, type FearlessSettings, type InitializationOptions } from '../../server/src/protocol/settings';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/protocol/status';

export const DEFAULT_MIGRATION_GLOBS = [
  '**/migrations/**/*.sql',
  '**/migration/**/*.sql',
  '**/migrate/**/*.sql',
  '**/db/migrate/**/*.sql',
  '**/db/migration/**/*.sql',
  '**/sql/**/*.sql',
  '**/deploy/**/*.sql',
  '**/revert/**/*.sql',
];

let client: LanguageClient | undefined;
let statusBar: vscode.StatusBarItem;
let output: vscode.LogOutputChannel;

function serverSettings(): FearlessSettings {
  const settings = vscode.workspace.getConfiguration(SETTINGS_SECTION);
  return {
    pgVersion: settings.get<number | null>('pgVersion', null),
    rules: settings.get<Record<string, string>>('rules', {}),
    lockHints: settings.get<boolean>('lockHints', true),
    exclude: settings.get<string[]>('exclude', []),
    // Only the user's own settings count: a workspace must not loosen what a drill may do on a server.
    drill: {
      allowPrivilegedRole: settings.inspect<boolean>('drill.allowPrivilegedRole')?.globalValue === true,
      pgVersion: settings.get<number | null>('drill.pgVersion', null),
    },
  };
}

function migrationGlobs(): string[] {
  const globs = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<string[]>('migrationGlobs', DEFAULT_MIGRATION_GLOBS);
  return globs.length > 0 ? globs : DEFAULT_MIGRATION_GLOBS;
}

/** The PostgreSQL version the server uses (setting, config file or default), as it last said. */
let effective: StatusParams | undefined;

function updateStatus(state: 'starting' | 'running' | 'stopped'): void {
  const version = effective?.pgVersion ?? serverSettings().pgVersion;
  const versionLabel = version ? `PG ${version}` : 'PG default';
  statusBar.text =
    state === 'running' ? `$(database) Fearless: ${versionLabel}` : state === 'starting' ? '$(sync~spin) Fearless' : '$(error) Fearless: stopped';
  statusBar.tooltip =
    state === 'running'
      ? `Fearless Migrations is checking migration files for PostgreSQL ${version ?? 'default'}${effective?.configFile ? ` (from ${effective.configFile})` : ''}. Click for the log.`
      : state === 'starting'
        ? 'Fearless Migrations is starting its language server.'
        : 'The Fearless language server is not running. Click for the log; run "Fearless: Restart server" to try again.';
  statusBar.backgroundColor = state === 'stopped' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: migrationGlobs().map((pattern) => ({ scheme: 'file', language: 'sql', pattern })),
    // editorCommands: commands this client runs, which the server may offer as code actions.
    initializationOptions: {
      ...serverSettings(),
      editorCommands: vscode.workspace.isTrusted
        ? [GENERATE_REVERSE_COMMAND, RUN_DRILL_COMMAND, SHOW_RULE_DOCUMENTATION_COMMAND, OPEN_MIGRATION_COMMAND]
        : [GENERATE_REVERSE_COMMAND, SHOW_RULE_DOCUMENTATION_COMMAND, OPEN_MIGRATION_COMMAND],
      workspaceTrusted: vscode.workspace.isTrusted,
    } satisfies InitializationOptions,
    outputChannel: output,
    synchronize: {
      configurationSection: SETTINGS_SECTION,
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/fearless.config.json'), vscode.workspace.createFileSystemWatcher('**/*.sql')],
    },
  };
  client = new LanguageClient('fearless', 'Fearless Migrations', serverOptions, clientOptions);
  client.onDidChangeState((event) => {
    updateStatus(event.newState === State.Running ? 'running' : event.newState === State.Starting ? 'starting' : 'stopped');
  });
  updateStatus('starting');
  await client.start();
  client.onNotification(STATUS_NOTIFICATION, (status: StatusParams) => {
    effective = status;
    updateStatus(client?.isRunning() ? 'running' : 'starting');
  });
}

/**
 * Opens the other half of the current migration: from a code lens (with the
 * target) or from the command palette (asks the server for the lenses of the
 * active editor and follows the first one that points somewhere).
 */
async function openPairedMigration(targetUri?: string, range?: { start: { line: number; character: number } } | null): Promise<void> {
  let uri = targetUri;
  let position = range?.start;
  if (!uri) {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !client) return;
    const lenses = (await client.sendRequest('textDocument/codeLens', { textDocument: { uri: editor.document.uri.toString() } })) as
      | { command?: { command: string; arguments?: unknown[] } }[]
      | null;
    const lens = lenses?.find((candidate) => candidate.command?.command === OPEN_MIGRATION_COMMAND);
    if (!lens?.command?.arguments) {
      void vscode.window.showInformationMessage('Fearless: this file has no paired migration to open (or its reverse is missing).');
      return;
    }
    uri = lens.command.arguments[0] as string;
    position = (lens.command.arguments[1] as { start: { line: number; character: number } } | null)?.start;
  }
  const target = vscode.Uri.parse(uri);
  // A quick fix's new file is opened after its edit: nothing to open when the user discarded the edit in the preview.
  if (
    !(await vscode.workspace.fs.stat(target).then(
      () => true,
      () => false,
    ))
  )
    return;
  const document = await vscode.workspace.openTextDocument(target);
  const selection = position ? new vscode.Range(position.line, position.character, position.line, position.character) : undefined;
  await vscode.window.showTextDocument(document, selection ? { selection } : {});
}

async function restartServer(context: vscode.ExtensionContext): Promise<void> {
  output.appendLine('Restarting the language server.');
  const running = client;
  client = undefined;
  if (running) await running.stop().catch((error: unknown) => output.appendLine(`Stopping the server failed: ${String(error)}`));
  await startClient(context);
}

/** What the commands work with: the review views, the reports, the API key. */
interface EditorParts {
  review: ReverseReviewInEditor;
  reports: ReportsInEditor;
  shadow: ShadowInEditor;
  planReview: PlanReviewInEditor;
  key: AnthropicKey;
}

/** Drills, reviews and shadow tests run migrations on a database: not in an untrusted workspace. */
function reportCommands({ reports, shadow, key }: EditorParts): vscode.Disposable[] {
  const noKey = (): void =>
    void vscode.window
      .showInformationMessage('Fearless: no Anthropic API key is set, so the report has no AI-written risk summary.', 'Set Anthropic API key')
      .then((choice) => choice && vscode.commands.executeCommand('fearless.setAnthropicApiKey'));
  return [
    vscode.commands.registerCommand(RUN_DRILL_COMMAND, (uri?: unknown) => requireTrust('The rollback drill') && reports.runDrill(uri)),
    vscode.commands.registerCommand('fearless.showDrillReport', (report?: unknown) => reports.showDrillReport(report)),
    vscode.commands.registerCommand('fearless.shadowTest', (uri?: unknown, capture?: unknown) => requireTrust('The shadow test') && shadow.run(uri, capture)),
    vscode.commands.registerCommand(
      'fearless.reviewMigration',
      (uri?: unknown) => requireTrust('The migration review (it drills the pair)') && reports.review(uri),
    ),
    vscode.commands.registerCommand(
      'fearless.reviewMigrationWithClaude',
      (uri?: unknown) =>
        requireTrust('The migration review with Claude') && reports.review(uri, { apiKey: () => key.get(), redact: (message) => key.redact(message), noKey }),
    ),
  ];
}

/** Plans and reverses drafted for review in the editor, never written before the engineer accepts. */
function draftCommands({ review, planReview, key }: EditorParts): vscode.Disposable[] {
  const plan = { client: () => client, output, key, review: planReview };
  const reverse = { client: () => client, output, review, key };
  return [
    vscode.commands.registerCommand('fearless.planPhases', (uri?: unknown) => planPhasesCommand(plan, false, uri)),
    vscode.commands.registerCommand(
      'fearless.planPhasesWithClaude',
      (uri?: unknown) => requireTrust('Planning with Claude (its plan is drilled)') && planPhasesCommand(plan, true, uri),
    ),
    vscode.commands.registerCommand('fearless.writePlannedPhases', () => planReview.decide('write')),
    vscode.commands.registerCommand('fearless.discardPlannedPhases', () => planReview.decide('discard')),
    vscode.commands.registerCommand(GENERATE_REVERSE_COMMAND, (uri?: unknown, position?: unknown) => generateReverseCommand(reverse, false, uri, position)),
    vscode.commands.registerCommand(
      'fearless.generateReverseWithClaude',
      (uri?: unknown, position?: unknown) => requireTrust('Generating a reverse migration with Claude') && generateReverseCommand(reverse, true, uri, position),
    ),
    vscode.commands.registerCommand('fearless.acceptReverse', () => review.decide('accept')),
    vscode.commands.registerCommand('fearless.discardReverse', () => review.decide('discard')),
  ];
}

function housekeepingCommands(context: vscode.ExtensionContext, { key }: EditorParts): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('fearless.setAnthropicApiKey', () => key.promptAndStore()),
    vscode.commands.registerCommand('fearless.removeAnthropicApiKey', () => key.remove()),
    vscode.commands.registerCommand('fearless.restartServer', () => restartServer(context)),
    vscode.commands.registerCommand('fearless.showOutput', () => output.show(true)),
    vscode.commands.registerCommand(OPEN_MIGRATION_COMMAND, openPairedMigration),
    // The rule's page shipped with the extension, rendered rather than as Markdown source.
    vscode.commands.registerCommand(SHOW_RULE_DOCUMENTATION_COMMAND, (page?: unknown) =>
      typeof page === 'string' ? vscode.commands.executeCommand('markdown.showPreviewToSide', vscode.Uri.parse(page)) : undefined,
    ),
    // The server was told the workspace is untrusted: trusting it brings drills back.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void restartServer(context)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      // The document selector is fixed when the client starts; new globs need a new client.
      if (event.affectsConfiguration(`${SETTINGS_SECTION}.migrationGlobs`)) void restartServer(context);
      else if (event.affectsConfiguration(SETTINGS_SECTION)) updateStatus(client?.isRunning() ? 'running' : 'stopped');
    }),
  ];
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Fearless Migrations', { log: true });
  statusBar = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  statusBar.command = 'fearless.showOutput';
  statusBar.show();
  const currentTexts = new CurrentTexts();
  const proposedFiles = new ProposedFiles();
  const parts: EditorParts = {
    review: new ReverseReviewInEditor(currentTexts, proposedFiles, (message) => output.warn(message)),
    reports: new ReportsInEditor(
      () => client,
      (message) => output.info(message),
    ),
    shadow: new ShadowInEditor(
      () => client,
      context.workspaceState,
      (message) => output.info(message),
    ),
    planReview: new PlanReviewInEditor(),
    key: new AnthropicKey(context.secrets),
  };
  context.subscriptions.push(
    output,
    statusBar,
    parts.review,
    parts.reports,
    parts.shadow,
    parts.planReview,
    vscode.workspace.registerTextDocumentContentProvider(CURRENT_SCHEME, currentTexts),
    vscode.workspace.registerFileSystemProvider(PROPOSED_SCHEME, proposedFiles, { isCaseSensitive: true }),
    ...reportCommands(parts),
    ...draftCommands(parts),
    ...housekeepingCommands(context, parts),
  );
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
