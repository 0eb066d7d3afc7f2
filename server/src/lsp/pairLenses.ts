/**
 * Code lenses that tie a forward to its reverse: "↔ reverse: 0042_x.down.sql"
 * above a forward part, "↔ forward: ..." above a reverse, and, when the
 * reverse is missing, a lens that drafts it (where the client can).
 */

import * as path from 'node:path';
import type { Range } from '../sql/textLines';
import type { DocumentAnalysis } from './documentAnalysis';

export interface PairLens {
  /** UTF-16 offset in this document where the lens sits. */
  at: number;
  title: string;
  target?: { file: string; range?: Range };
  /** The reverse is missing: clicking drafts it for review. */
  draftsReverse?: true;
}

export function pairLenses(analysis: DocumentAnalysis): PairLens[] {
  const lenses: PairLens[] = [];
  for (const pair of analysis.facts.pairs?.sections ?? []) {
    const { section, counterpart } = pair;
    if (!counterpart || section.role === 'verify') continue;
    const at = section.markerStart ?? section.start;
    const other = section.role === 'forward' ? 'reverse' : 'forward';
    if (!counterpart.exists) {
      const missing = `↔ ${other} missing: ${path.basename(counterpart.file)}${counterpart.file === analysis.facts.path ? ' (section)' : ''}`;
      lenses.push(section.role === 'forward' ? { at, title: `${missing} · generate it`, draftsReverse: true } : { at, title: missing });
      continue;
    }
    const sameFile = counterpart.file === analysis.facts.path;
    const range = counterpart.section ? analysis.parsed.lines.rangeOf(counterpart.section.start, counterpart.section.start) : undefined;
    lenses.push({
      at,
      title: `↔ ${other}: ${sameFile ? `section in this file` : `${path.basename(path.dirname(counterpart.file))}/${path.basename(counterpart.file)}`}`,
      target: { file: counterpart.file, ...(sameFile && range ? { range } : {}) },
    });
  }
  return lenses;
}
