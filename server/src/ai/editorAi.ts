/** What the editor asks Claude from its own process (the key stays there): reverse completions and review summaries. Its own bundle, dist/claude.js. */

export { askClaude, ClaudeCancelled, ClaudeUnavailable, DEFAULT_MODEL } from './claudeReverseDraft';
export { riskSummary } from './riskSummary';
