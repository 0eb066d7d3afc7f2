/** A rule's documentation as Markdown, for `fearless rules ID`, the editor's rule page and docs/rules/. */

import { ruleById, ruleSummaries } from './registry';
import type { Rule } from './rule';

export function ruleDocsMarkdown(rule: Rule): string {
  const counterparts = [
    rule.counterparts?.squawk ? `squawk \`${rule.counterparts.squawk}\`` : '',
    rule.counterparts?.strongMigrations ? `strong_migrations \`${rule.counterparts.strongMigrations}\`` : '',
  ].filter(Boolean);
  return [
    `# ${rule.id}`,
    '',
    `**${rule.title}** — default severity: ${rule.defaultSeverity === 'off' ? `off (opt in with \`"rules": {"${rule.id}": "warning"}\` in fearless.config.json)` : rule.defaultSeverity}${counterparts.length > 0 ? `; same intent as ${counterparts.join(' and ')}` : ''}.`,
    '',
    rule.docs.why,
    '',
    '## Instead of',
    '',
    '```sql',
    rule.docs.bad,
    '```',
    '',
    '## Use',
    '',
    '```sql',
    rule.docs.good,
    '```',
    '',
    `Silence it for one statement with \`-- fearless-ignore ${rule.id}\` on the line above, for a file with \`-- fearless-ignore-file ${rule.id}\`, or everywhere with \`"rules": {"${rule.id}": "off"}\` in fearless.config.json.`,
    '',
  ].join('\n');
}

/**
 * The page for any rule id: a rule's documentation, or for the parser's and
 * the directives' checks (which have a title, not docs) that title.
 * Undefined for an unknown id.
 */
export function ruleMarkdownById(id: string): string | undefined {
  const rule = ruleById(id);
  if (rule) return ruleDocsMarkdown(rule);
  const summary = ruleSummaries().find((candidate) => candidate.id === id);
  return summary ? `# ${summary.id}\n\n${summary.title} (default severity: ${summary.defaultSeverity}).\n` : undefined;
}
