/** textDocument/codeAction: each finding's fixes, and the client's reverse review on reverse findings it can run. */

import { CodeActionKind, type CodeAction, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver/node';
import { GENERATE_REVERSE_COMMAND, OPEN_MIGRATION_COMMAND, SHOW_RULE_DOCUMENTATION_COMMAND } from '../../protocol/editorCommands';
import type { Finding, Fix } from '../../rules';
import type { DocumentAnalysis } from '../documentAnalysis';
import type { Session } from '../session';
import { fileUri } from '../uris';
import { diagnosticsOf } from './diagnostics';

const REVERSE_FINDINGS = new Set(['reverse-missing', 'reverse-empty', 'reverse-incomplete']);

/**
 * The fix as one workspace edit (one undo): new files created (the edit fails rather than write into a file that
 * appeared since), then filled, then this
 * document's edits, then other files'. (Not annotated for confirmation: VS Code's refactor preview starts such
 * changes unchecked, so "Apply" would write nothing; the first new file is opened instead.)
 */
function editOf(analysis: DocumentAnalysis, fix: Fix): WorkspaceEdit {
  const { lines } = analysis.parsed;
  const ownEdits = fix.edits.map((edit) => ({ range: lines.rangeOf(edit.start, edit.end), newText: edit.newText }));
  const byFile = new Map<string, TextEdit[]>();
  for (const edit of fix.otherEdits ?? []) {
    const uri = edit.path === analysis.facts.path ? analysis.uri : fileUri(edit.path);
    if (uri === analysis.uri) ownEdits.push({ range: edit.range, newText: edit.newText });
    else byFile.set(uri, [...(byFile.get(uri) ?? []), { range: edit.range, newText: edit.newText }]);
  }
  const newFiles = fix.newFiles ?? [];
  if (newFiles.length === 0 && byFile.size === 0) return { changes: { [analysis.uri]: ownEdits } };
  const start = { line: 0, character: 0 };
  return {
    documentChanges: [
      ...newFiles.flatMap((file) => [
        { kind: 'create' as const, uri: fileUri(file.path), options: { overwrite: false, ignoreIfExists: false } },
        { textDocument: { uri: fileUri(file.path), version: null }, edits: [{ range: { start, end: start }, newText: file.content }] },
      ]),
      ...(ownEdits.length > 0 ? [{ textDocument: { uri: analysis.uri, version: analysis.version }, edits: ownEdits }] : []),
      ...[...byFile].map(([uri, edits]) => ({ textDocument: { uri, version: null }, edits })),
    ],
  };
}

/**
 * A finding's actions, ordered as a reader wants them: the one clear fix first (preferred), other repairs, the
 * editor's own review flow, then "Ignore ..." and "Show documentation" last. Where the editor drafts reverses for
 * review, that is the one action for a missing or incomplete reverse (not also a quick fix writing a file unseen).
 */
function actionsFor(session: Session, analysis: DocumentAnalysis, finding: Finding): CodeAction[] {
  const diagnostics = diagnosticsOf(session, { ...analysis, findings: [finding] });
  const drafts = REVERSE_FINDINGS.has(finding.ruleId) && session.editorCommands.has(GENERATE_REVERSE_COMMAND);
  const opensCreated = session.editorCommands.has(OPEN_MIGRATION_COMMAND);
  const fixes = (finding.fixes ?? []).filter((fix) => !(drafts && fix.newFiles));
  const asAction = (fix: Fix, preferred: boolean): CodeAction => ({
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics,
    isPreferred: preferred,
    edit: editOf(analysis, fix),
    // The first file the fix creates is opened after the edit, where the client can: the user sees what was written.
    ...(fix.newFiles?.[0] && opensCreated
      ? { command: { title: 'Open the new file', command: OPEN_MIGRATION_COMMAND, arguments: [fileUri(fix.newFiles[0].path), null] } }
      : {}),
  });
  const repairs = fixes.filter((fix) => fix.suppression !== true);
  const actions: CodeAction[] = [];
  if (drafts) {
    const title = 'Generate reverse migration (review in a diff)…';
    const command = { title, command: GENERATE_REVERSE_COMMAND, arguments: [analysis.uri, analysis.parsed.lines.positionAt(finding.start)] };
    actions.push({ title, kind: CodeActionKind.QuickFix, diagnostics, isPreferred: true, command });
  }
  actions.push(...repairs.map((fix, index) => asAction(fix, !drafts && index === 0)));
  actions.push(...fixes.filter((fix) => fix.suppression === true).map((fix) => asAction(fix, false)));
  const page = session.ruleDocLinks.href(finding.ruleId);
  if (page && session.editorCommands.has(SHOW_RULE_DOCUMENTATION_COMMAND)) {
    const title = `Show documentation for ${finding.ruleId}`;
    actions.push({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics,
      command: { title, command: SHOW_RULE_DOCUMENTATION_COMMAND, arguments: [page, finding.ruleId] },
    });
  }
  return actions;
}

export function registerCodeActions(session: Session): void {
  session.connection.onCodeAction((params) => {
    const analysis = session.analyses.get(params.textDocument.uri);
    const document = session.documents.get(params.textDocument.uri);
    // Fixes are offsets into the analysed text: none for a document that has changed since.
    if (!analysis || !document || document.version !== analysis.version) return [];
    const { lines } = analysis.parsed;
    const wanted = { start: lines.offsetAt(params.range.start), end: lines.offsetAt(params.range.end) };
    return analysis.findings
      .filter((finding) => finding.end >= wanted.start && finding.start <= wanted.end)
      .flatMap((finding) => actionsFor(session, analysis, finding));
  });
}
