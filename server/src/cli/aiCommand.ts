/** The Claude half of `fearless reverse --ai`, bundled on its own so other commands do not load the SDK. */

export { completeReverseWithClaude } from '../ai/completeReverse';
export { askClaude, ClaudeUnavailable } from '../ai/claudeReverseDraft';
export { riskSummary } from '../ai/riskSummary';
