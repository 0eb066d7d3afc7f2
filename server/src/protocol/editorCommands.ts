/**
 * Commands an editor runs itself (the VS Code extension's review UI and drill). A client lists the ones it has in
 * `initializationOptions.editorCommands`; the server then offers them as code actions and code lenses.
 */

/** Arguments `[uri, position]`: draft the reverse with Claude's help and review it in a diff. */
export const GENERATE_REVERSE_COMMAND = 'fearless.generateReverse';
/** Argument `[uri]`: drill the pair the document belongs to. */
export const RUN_DRILL_COMMAND = 'fearless.runDrill';
/** Arguments `[uri, range | null]`: open a migration (the other half of a pair, or a file a quick fix just created). */
export const OPEN_MIGRATION_COMMAND = 'fearless.openPairedMigration';
/** Arguments `[pageUri, ruleId]`: open the rule's page rendered (the quick fix menu's "Show documentation for <rule>", as ESLint has). */
export const SHOW_RULE_DOCUMENTATION_COMMAND = 'fearless.showRuleDocumentation';
