/**
 * What the language server knows between requests: the open documents and
 * their latest analyses, the project's settings, the history and table
 * sizes, what the client can do. The handlers in handlers/ read and update
 * it; none of them decides anything about risk.
 */

import * as path from 'node:path';
import { TextDocuments, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME, loadConfigFile, parsePgVersion, parseRuleSettings, type ProjectConfig } from '../config/projectConfig';
import { projectFiles } from '../files/projectFiles';
import { MigrationHistory } from '../migrations/migrationHistory';
import { TableSizes } from '../migrations/tableSizes';
import type { ReceivedSettings } from '../protocol/settings';
import { STATUS_NOTIFICATION, type StatusParams } from '../protocol/status';
import { loadTableSizes } from '../workflows/loadTableSizes';
import type { AnalysisScheduler } from './analysisScheduler';
import type { DocumentAnalysis } from './documentAnalysis';
import { DrillResults } from './handlers/drillRequest';
import { RuleDocLinks } from './ruleDocLinks';
import { fileUri } from './uris';
import { counted } from '../wording';

export const SERVER_NAME = 'fearless';

export class Session {
  readonly documents = new TextDocuments(TextDocument);
  readonly analyses = new Map<string, DocumentAnalysis>();
  readonly ruleDocLinks = new RuleDocLinks();
  readonly drillResults = new DrillResults();
  /** Set by the diagnostics handler: analyses documents one at a time, latest version first. */
  scheduler!: AnalysisScheduler;
  history = new MigrationHistory(true);
  workspaceRoot: string | undefined;
  settings: ReceivedSettings = {};
  config: ProjectConfig = loadConfigFile(undefined).config;
  tableSizes = TableSizes.none();
  canPullConfiguration = false;
  canRefreshCodeLenses = false;
  /** Commands the client runs itself and said so in initializationOptions.editorCommands (the VS Code extension's review UI). */
  editorCommands = new Set<string>();
  /** False in an editor's restricted mode (an untrusted workspace): no migration runs on any database. */
  workspaceTrusted = true;
  /** What the client shows in its status bar: the PostgreSQL version in effect and where it came from. */
  status: StatusParams | undefined;
  initialized = false;
  private lastSettingsLine = '';

  constructor(readonly connection: Connection) {}

  log(message: string): void {
    this.connection.console.log(message);
  }

  warn(message: string): void {
    void this.connection.window.showWarningMessage(`Fearless: ${message}`);
  }

  /** A paired part's text: the open buffer (unsaved changes count), else the disk. */
  readonly readText = (other: string): string | undefined => {
    const open = this.documents.get(fileUri(other));
    if (open) return open.getText();
    return projectFiles.exists(other) ? this.history.disk.read(other) : undefined;
  };

  reanalyzeAll(): void {
    for (const document of this.documents.all()) this.scheduler.request(document.uri);
  }

  /** fearless.config.json at the workspace root, with the editor's settings over it; then the table sizes it names. */
  reloadConfig(): void {
    const configPath = this.workspaceRoot ? path.join(this.workspaceRoot, CONFIG_FILE_NAME) : undefined;
    const loaded = loadConfigFile(configPath && projectFiles.exists(configPath) ? configPath : undefined);
    for (const problem of loaded.problems) this.warn(problem);
    const merged = this.withEditorSettings(loaded.config);
    if (merged.convention !== this.config.convention) this.history = new MigrationHistory(true, merged.convention);
    this.config = merged;
    this.sayWhenChanged(`Settings: PostgreSQL ${merged.pgVersion}${loaded.source ? ` (config file ${loaded.source})` : ''}.`, {
      pgVersion: merged.pgVersion,
      configFile: loaded.source ?? null,
    });
    const sizesFor = merged;
    void loadTableSizes(merged, process.env, (problem) => this.warn(problem)).then((sizes) => {
      // Settings may have changed again while the database answered.
      if (this.config !== sizesFor) return;
      this.tableSizes = sizes;
      if (sizes.count > 0) {
        this.log(`Table sizes known for ${counted(sizes.count, 'table')}.`);
        this.reanalyzeAll();
      }
    });
  }

  private withEditorSettings(config: ProjectConfig): ProjectConfig {
    const settings = this.settings;
    const editorVersion = parsePgVersion(settings.pgVersion);
    if (editorVersion !== undefined) config.pgVersion = editorVersion;
    else if (settings.pgVersion !== undefined && settings.pgVersion !== null) {
      this.warn(`setting pgVersion must be a PostgreSQL major version from 11 to 18; ignoring ${JSON.stringify(settings.pgVersion)}.`);
    }
    const editorRules = parseRuleSettings(settings.rules, 'setting fearless.rules');
    for (const problem of editorRules.problems) this.warn(problem);
    config.rules = { ...config.rules, ...editorRules.rules };
    config.allowPrivilegedRole = settings.drill?.allowPrivilegedRole === true;
    const drillVersion = settings.drill?.pgVersion;
    if (drillVersion !== undefined && drillVersion !== null) {
      const version = parsePgVersion(drillVersion);
      if (version === undefined) this.warn(`setting drill.pgVersion must be a PostgreSQL major version from 11 to 18; drilling on PGlite.`);
      else config.drillPgVersion = version;
    }
    if (Array.isArray(settings.exclude))
      config.exclude = [...config.exclude, ...settings.exclude.filter((glob): glob is string => typeof glob === 'string' && glob.trim() !== '')];
    return config;
  }

  /** Configuration and file events come in bursts: the log and the status bar hear of a change once. */
  private sayWhenChanged(settingsLine: string, status: StatusParams): void {
    if (settingsLine === this.lastSettingsLine) return;
    this.lastSettingsLine = settingsLine;
    this.log(settingsLine);
    this.status = status;
    if (this.initialized) void this.connection.sendNotification(STATUS_NOTIFICATION, status);
  }
}
