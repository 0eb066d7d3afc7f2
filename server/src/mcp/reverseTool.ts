/**
 * `reverse`: the deterministic reverse of a forward migration, as
 * `fearless reverse --format json` drafts it. No AI call: the agent asking
 * is the AI, and completes the unresolved part itself.
 */

import { z } from 'zod';
import { reverseOf } from '../workflows/reverseReport';
import { readMigration, requireParses } from './sqlInput';
import { defineTool } from './tool';

export const reverseTool = defineTool({
  name: 'reverse',
  title: 'Draft the reverse migration',
  description:
    'Drafts the reverse (down) migration of a forward migration file from the forward and the schema its history leaves: every ' +
    'statement whose inverse can be proven (DROP INDEX for CREATE INDEX, ADD COLUMN back with its type and default for DROP COLUMN...), ' +
    'in reverse order. What cannot be proven (restoring dropped data, an enum value...) is listed in `unresolved` with why, for you to ' +
    'write by hand and review. Deterministic, no AI call; writes nothing. Returns the draft as SQL (with its header and the unresolved ' +
    'statements as comments), the proven statements, and the unresolved list. Errors when the file does not parse or is itself a reverse.',
  input: {
    forward: z.string().describe('The forward migration file, relative to the workspace root (e.g. "migrations/3_add_index.up.sql").'),
  },
  output: {
    forward: z.string(),
    sql: z.string().describe('The whole draft, ready to review: proven statements, unresolved ones as comments.'),
    statements: z.array(z.string()).describe('The proven reverse statements, in the order they run.'),
    unresolved: z.array(
      z.object({
        statement: z.number().int().describe('0-based index of the forward statement in its file.'),
        sql: z.string().describe('That forward statement.'),
        reason: z.string(),
      }),
    ),
    complete: z.boolean().describe('True when every forward statement was reversed (nothing unresolved).'),
  },
  async run(input, context) {
    const forward = await readMigration(input.forward, context);
    requireParses(forward.parsed, input.forward);
    const draft = await reverseOf(forward.file, context.config);
    return {
      forward: forward.file,
      sql: draft.sql,
      statements: draft.source.deterministic,
      unresolved: draft.unresolved.map((entry) => ({
        ...entry,
        sql: forward.parsed.statements.find((statement) => statement.index === entry.statement)?.text ?? '',
      })),
      complete: draft.unresolved.length === 0,
    };
  },
});
