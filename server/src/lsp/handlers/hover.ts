/** textDocument/hover: a lock mode's conflicts, or a statement's locks, effects and findings. */

import { statementAt } from '../documentAnalysis';
import { findingsHoverMarkdown, lockModeHoverMarkdown, statementHoverMarkdown } from '../hoverContent';
import { lockModeAt } from '../lockModeAt';
import type { Session } from '../session';

export function registerHover(session: Session): void {
  session.connection.onHover((params) => {
    const analysis = session.analyses.get(params.textDocument.uri);
    if (!analysis) return null;
    const { lines, text } = analysis.parsed;
    const offset = lines.offsetAt(params.position);
    const lineStart = lines.offsetAt({ line: params.position.line, character: 0 });
    const lineEnd = lines.offsetAt({ line: params.position.line + 1, character: 0 });
    const mention = lockModeAt(text.slice(lineStart, lineEnd), offset - lineStart);
    if (mention) {
      return {
        contents: { kind: 'markdown', value: lockModeHoverMarkdown(mention.mode) },
        range: lines.rangeOf(lineStart + mention.start, lineStart + mention.end),
      };
    }
    const facts = statementAt(analysis, offset);
    if (!facts) {
      // Outside any statement (a tool's marker comment, say): the findings anchored there, with their safe way.
      const here = analysis.findings.filter((finding) => finding.start <= offset && offset <= finding.end && finding.advice);
      if (here.length === 0) return null;
      const value = findingsHoverMarkdown(here, (id) => session.ruleDocLinks.href(id));
      return { contents: { kind: 'markdown', value }, range: lines.rangeOf(Math.min(...here.map((f) => f.start)), Math.max(...here.map((f) => f.end))) };
    }
    const findings = analysis.findings.filter((finding) => finding.start >= facts.statement.start && finding.start < facts.statement.end);
    const markdown = statementHoverMarkdown(facts, analysis.facts.schemaBefore, findings, analysis.facts.tableSizes, (id) => session.ruleDocLinks.href(id));
    if (!markdown) return null;
    return { contents: { kind: 'markdown', value: markdown }, range: lines.rangeOf(facts.statement.start, facts.statement.end) };
  });
}
