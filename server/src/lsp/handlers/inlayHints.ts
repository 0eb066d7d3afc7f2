/** textDocument/inlayHint: the strongest lock at the end of each statement (off with fearless.lockHints). */

import type { InlayHint } from 'vscode-languageserver/node';
import type { Session } from '../session';
import { strongestLock } from '../strongestLock';

export function registerInlayHints(session: Session): void {
  session.connection.languages.inlayHint.on((params) => {
    const analysis = session.analyses.get(params.textDocument.uri);
    if (!analysis || session.settings.lockHints === false) return [];
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
}
