/** workspace/didChangeConfiguration and didChangeWatchedFiles: settings and fearless.config.json read again, everything analysed again. */

import { CONFIG_FILE_NAME } from '../../config/projectConfig';
import { SETTINGS_SECTION, type ReceivedSettings } from '../../protocol/settings';
import type { Session } from '../session';

export function registerConfiguration(session: Session): void {
  const { connection } = session;
  connection.onDidChangeConfiguration(async (change) => {
    const pushed = (change.settings as { fearless?: ReceivedSettings } | undefined)?.fearless;
    if (pushed) session.settings = pushed;
    else if (session.canPullConfiguration) {
      try {
        session.settings = ((await connection.workspace.getConfiguration(SETTINGS_SECTION)) as ReceivedSettings | null) ?? {};
      } catch {
        // A client that advertised configuration but fails to answer keeps the previous settings.
      }
    }
    session.reloadConfig();
    session.reanalyzeAll();
    void connection.languages.inlayHint.refresh().catch(() => undefined);
  });
  connection.onDidChangeWatchedFiles((change) => {
    if (change.changes.some((event) => event.uri.endsWith(CONFIG_FILE_NAME))) session.reloadConfig();
    session.reanalyzeAll();
  });
}
