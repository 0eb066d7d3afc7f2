/**
 * What a diagnostic's message must look like: one short sentence the
 * Problems panel shows whole (what, the lock, the table). With each quoted
 * name counted as one character, at most 90 characters and no second
 * sentence; the safe way belongs in the finding's `advice`.
 */

export const MAX_MESSAGE_LENGTH = 90;

/** The message with every quoted name ("events", `events`, 'x') as one character, so long names do not count. */
export function messageShape(message: string): string {
  return message.replace(/"[^"]*"|`[^`]*`|'[^']*'/g, 'x');
}

/** Why a message is not one short sentence, if it is not. */
export function messageProblem(message: string): string | undefined {
  const shape = messageShape(message);
  if (shape.length > MAX_MESSAGE_LENGTH) return `${shape.length} characters (at most ${MAX_MESSAGE_LENGTH}, names not counted)`;
  if (/[.:;!?]\s+\S/.test(shape)) return 'more than one sentence (the rest belongs in advice)';
  return undefined;
}
