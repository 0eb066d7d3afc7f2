import { adviceFor } from '../reverse/completeness';
import { pairGaps } from '../reverse/pairGaps';
import type { Rule, RuleFinding } from './rule';
import { displayName, relatedIn, sectionAnchor, statementSpan } from './pairing/pairLocations';

/**
 * Compares what the forward does with what its reverse undoes, statically:
 * an index created and never dropped, a column renamed and never renamed
 * back, an enum value PostgreSQL cannot drop. Reported on the forward, at
 * the statement that is not undone, pointing into the reverse.
 */
export const reverseIncomplete: Rule = {
  id: 'reverse-incomplete',
  title: 'Reverse migration that does not undo everything the forward does',
  defaultSeverity: 'warning',
  docs: {
    why:
      'A reverse that forgets one index or one default leaves the schema different from before the forward: the next deploy ' +
      'of the same forward fails on "already exists", or a later migration builds on a schema nobody intended. The reverse ' +
      'should undo every effect of the forward, in reverse order.',
    bad: '-- migrate:up\nALTER TABLE events ADD COLUMN tenant_id bigint;\nCREATE INDEX CONCURRENTLY events_tenant_idx ON events (tenant_id);\n\n-- migrate:down\nALTER TABLE events DROP COLUMN tenant_id;',
    good: '-- migrate:up\nALTER TABLE events ADD COLUMN tenant_id bigint;\n\n-- migrate:down\nALTER TABLE events DROP COLUMN tenant_id;',
  },
  check(context) {
    const findings: RuleFinding[] = [];
    for (const pair of context.pairs?.sections ?? []) {
      if (pair.section.role !== 'forward' || !pair.other || pair.other.statementCount === 0) continue;
      for (const gap of pairGaps(pair.own.effects, pair.other.effects)) {
        if (gap.kind !== 'not-undone' && gap.kind !== 'irreversible') continue;
        const where = statementSpan(context, gap.forwardStatement) ?? sectionAnchor(context, pair);
        const reverse = pair.counterpart?.file === context.path ? 'its section in this file' : displayName(pair.other.file);
        findings.push({
          ...where,
          message: gap.message,
          advice: adviceFor(gap).replace('the reverse', `the reverse (${reverse})`),
          related: relatedIn(pair, undefined, 'the reverse of this migration'),
        });
      }
    }
    return findings;
  },
};
