/** Small wording helpers every report and message uses. Shared with the VS Code client. */

/** `1 file`, `3 files`, `0 phases`: a count with its noun in the right number (never `file(s)`). */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}

/** The text on one line, cut to at most `max` characters with an ellipsis when cut (a heading never ends mid-word unmarked). */
export function shortened(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}
