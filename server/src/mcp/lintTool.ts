/** `lint`: the findings `fearless lint --format json` reports, for a file, a folder or text. */

import { z } from 'zod';
import { diagnosticsOf, lintOutcomeOf } from '../workflows/lintReport';
import { analyzeSqlInput, SQL_OR_PATH_INPUT } from './sqlInput';
import { defineTool, RANGE } from './tool';

const DIAGNOSTIC = z.object({
  rule: z.string().describe('Rule id; its documentation is the resource fearless://rules/<id>.'),
  severity: z.enum(['error', 'warning', 'info', 'hint']),
  message: z.string(),
  advice: z.string().optional().describe('The safe way for this finding, when the rule says one.'),
  range: RANGE,
  related: z
    .array(z.object({ path: z.string(), range: RANGE, message: z.string() }))
    .optional()
    .describe('Other places the finding is about, e.g. the statement in the paired reverse.'),
});

export const lintTool = defineTool({
  name: 'lint',
  title: 'Lint a migration',
  description:
    'Checks PostgreSQL migrations for risky locks (CREATE INDEX without CONCURRENTLY, SET NOT NULL scanning under ACCESS EXCLUSIVE, ' +
    'table rewrites...), unsafe patterns, a missing lock_timeout, a missing or incomplete reverse migration, and syntax errors. ' +
    'Each file is checked against the migrations before it in its folder. Give `path` (a file or folder inside the workspace root), ' +
    'or `sql` to check text you have not written yet (with `path` too, as if it were at that path). ' +
    'Returns per file the findings (rule id, severity, a one-sentence message, the advice (the safe way) when there is one, 0-based range) and the error and warning counts; ' +
    'SQL that does not parse is reported as a `syntax-error` finding. The same content as `fearless lint --format json`.',
  input: SQL_OR_PATH_INPUT,
  output: {
    files: z.array(z.object({ path: z.string().describe('Relative to the workspace root; "(sql)" for text.'), diagnostics: z.array(DIAGNOSTIC) })),
    errorCount: z.number().int(),
    warningCount: z.number().int(),
  },
  async run(input, context) {
    const analysed = await analyzeSqlInput(input, context);
    return lintOutcomeOf(analysed.map(({ path, analysis }) => ({ path, diagnostics: diagnosticsOf(analysis) })));
  },
});
