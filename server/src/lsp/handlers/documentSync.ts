/** textDocument/didChange and didClose: what is analysed again, and what is forgotten. */

import type { Session } from '../session';
import { filePathOf } from '../uris';

export function registerDocumentSync(session: Session): void {
  session.documents.onDidChangeContent((event) => {
    const changed = filePathOf(event.document.uri);
    if (changed) session.drillResults.forgetFailuresIn(changed);
    session.scheduler.request(event.document.uri);
    // A forward and its reverse judge each other: when one changes, an open document paired with it is looked at
    // again. (Nothing else depends on an unsaved buffer: histories are read from disk.)
    if (!changed) return;
    for (const [uri, analysis] of session.analyses) {
      if (uri === event.document.uri) continue;
      if (analysis.facts.pairs?.sections.some((pair) => pair.counterpart?.file === changed)) session.scheduler.request(uri);
    }
  });
  session.documents.onDidClose((event) => {
    session.scheduler.forget(event.document.uri);
    session.analyses.delete(event.document.uri);
    void session.connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });
}
