export { RULES, ruleById, ruleSummaries, TEXT_FINDINGS, KNOWN_RULE_IDS } from './registry';
export type { Rule, Finding, Fix, TextEdit, Severity, RuleContext, StatementFacts, RuleDocs } from './rule';
export { lintParsedFile, type LintFileInput } from './lintFile';
