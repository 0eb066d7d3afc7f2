/** `locks`: per statement, the table locks it takes, as `fearless locks --format json` lists them. */

import { z } from 'zod';
import { statementLocksOf } from '../workflows/lockReport';
import { LOCK_MODES } from '../locks/lockModes';
import { analyzeSqlInput, SQL_OR_PATH_INPUT } from './sqlInput';
import { defineTool, RANGE } from './tool';

const LOCK = z.object({
  relation: z.string(),
  mode: z.enum(LOCK_MODES),
  rewrite: z.boolean().describe('The table is rewritten while the lock is held (time and disk grow with its size).'),
  scan: z.boolean().describe('Every row is read while the lock is held.'),
  reason: z.string(),
  relationKind: z.enum(['index', 'sequence']).optional().describe('Present when the relation is not a table.'),
  onlyWhen: z.string().optional().describe('Present when PostgreSQL takes this lock only in some cases.'),
  note: z.string().optional().describe('A version or situation note.'),
});

export const locksTool = defineTool({
  name: 'locks',
  title: 'Locks per statement',
  description:
    'Lists, for every statement of a migration in file order, the table-level locks PostgreSQL takes (mode and relation), whether the ' +
    'statement rewrites or scans the table while holding it, and why; statements that take no lock are listed with no locks. ' +
    'Uses the PostgreSQL version and history of the project (schema from the earlier migrations in the folder). ' +
    'Give `path` (a file or folder inside the workspace root) or `sql` (text, optionally with the `path` it is meant for). ' +
    'A statement that does not parse has `syntaxError` and no locks. The same content as `fearless locks --format json`; ' +
    'explain_lock_mode says what a mode blocks.',
  input: SQL_OR_PATH_INPUT,
  output: {
    files: z.array(
      z.object({
        path: z.string().describe('Relative to the workspace root; "(sql)" for text.'),
        statements: z.array(
          z.object({
            index: z.number().int().describe('0-based statement index in the file.'),
            range: RANGE,
            sql: z.string(),
            locks: z.array(LOCK),
            syntaxError: z.string().optional(),
          }),
        ),
      }),
    ),
  },
  async run(input, context) {
    const analysed = await analyzeSqlInput(input, context);
    return { files: analysed.map(({ path, analysis }) => ({ path, statements: statementLocksOf(analysis) })) };
  },
});
