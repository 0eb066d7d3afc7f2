import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shadowHtml, type ShadowReportData } from '../../client/src/shadow/shadowHtml';

const REPORT: ShadowReportData = {
  migration: 'migrations/2_default.up.sql',
  capture: 'capture.log',
  format: 'pglog',
  database: 'PGlite (PostgreSQL 18.6)',
  summary: { replayed: 3, identical: 1, failsAfter: 1, different: 1, slower: 0, bothFailed: 0, skipped: 2, leftOut: 0, beforeMs: 12, afterMs: 9 },
  queries: [
    {
      sql: 'SELECT name FROM accounts WHERE id = $1',
      parameters: ['1'],
      kind: 'read',
      file: 'capture.log',
      line: 3,
      occurrences: 2,
      beforeMs: 1,
      afterMs: 1,
      differences: [{ kind: 'fails-after', error: 'column "name" does not exist' }],
    },
    {
      sql: "INSERT INTO accounts (id) VALUES (1) RETURNING status, '<script>alert(1)</script>'",
      kind: 'write',
      file: 'capture.log',
      line: 7,
      occurrences: 1,
      beforeMs: 1,
      afterMs: 1,
      differences: [{ kind: 'rows', beforeCount: 1, afterCount: 1, onlyBefore: [['active', null]], onlyAfter: [['pending', '<b>']], ordered: false }],
    },
    { sql: 'SELECT 1', kind: 'read', file: 'capture.log', line: 9, occurrences: 1, beforeMs: 1, afterMs: 1, differences: [] },
  ],
  skipped: [
    { sql: 'BEGIN', reason: 'transaction control' },
    { sql: 'COMMIT', reason: 'transaction control' },
  ],
};

test('the webview page: no scripts allowed or present, every report text escaped, the findings in order', () => {
  const html = shadowHtml(REPORT, 'vscode-webview://abc');
  assert.match(html, /Content-Security-Policy" content="default-src 'none'; style-src vscode-webview:\/\/abc 'unsafe-inline';"/);
  assert.doesNotMatch(html, /<script/i);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(html, /\(pending, &lt;b&gt;\)/);
  assert.match(html, /\(active, <span class="null">NULL<\/span>\)/);
  assert.match(html, /1 fail after the migration, 1 give different results, 0 got 10× slower or more\./);
  assert.ok(html.indexOf('Fails after the migration') < html.indexOf('Different results'), 'what breaks comes first');
  assert.match(html, /read · capture\.log:3 · 2× in the capture · parameters &#39;1&#39;/);
  assert.match(html, /<li>2 × transaction control<\/li>/);
  assert.doesNotMatch(html.slice(html.indexOf('<body>')), /SELECT 1</, 'identical queries are counted, not listed');
});

test('a clean run says so', () => {
  const html = shadowHtml({ ...REPORT, summary: { ...REPORT.summary, failsAfter: 0, different: 0 }, queries: [REPORT.queries[2]!] }, 'x');
  assert.match(html, /class="good"><strong>No differences: every replayed statement gives the same result/);
});
