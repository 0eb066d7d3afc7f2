/** textDocument/codeLens: the other half of each pair, and the pair's last drill (runnable where the client runs drills). */

import type { CodeLens } from 'vscode-languageserver/node';
import { GENERATE_REVERSE_COMMAND, OPEN_MIGRATION_COMMAND, RUN_DRILL_COMMAND } from '../../protocol/editorCommands';
import { drillLensOf } from '../drillLens';
import { pairLenses } from '../pairLenses';
import type { Session } from '../session';
import { fileUri } from '../uris';

export function registerCodeLens(session: Session): void {
  session.connection.onCodeLens((params): CodeLens[] => {
    const analysis = session.analyses.get(params.textDocument.uri);
    if (!analysis?.facts.pairs) return [];
    const drafts = session.editorCommands.has(GENERATE_REVERSE_COMMAND);
    const lenses: CodeLens[] = pairLenses(analysis).map((lens) => {
      const position = analysis.parsed.lines.positionAt(lens.at);
      const range = analysis.parsed.lines.rangeOf(lens.at, lens.at);
      if (lens.target)
        return { range, command: { title: lens.title, command: OPEN_MIGRATION_COMMAND, arguments: [fileUri(lens.target.file), lens.target.range ?? null] } };
      if (lens.draftsReverse && drafts)
        return { range, command: { title: lens.title, command: GENERATE_REVERSE_COMMAND, arguments: [analysis.uri, position] } };
      return { range, command: { title: lens.title.replace(' · generate it', ''), command: '' } };
    });
    const runnable = session.workspaceTrusted && session.editorCommands.has(RUN_DRILL_COMMAND);
    const drillLens = drillLensOf(analysis, session.drillResults.last(analysis.facts.path), runnable);
    if (drillLens) {
      lenses.push({
        range: analysis.parsed.lines.rangeOf(drillLens.at, drillLens.at),
        command: drillLens.runnable
          ? { title: drillLens.title, command: RUN_DRILL_COMMAND, arguments: [analysis.uri] }
          : { title: drillLens.title, command: '' },
      });
    }
    return lenses;
  });
}
