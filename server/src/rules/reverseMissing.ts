import * as path from 'node:path';
import type { Rule, RuleFinding } from './rule';
import { sectionAnchor } from './pairing/pairLocations';
import { draftReverse, newReverseSection } from '../reverse/reverseDraft';

/**
 * Every forward ships with its reverse. A forward part whose reverse file or
 * section does not exist gets a finding with a fix that creates it at the
 * convention's path (or as the section), pre-filled with what to undo.
 */
export const reverseMissing: Rule = {
  id: 'reverse-missing',
  fileLevel: true,
  title: 'Forward migration without a reverse',
  defaultSeverity: 'error',
  docs: {
    why:
      'A migration that cannot be rolled back turns a bad deploy into an incident: the only way back is a hand-written fix under ' +
      'pressure. Write the reverse with the forward, review both, and rehearse them (fearless drill) before the forward ships. ' +
      'Tools without reverse migrations (Prisma, Supabase, plain numbered files) are not checked.',
    bad: '-- migrate:up\nCREATE TABLE events (id bigint);',
    good: '-- migrate:up\nCREATE TABLE events (id bigint);\n\n-- migrate:down\nDROP TABLE events;',
  },
  counterparts: {},
  check(context) {
    const findings: RuleFinding[] = [];
    for (const pair of context.pairs?.sections ?? []) {
      if (pair.section.role !== 'forward' || !pair.counterpart || pair.counterpart.exists) continue;
      const anchor = sectionAnchor(context, pair);
      // The deterministic draft: what can be proven from the forward and its history, the rest listed to write by hand.
      const stub = draftReverse(context, pair.section.start)!.sql;
      const inThisFile = pair.counterpart.file === context.path;
      findings.push({
        ...anchor,
        message: inThisFile
          ? `This ${context.layout.convention} migration has no reverse section`
          : `The reverse migration "${path.basename(pair.counterpart.file)}" does not exist`,
        advice: inThisFile
          ? 'Add a reverse section that undoes the forward, so the change can be rolled back.'
          : `Write ${path.basename(pair.counterpart.file)} with the forward, so the change can be rolled back.`,
        fixes: [
          inThisFile
            ? {
                title: 'Add the reverse section',
                edits: [toEdit(newReverseSection(stub, pair, context))],
              }
            : {
                title: `Create reverse migration ${path.basename(pair.counterpart.file)}`,
                edits: [],
                newFiles: [{ path: pair.counterpart.file, content: stub }],
              },
        ],
      });
    }
    return findings;
  },
};

function toEdit(insertion: { at: number; newText: string }): { start: number; end: number; newText: string } {
  return { start: insertion.at, end: insertion.at, newText: insertion.newText };
}
