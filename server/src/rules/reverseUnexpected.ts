import { adviceFor } from '../reverse/completeness';
import { pairGaps } from '../reverse/pairGaps';
import type { Rule, RuleFinding } from './rule';
import { displayName, relatedIn, statementSpan } from './pairing/pairLocations';

/**
 * The reverse side of the comparison: a reverse that drops or changes
 * something its forward never created is rolling back more than the
 * migration, usually a copy-paste from another pair. Reported on the
 * reverse's statement, pointing at the forward.
 */
export const reverseUnexpected: Rule = {
  id: 'reverse-unexpected',
  title: 'Reverse migration that does something its forward never did',
  defaultSeverity: 'warning',
  docs: {
    why:
      'A reverse runs when something already went wrong. If it drops a table or column that existed before the forward, the ' +
      'rollback destroys data that had nothing to do with the failed change. Each statement of a reverse should undo a ' +
      'statement of its own forward.',
    bad: '-- migrate:up\nALTER TABLE events ADD COLUMN tenant_id bigint;\n\n-- migrate:down\nALTER TABLE events DROP COLUMN tenant_id;\nDROP TABLE audit_log;',
    good: '-- migrate:up\nALTER TABLE events ADD COLUMN tenant_id bigint;\n\n-- migrate:down\nALTER TABLE events DROP COLUMN tenant_id;',
  },
  check(context) {
    const findings: RuleFinding[] = [];
    for (const pair of context.pairs?.sections ?? []) {
      if (pair.section.role !== 'reverse' || !pair.other) continue;
      for (const gap of pairGaps(pair.other.effects, pair.own.effects)) {
        if (gap.kind !== 'unexpected') continue;
        const where = statementSpan(context, gap.reverseStatement);
        if (!where) continue;
        const forward = pair.counterpart?.file === context.path ? 'its section in this file' : displayName(pair.other.file);
        findings.push({
          ...where,
          message: gap.message,
          advice: adviceFor(gap).replace('its forward', `its forward (${forward})`),
          related: relatedIn(pair, undefined, 'the forward of this migration'),
        });
      }
    }
    return findings;
  },
};
