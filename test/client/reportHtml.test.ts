/**
 * The drill and review reports in the editor: the actions offered next (from
 * a real drill's result, `fearless drill --format json`) and the webview's
 * page (buttons first, the only ones its script binds; everything escaped; a
 * nonce-only script policy).
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { drillActions, pairActions, reportHtml } from '../../client/src/reports/reportHtml';
import type { PairDrill } from '../../server/src/drill/drillReport';
import { runCli, workspace } from '../helpers/runCli';

const fileUri = (file: string): string => pathToFileURL(file).href;

function drillOf(files: Record<string, string>, forward: string): PairDrill {
  const root = workspace(files);
  const result = runCli(['drill', '--format', 'json', path.join(root, forward)], { cwd: root });
  return (JSON.parse(result.stdout) as { drills: PairDrill[] }).drills[0]!;
}

test('a failed drill offers: run it again, open the failing statement where PostgreSQL said, open the pair', () => {
  const drill = drillOf(
    { 'migrations/1_events.up.sql': 'CREATE TABLE events (id bigint);\n', 'migrations/1_events.down.sql': 'SELECT 1;\nDROP TABLE nope;\n' },
    'migrations/1_events.up.sql',
  );
  assert.equal(drill.verdict, 'fail');
  const actions = drillActions(drill, undefined, fileUri);
  assert.deepEqual(
    actions.map((action) => action.label),
    ['Run the drill again', 'Open the failing statement (reverse)', 'Open 1_events.up.sql', 'Open 1_events.down.sql'],
  );
  assert.deepEqual(actions[0]!.target, { kind: 'drill again', uri: fileUri(drill.forward) });
  const failing = actions[1]!.target;
  assert.ok(failing.kind === 'open');
  assert.equal(failing.file, drill.reverse);
  assert.equal('SELECT 1;\nDROP TABLE nope;\n'.slice(failing.offset), 'DROP TABLE nope;\n');
});

test('a passed drill offers no failing statement; nothing drilled offers the drill again for the file asked', () => {
  const drill = drillOf(
    { 'migrations/1_events.up.sql': 'CREATE TABLE events (id bigint);\n', 'migrations/1_events.down.sql': 'DROP TABLE events;\n' },
    'migrations/1_events.up.sql',
  );
  assert.equal(drill.verdict, 'pass');
  assert.deepEqual(
    drillActions(drill, undefined, fileUri).map((action) => action.label),
    ['Run the drill again', 'Open 1_events.up.sql', 'Open 1_events.down.sql'],
  );
  assert.deepEqual(drillActions(null, 'file:///w/migrations/2_x.up.sql', fileUri), [
    { label: 'Run the drill again', target: { kind: 'drill again', uri: 'file:///w/migrations/2_x.up.sql' } },
  ]);
  assert.deepEqual(
    pairActions('/w/m/3_x.sql', null).map((action) => action.label),
    ['Open 3_x.sql'],
  );
});

test('the page: buttons first and escaped, the report after them, a script allowed only by its nonce', () => {
  const html = reportHtml(
    {
      title: 'Drill: <x>.sql',
      markdown: '',
      actions: [
        { label: 'Open <b>1.sql</b>', run: () => undefined },
        { label: 'Run again', run: () => undefined },
      ],
    },
    '<h2 id="fearless-actions">report</h2>',
    'n0nce',
  );
  assert.match(html, /script-src 'nonce-n0nce';/);
  assert.match(html, /default-src 'none'/);
  assert.ok(html.indexOf('<div id="fearless-actions">') < html.indexOf('<article>'), 'the buttons come before the report, so getElementById finds them first');
  assert.match(
    html,
    /<button type="button" data-action="0">Open &lt;b&gt;1\.sql&lt;\/b&gt;<\/button><button type="button" data-action="1">Run again<\/button>/,
  );
  assert.match(html, /<title>Drill: &lt;x&gt;\.sql<\/title>/);
  assert.equal(html.match(/<script/g)?.length, 1);
  assert.match(html, /<script nonce="n0nce">/);
});
