import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withAiSummary } from '../../server/src/review/reviewReport';

test("the editor's late summary lands under the report's title, marked as AI-written", () => {
  const report = '# Migration review: 1 of 1 migration ready\n\n## a.up.sql: ready\n\n- item\n';
  assert.equal(
    withAiSummary(report, 'Risk one.\nRisk two.'),
    '# Migration review: 1 of 1 migration ready\n\n> **AI-written risk summary (Claude, first pass; the reviewer confirms):**\n> Risk one.\n> Risk two.\n\n## a.up.sql: ready\n\n- item\n',
  );
});
