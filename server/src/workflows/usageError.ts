/** What the user asked for cannot be done as asked: a plain message, exit 2 in the CLI, an error result elsewhere. */
export class UsageError extends Error {
  // Checked by name too: the drill and review commands live in a bundle of their own, with their own copy of this class.
  override name = 'UsageError';
}

export function isUsageError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'UsageError';
}
