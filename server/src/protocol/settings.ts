/** The `fearless` settings section, as the VS Code client sends it and the language server reads it. */

export const SETTINGS_SECTION = 'fearless';

export interface FearlessSettings {
  /** Overrides pgVersion from fearless.config.json when set. */
  pgVersion: number | null;
  /** Per-rule severities, merged over the config file's. */
  rules: Record<string, string>;
  /** Inlay hints with the strongest lock per statement. */
  lockHints: boolean;
  /** More globs of files that are not migrations. */
  exclude: string[];
  /**
   * `fearless.drill.allowPrivilegedRole`, a user (application-scope) setting: workspace settings cannot turn it on;
   * `fearless.drill.pgVersion`: drill on a real PostgreSQL of this major (null: the config file's drillPgVersion, else PGlite).
   */
  drill: { allowPrivilegedRole: boolean; pgVersion?: number | null };
}

/** What the server receives: any LSP client may send anything, so every field is checked before use. */
export type ReceivedSettings = { [K in Exclude<keyof FearlessSettings, 'drill'>]?: unknown } & {
  drill?: { allowPrivilegedRole?: unknown; pgVersion?: unknown };
};

/** initializationOptions: the settings, and what the client can do itself. */
export interface InitializationOptions extends FearlessSettings {
  /** Commands of protocol/editorCommands the client runs. */
  editorCommands: string[];
  /** False in an untrusted workspace (VS Code's Restricted Mode): no drills, reviews or shadow tests. Omitted: true. */
  workspaceTrusted: boolean;
}
