/** The Claude half of `fearless reverse --ai`, bundled on its own so other commands do not load the SDK. */

export { completeReverseWithClaude } from './completeReverse';
export { askClaude, ClaudeUnavailable } from './claudeReverseDraft';
export { riskSummary } from './riskSummary';
