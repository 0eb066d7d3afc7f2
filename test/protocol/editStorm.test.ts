import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticSeverity, type TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol/node';
import { applyContentChanges, positionAt, lspSuite } from '../helpers/lspSession';

/** mulberry32: a tiny deterministic PRNG, so a failure reproduces. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// No lone '\r': a position between '\r' and '\n' is ambiguous, and the test tracks the text itself.
const ALPHABET = [
  ...'abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789',
  ..."\n\n\n\t;;;''\"$$()*/-,.{}[]\\",
  '🎉',
  'é',
  '日',
  '\u0000',
  '\uD800',
  '\uDFFF',
  '\uFEFF',
  '\u2028',
];
const FRAGMENTS = [
  'CREATE INDEX ON',
  'CREATE INDEX',
  "SELECT '",
  '$$',
  '$tag$',
  '/*',
  '*/',
  '--',
  '"',
  'CREATE INDEX CONCURRENTLY x ON events (',
  'ALTER TABLE events ADD COLUMN',
  "SET lock_timeout = '",
  'BEGIN;',
  ';',
  'CREATE INDX',
  '\0',
  '\uD83D', // lone high surrogate
  '\uDE00', // lone low surrogate
  '(((((((((((((((((((((',
];

const STORM_EDITS = 300;
const FINAL_INCREMENTAL = "SET lock_timeout = '5s';\nCREATE INDEX storm_idx ON events (tenant_id);\n";
const FINAL_FULL = '-- done\nCREATE INDEX storm_final_idx ON events (tenant_id);\nSELECT 1;\n';

describe('edit storm over stdio', () => {
  const suite = lspSuite({ 'migrations/0001_create_events.sql': 'CREATE TABLE events (id bigint, tenant_id bigint);\n' });

  test('300 rapid incremental edits of garbage, then exact diagnostics for the final text', { timeout: 30_000 }, async () => {
    const seed = Number(process.env.FEARLESS_STORM_SEED ?? 20240611); // override to explore other storms
    const random = prng(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const garbage = (length: number): string => Array.from({ length }, () => pick(ALPHABET)).join('');

    const uri = suite.session.uriOf('migrations/0002_storm.sql');
    let text = 'CREATE INDEX events_tenant_idx ON events (tenant_id);\n';
    let version = 1;
    suite.session.open(uri, text, version);

    const randomRange = (): { start: number; end: number } => {
      const a = Math.floor(random() * (text.length + 1));
      const span = random() < 0.7 ? Math.floor(random() * 20) : Math.floor(random() * 2000);
      return { start: a, end: Math.min(text.length, a + span) };
    };
    const edit = (newText: string, deleting = false): TextDocumentContentChangeEvent => {
      const { start, end } = randomRange();
      const range = { start: positionAt(text, start), end: positionAt(text, deleting ? end : start) };
      const change = { range, text: newText };
      text = applyContentChanges(text, [change]);
      return change;
    };

    for (let step = 0; step < STORM_EDITS; step++) {
      const changes: TextDocumentContentChangeEvent[] = [];
      const count = step % 10 === 0 ? 3 : 1; // some notifications carry several changes, applied in order
      for (let c = 0; c < count; c++) {
        const roll = random();
        if (step === 250 && c === 0) {
          // One huge line: 200 KB of SQL-ish tokens with no line break.
          const words: string[] = [];
          let size = 0;
          while (size < 200_000) {
            const word = pick(['SELECT', 'a', ',', "'x'", '1', '🎉', 'ON', 'events', '(', ')', 'é', '日本']);
            words.push(word);
            size += word.length + 1;
          }
          changes.push(edit(words.join(' ')));
        } else if (roll < 0.35) changes.push(edit(garbage(1 + Math.floor(random() * 40))));
        else if (roll < 0.65) changes.push(edit(pick(FRAGMENTS)));
        else if (roll < 0.8) changes.push(edit('', true));
        else if (roll < 0.9) changes.push(edit(pick(FRAGMENTS) + garbage(5) + pick(FRAGMENTS), true));
        else changes.push(edit(`\n${pick(FRAGMENTS)} ${garbage(3)}\n`));
      }
      suite.session.change(uri, ++version, changes);
    }
    assert.ok(text.length > 180_000, `the huge line should still be in the text (length ${text.length})`);

    // Replace everything through an incremental change computed from the text we tracked: if the
    // server's copy diverged from ours, leftovers would show up in the diagnostics below.
    const replaceAll = { range: { start: { line: 0, character: 0 }, end: positionAt(text, text.length) }, text: FINAL_INCREMENTAL };
    text = applyContentChanges(text, [replaceAll]);
    assert.equal(text, FINAL_INCREMENTAL);
    suite.session.change(uri, ++version, [replaceAll]);
    const incremental = await suite.session.waitForDiagnostics(uri, undefined, 20_000);
    assert.equal(incremental.version, version);
    assert.deepEqual(
      incremental.diagnostics.map((d) => ({ code: d.code, severity: d.severity, range: d.range })),
      [
        {
          code: 'index-without-concurrently',
          severity: DiagnosticSeverity.Error,
          range: { start: { line: 1, character: 0 }, end: { line: 1, character: 'CREATE INDEX storm_idx ON events (tenant_id);'.length } },
        },
      ],
    );

    // Final full replacement with a known text.
    suite.session.change(uri, ++version, [{ text: FINAL_FULL }]);
    const final = await suite.session.waitForDiagnostics(uri, undefined, 20_000);
    assert.ok(suite.session.isAlive(), `server died (seed ${seed}):\n${suite.session.stderr}`);
    assert.equal(final.version, version);
    const indexLine = 'CREATE INDEX storm_final_idx ON events (tenant_id);';
    assert.deepEqual(
      final.diagnostics.map((d) => ({ code: d.code, severity: d.severity, range: d.range })).sort((a, b) => String(a.code).localeCompare(String(b.code))),
      [
        {
          code: 'index-without-concurrently',
          severity: DiagnosticSeverity.Error,
          range: { start: { line: 1, character: 0 }, end: { line: 1, character: indexLine.length } },
        },
        {
          code: 'lock-timeout-missing',
          severity: DiagnosticSeverity.Warning,
          range: { start: { line: 1, character: 0 }, end: { line: 1, character: indexLine.length } },
        },
      ],
    );

    // Give any straggler a chance to arrive, then check the ordering of everything published.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const versions = suite.session.published(uri).map((p) => p.version);
    assert.ok(versions.length >= 3, `expected several publishes, got ${JSON.stringify(versions)}`);
    for (let i = 1; i < versions.length; i++) {
      assert.ok(
        (versions[i] ?? -1) >= (versions[i - 1] ?? -1),
        `publish #${i} carried version ${String(versions[i])} after version ${String(versions[i - 1])}: ${JSON.stringify(versions)}`,
      );
    }
    assert.equal(versions[versions.length - 1], version, `the last publish must be for the final version: ${JSON.stringify(versions)}`);
    assert.ok(suite.session.isAlive(), `server died:\n${suite.session.stderr}`);
    assert.ok(!/Analysis of .* failed/.test(suite.session.stderr + suite.session.logMessages.join('\n')), suite.session.stderr);
  });
});
