/**
 * The drill and review reports are a webview whose page renders text the drill
 * read (SQL, PostgreSQL's error messages) as Markdown, and Markdown passes raw
 * HTML through. Nothing in that text may run, restyle the page or cover its
 * buttons: the policy admits only the page's own style and script (by nonce).
 * (A reviewer found `style-src 'unsafe-inline'` let a report's text restyle the
 * page; this test keeps it out.)
 */

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportHtml } from '../../client/src/reports/reportHtml';

const INJECTED =
  '<p>ERROR: relation "x" does not exist</p>' +
  '<style>#fearless-actions { display: none }</style>' +
  '<div style="position:fixed;top:0;left:0;width:100%;height:100%">cover</div>' +
  '<script>acquireVsCodeApi().postMessage({ action: 0 })</script>' +
  '<img src="https://attacker.example/x.png">';

test("a report's own HTML gets no style, no script and no remote load: only the page's nonce'd style and script apply", () => {
  const html = reportHtml({ title: 'Drill: 1.sql', markdown: '', actions: [{ label: 'Run the drill again', run: () => undefined }] }, INJECTED, 'N0nce1');
  const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.ok(policy, 'the page has a content security policy');
  const directives = new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );
  assert.deepEqual(directives.get('default-src'), ["'none'"], 'images, fonts, frames and fetches fall back to none');
  assert.deepEqual(directives.get('style-src'), ["'nonce-N0nce1'"], 'no unsafe-inline: injected <style> and style="" do not apply');
  assert.deepEqual(directives.get('script-src'), ["'nonce-N0nce1'"], 'injected scripts do not run');
  // The page's own style and script carry the nonce; the injected ones do not.
  assert.equal(html.match(/<style nonce="N0nce1">/g)?.length, 1);
  assert.equal(html.match(/<script nonce="N0nce1">/g)?.length, 1);
  assert.ok(html.includes('<style>#fearless-actions'), 'the injected style is in the page, inert');
});
