/**
 * The SQL in a model's answer: the fenced ```sql blocks (or unlabelled
 * fences), joined. Prose outside fences is notes, never SQL: an answer
 * without a fence has no SQL.
 */

const FENCE = /```([A-Za-z]*)[ \t]*\n([\s\S]*?)```/g;

export interface ExtractedAnswer {
  sql: string | undefined;
  /** The answer with the SQL blocks removed, trimmed: the model's notes. */
  notes: string;
}

export function extractSql(answer: string): ExtractedAnswer {
  const blocks: string[] = [];
  let notes = answer;
  for (const match of answer.matchAll(FENCE)) {
    const language = match[1]!.toLowerCase();
    if (language !== '' && language !== 'sql' && language !== 'postgresql' && language !== 'pgsql') continue;
    blocks.push(match[2]!.trim());
    notes = notes.replace(match[0], '');
  }
  return { sql: blocks.length > 0 ? blocks.join('\n\n') : undefined, notes: notes.trim() };
}
