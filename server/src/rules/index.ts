export { RULES as ALL_RULES, ruleById } from './registry';
export type { Rule, Finding, Fix, TextEdit, Severity, RuleContext, StatementFacts, RuleDocs } from './rule';
export { lintParsedFile, SQL_PROBLEM_RULES, type LintFileInput } from './lintFile';
