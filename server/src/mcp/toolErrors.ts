/**
 * Errors a tool reports to the agent as a tool error (`isError: true` and
 * the message), as opposed to bugs. The agent can act on these: a path to
 * correct, SQL to fix, a mode name to respell.
 */

export class ToolInputError extends Error {
  override name = 'ToolInputError';
}

/**
 * The analysis and CLI modules signal bad input with their own classes
 * (UsageError, PlanProblem, DatabaseUnavailable); their messages are
 * written for the user already, so they pass through as they are.
 */
const INPUT_ERROR_NAMES = new Set(['ToolInputError', 'UsageError']);

export function isInputError(error: unknown, ...inputErrorClasses: (new (...args: never[]) => Error)[]): error is Error {
  return error instanceof Error && (INPUT_ERROR_NAMES.has(error.name) || inputErrorClasses.some((known) => error instanceof known));
}
