import { ruleById, ruleSummaries } from '../../rules/registry';
import { ruleDocsMarkdown, ruleMarkdownById } from '../../rules/ruleDocsText';
import { UsageError } from '../../workflows/usageError';
import { formatFlag } from '../args';
import { formatFlagSpec, type CliCommand } from '../command';
import { writeOut } from '../output';

export const rulesCommand: CliCommand = {
  name: 'rules',
  usage: ['fearless rules [--format text|json] [RULE-ID]'],
  summary: "List the rules (id, default severity, title), or show one rule's documentation: why it matters, what to write instead, how to silence it.",
  flags: [formatFlagSpec(['text', 'json'], 'text')],
  async run(args) {
    const format = formatFlag(args);
    const wanted = args.positionals[0];
    if (args.positionals.length > 1) throw new UsageError('"fearless rules" takes at most one rule id.');
    if (wanted === undefined) {
      const summaries = ruleSummaries();
      await writeOut(
        format === 'json'
          ? `${JSON.stringify({ rules: summaries })}\n`
          : `${summaries.map((rule) => `${rule.id.padEnd(44)} ${rule.defaultSeverity.padEnd(8)} ${rule.title}`).join('\n')}\n`,
      );
      return 0;
    }
    const rule = ruleById(wanted);
    if (!rule) {
      // Parser and directive findings have pages too, without a rule object.
      const summary = ruleSummaries().find((candidate) => candidate.id === wanted);
      if (!summary) throw new UsageError(`No rule "${wanted}". Run "fearless rules" for the list.`);
      await writeOut(format === 'json' ? `${JSON.stringify(summary)}\n` : ruleMarkdownById(summary.id)!);
      return 0;
    }
    await writeOut(
      format === 'json'
        ? `${JSON.stringify({ id: rule.id, title: rule.title, defaultSeverity: rule.defaultSeverity, docs: rule.docs, counterparts: rule.counterparts ?? {} })}\n`
        : ruleDocsMarkdown(rule),
    );
    return 0;
  },
};
