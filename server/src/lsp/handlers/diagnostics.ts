/** textDocument/publishDiagnostics: each document analysed as it changes, its findings (and where its last drill failed) published. */

import * as path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { isExcluded } from '../../migrations/excludes';
import type { Severity } from '../../rules';
import { AnalysisScheduler } from '../analysisScheduler';
import { analyzeDocument, statementAt, type DocumentAnalysis } from '../documentAnalysis';
import { SERVER_NAME, type Session } from '../session';
import { filePathOf, fileUri } from '../uris';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function findingDiagnostics(session: Session, analysis: DocumentAnalysis): Diagnostic[] {
  return analysis.findings.map((finding) => {
    const href = session.ruleDocLinks.href(finding.ruleId);
    return {
      range: analysis.parsed.lines.rangeOf(finding.start, finding.end),
      severity: SEVERITY[finding.severity],
      code: finding.ruleId,
      ...(href ? { codeDescription: { href } } : {}),
      source: SERVER_NAME,
      message: finding.message,
      ...(finding.related && finding.related.length > 0
        ? {
            relatedInformation: finding.related.map((related) => ({
              location: { uri: fileUri(related.path), range: related.range },
              message: related.message,
            })),
          }
        : {}),
    };
  });
}

/** Where the last rollback drill failed in this document, while the document is unchanged since. */
function drillDiagnostics(session: Session, analysis: DocumentAnalysis): Diagnostic[] {
  return session.drillResults.failuresIn(analysis.facts.path).map((mark) => {
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
}

export function diagnosticsOf(session: Session, analysis: DocumentAnalysis): Diagnostic[] {
  return [...findingDiagnostics(session, analysis), ...drillDiagnostics(session, analysis)];
}

/** Test data and fixtures among the migrations are not migrations: nothing to say about them. */
function excluded(session: Session, file: string | undefined): boolean {
  return (
    file !== undefined &&
    session.workspaceRoot !== undefined &&
    isExcluded(path.relative(session.workspaceRoot, file).split(path.sep).join('/'), session.config.exclude)
  );
}

async function analyzeAndPublish(session: Session, uri: string): Promise<void> {
  const document = session.documents.get(uri);
  if (!document) return;
  if (excluded(session, filePathOf(uri))) {
    session.analyses.delete(uri);
    await session.connection.sendDiagnostics({ uri, version: document.version, diagnostics: [] });
    return;
  }
  const analysis = await analyzeDocument(
    uri,
    document.version,
    document.getText(),
    filePathOf(uri),
    session.config,
    session.history,
    session.tableSizes,
    session.readText,
  );
  // The document may have changed while the analysis awaited the parser: never publish a stale result.
  const current = session.documents.get(uri);
  if (!current || current.version !== analysis.version) {
    session.scheduler.request(uri);
    return;
  }
  session.analyses.set(uri, analysis);
  await session.connection.sendDiagnostics({ uri, version: analysis.version, diagnostics: diagnosticsOf(session, analysis) });
}

export function registerDiagnostics(session: Session): void {
  session.scheduler = new AnalysisScheduler(
    (uri) => analyzeAndPublish(session, uri),
    (uri, error) => session.connection.console.error(`Analysis of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
  );
}
