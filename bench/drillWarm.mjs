// A rollback drill of Lemmy's newest pair, after its 300+-migration history, on PGlite: once cold (the history is
// applied, then kept in the cache of applied histories) and then warm (the history state restored from that cache).
// The cold run is the peer the warm runs are compared with. Target: warm ≤ 3 s.
// Then the editor's case: the same drill requested three times from one language server (`fearless/drill`),
// which keeps PGlite's compiled wasm between drills.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient, loadProtocol } from './lspLatency.mjs';
import { heading, ms, nowMs, summarize } from './stats.mjs';

function timedDrill(repoRoot, file, cacheDirectory) {
  const started = nowMs();
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'fearless.js'), 'drill', '--format', 'json', file], {
    encoding: 'utf8',
    env: { ...process.env, FEARLESS_CACHE_DIR: cacheDirectory },
    maxBuffer: 64 * 1024 * 1024,
  });
  const elapsed = nowMs() - started;
  const report = result.stdout ? JSON.parse(result.stdout) : undefined;
  return { elapsed, status: result.status, drill: report?.drills?.[0], stderr: result.stderr };
}

/** Drills `file` `runs` times through one language server; each drill's wall time and its history step (opening the database). */
async function editorDrills(repoRoot, file, cacheDirectory, runs) {
  const client = new LspClient(repoRoot, loadProtocol(repoRoot), { ...process.env, FEARLESS_CACHE_DIR: cacheDirectory });
  try {
    await client.initialize(path.dirname(path.dirname(file)));
    const times = [];
    const opening = [];
    for (let i = 0; i < runs; i++) {
      const started = nowMs();
      const answer = await client.connection.sendRequest('fearless/drill', { textDocument: { uri: pathToFileURL(file).href } });
      times.push(nowMs() - started);
      opening.push(answer.drill?.steps[0]?.ms ?? NaN);
    }
    return { times: summarize(times), opening: summarize(opening) };
  } finally {
    await client.shutdown();
  }
}

export async function benchDrill({ repoRoot, corpusDir, runs }) {
  heading('rollback drill after a long history (PGlite)');
  const pairs = readdirSync(corpusDir)
    .filter((name) => statSync(path.join(corpusDir, name)).isDirectory())
    .sort();
  const newest = path.join(corpusDir, pairs.at(-1), 'up.sql');
  const cacheDirectory = mkdtempSync(path.join(os.tmpdir(), 'fearless-bench-cache-'));
  try {
    // The initialised data directory is made once per machine; the benchmark does not count it.
    timedDrill(repoRoot, path.join(repoRoot, 'examples', 'migrations', '0001_create_events.up.sql'), cacheDirectory);
    const cold = timedDrill(repoRoot, newest, cacheDirectory);
    if (!cold.drill) return { skipped: `the drill did not run: ${cold.stderr.slice(0, 300)}` };
    const warm = [];
    let last = cold;
    for (let i = 0; i < runs; i++) {
      last = timedDrill(repoRoot, newest, cacheDirectory);
      warm.push(last.elapsed);
    }
    const historyParts = Number(/^(\d+)/.exec(cold.drill.steps[0].detail)?.[1] ?? 0);
    const editor = await editorDrills(repoRoot, newest, cacheDirectory, 3);
    const result = {
      editor,
      file: path.relative(repoRoot, newest),
      historyParts,
      verdict: last.drill?.verdict,
      cold: cold.elapsed,
      warm: summarize(warm),
      ratio: summarize(warm).median / cold.elapsed,
      warmSteps: last.drill?.steps.map((step) => `${step.name} ${step.ms} ms`).join(', '),
    };
    console.log(
      `${result.file}: history of ${historyParts} parts; cold ${ms(result.cold)} ms, warm median ${ms(result.warm.median)} ms (${result.ratio.toFixed(2)}× cold); verdict ${result.verdict}`,
    );
    console.log(`warm steps: ${result.warmSteps}`);
    console.log(
      `editor (3 drills in one language server): median ${ms(editor.times.median)} ms per drill, of which opening the database ${ms(editor.opening.median)} ms`,
    );
    return result;
  } finally {
    rmSync(cacheDirectory, { recursive: true, force: true });
  }
}
