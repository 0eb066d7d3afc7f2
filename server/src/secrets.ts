/**
 * Secrets (an API key, a database password) out of any text that may be
 * shown, logged or returned: every occurrence, in each spelling an error
 * message may carry (as given, URL-encoded), longest secret first so one
 * that contains another is replaced whole.
 */

/** Shorter values would redact ordinary words; no real key or password is this short. */
const SHORTEST_SECRET = 4;

export const REDACTED = '[redacted]';

export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const spellings = new Set<string>();
  for (const secret of secrets) {
    if (!secret || secret.length < SHORTEST_SECRET) continue;
    spellings.add(secret);
    spellings.add(encodeURIComponent(secret));
  }
  let shown = text;
  for (const spelling of [...spellings].sort((a, b) => b.length - a.length)) shown = shown.split(spelling).join(REDACTED);
  return shown;
}
