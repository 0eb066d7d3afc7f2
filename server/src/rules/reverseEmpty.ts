import type { Rule, RuleFinding } from './rule';
import { displayName, sectionAnchor } from './pairing/pairLocations';

/** A reverse that exists but holds no statement undoes nothing, however tidy the pair looks. */
export const reverseEmpty: Rule = {
  id: 'reverse-empty',
  fileLevel: true,
  title: 'Reverse migration with no statements',
  defaultSeverity: 'error',
  docs: {
    why:
      'An empty reverse passes a "has a down migration" check and rolls back nothing: after a rollback the schema still has ' +
      'everything the forward added, and the next forward fails or, worse, half-applies. If the change truly cannot be undone, ' +
      'say so in the reverse with a comment and an explicit error (RAISE EXCEPTION in a DO block) instead of leaving it empty.',
    bad: '-- migrate:up\nCREATE TABLE events (id bigint);\n\n-- migrate:down\n',
    good: '-- migrate:up\nCREATE TABLE events (id bigint);\n\n-- migrate:down\nDROP TABLE events;',
  },
  check(context) {
    const findings: RuleFinding[] = [];
    for (const pair of context.pairs?.sections ?? []) {
      if (pair.section.role !== 'forward' || !pair.counterpart?.exists || !pair.other || pair.other.statementCount > 0) continue;
      if (pair.own.statementCount === 0) continue;
      findings.push({
        ...sectionAnchor(context, pair),
        message:
          pair.counterpart.file === context.path
            ? 'The reverse section of this file has no statements, so rolling back undoes nothing'
            : `The reverse "${displayName(pair.counterpart.file)}" has no statements, so rolling back undoes nothing`,
        advice: 'Write the statements that undo the forward; if it cannot be undone, say so there with RAISE EXCEPTION in a DO block.',
      });
    }
    return findings;
  },
};
