/** `fearless/status`: sent after initialization and whenever they change, for a client's status bar. */

export const STATUS_NOTIFICATION = 'fearless/status';

export interface StatusParams {
  /** The PostgreSQL major the migrations are checked for. */
  pgVersion: number;
  /** The fearless.config.json in use, or null. */
  configFile: string | null;
}
