// `npm run bench` (after `npm run build`): measures and prints; it asserts nothing.
//
//   1. cold `fearless lint` of Lemmy's 342 forward migrations vs squawk's native binary
//   2. language-server didChange → publishDiagnostics latency on ~1 KB and ~220 KB documents
//   3. a rollback drill of Lemmy's newest pair after its history, cold and warm (PGlite), and repeated from the editor
//   4. fearless shadow replaying 10,000 captured statements, against a raw PGlite replay
//   5. a summary block
//
// Environment: BENCH_RUNS (timed runs per lint command, default 7),
// BENCH_CORPUS (default ../shared/corpus/LemmyNet__lemmy from the repo root),
// BENCH_SKIP=lint|lsp|drill|shadow (comma-separated) to skip parts.

import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchLint, lemmyForwardMigrations } from './lintVsSquawk.mjs';
import { benchDrill } from './drillWarm.mjs';
import { benchShadow } from './shadowReplay.mjs';
import { benchFirstOpen, benchLsp } from './lspLatency.mjs';
import { heading, ms, nowMs } from './stats.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = path.resolve(process.env.BENCH_CORPUS ?? path.join(repoRoot, '..', 'shared', 'corpus', 'LemmyNet__lemmy'));
const runs = Math.max(1, Number.parseInt(process.env.BENCH_RUNS ?? '7', 10) || 7);
const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));

const started = nowMs();
const cpus = os.cpus();
console.log(
  `fearless bench: node ${process.version}, ${os.platform()}-${os.arch()}, ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ` +
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
);

const lint = skip.has('lint') ? { skipped: 'BENCH_SKIP' } : await benchLint({ repoRoot, corpusDir, runs });
const lsp = skip.has('lsp') ? { skipped: 'BENCH_SKIP' } : await benchLsp({ repoRoot, corpusDir, files: lemmyForwardMigrations(corpusDir) });
const firstOpen = skip.has('lsp') ? { skipped: 'BENCH_SKIP' } : await benchFirstOpen({ repoRoot, files: lemmyForwardMigrations(corpusDir) });
const drill = skip.has('drill') ? { skipped: 'BENCH_SKIP' } : await benchDrill({ repoRoot, corpusDir, runs: Math.min(runs, 3) });
const shadow = skip.has('shadow') ? { skipped: 'BENCH_SKIP' } : await benchShadow({ repoRoot });

heading('summary');
if (lint.skipped) console.log(`lint: skipped (${lint.skipped})`);
else {
  const floor = `(node startup floor ${ms(lint.nodeFloor.median)} ms)`;
  const counts = [lint.statements !== undefined ? `${lint.statements} statements` : '', lint.findings !== undefined ? `${lint.findings} findings` : '']
    .filter(Boolean)
    .join(', ');
  if (lint.squawk) {
    console.log(
      `lint ${lint.files} Lemmy forwards: fearless median ${ms(lint.fearless.median)} ms, squawk median ${ms(lint.squawk.median)} ms ` +
        `(json reporter ${ms(lint.squawkJson.median)} ms), ratio ${lint.ratio.toFixed(2)}× (${lint.ratioJson.toFixed(2)}× vs json)  ${floor}${counts ? `  [${counts}]` : ''}`,
    );
    console.log(
      `lint ${lint.files} Lemmy forwards with --cache (all hits): fearless median ${ms(lint.fearlessCached.median)} ms, ` +
        `ratio ${lint.ratioCached.toFixed(2)}× (${lint.ratioCachedJson.toFixed(2)}× vs json)`,
    );
  } else {
    console.log(`lint ${lint.files} Lemmy forwards: fearless median ${ms(lint.fearless.median)} ms, squawk not available  ${floor}`);
  }
}
if (lsp.skipped) console.log(`LSP: skipped (${lsp.skipped})`);
else {
  for (const [key, label] of [
    ['1k', '1 KB'],
    ['220k', '220 KB'],
    ['inplace', 'Lemmy newest in place'],
  ]) {
    const r = lsp.results[key];
    if (!r) continue;
    console.log(
      `LSP didChange→diagnostics ${label}: median ${ms(r.typingStats.median)} ms (p90 ${ms(r.typingStats.p90)}) typing, ` +
        `${ms(r.toggleStats.median)} ms (p90 ${ms(r.toggleStats.p90)}) space toggle; first open ${ms(r.open.elapsed)} ms`,
    );
  }
}
if (!firstOpen.skipped) {
  for (const [run, r] of Object.entries(firstOpen)) console.log(`first squiggle, new language server, ${run}: ${ms(r.totalMs)} ms (target 1500)`);
}
if (drill.skipped) console.log(`drill: skipped (${drill.skipped})`);
else {
  console.log(
    `drill of ${drill.file} after ${drill.historyParts} history parts: warm median ${ms(drill.warm.median)} ms (target 3000), ` +
      `cold ${ms(drill.cold)} ms, ratio ${drill.ratio.toFixed(2)}× cold`,
  );
  console.log(
    `drill from the editor (one language server, repeated): median ${ms(drill.editor.times.median)} ms, ` +
      `opening the database ${ms(drill.editor.opening.median)} ms (target: well under 1000)`,
  );
}
if (shadow.skipped) console.log(`shadow: skipped (${shadow.skipped})`);
else {
  console.log(
    `shadow replay of 10,000 captured statements: ${ms(shadow.fearless)} ms (target 60000), ${shadow.ratio.toFixed(2)}× a raw PGlite replay on two databases (${ms(shadow.raw)} ms)`,
  );
}
const load = os.loadavg()[0];
console.log(
  `(bench took ${((nowMs() - started) / 1000).toFixed(1)} s; 1-min load average ${load.toFixed(2)} on ${cpus.length} CPUs` +
    `${load > cpus.length * 0.75 ? ': the machine is busy, expect noisy numbers' : ''})`,
);
