// Part 2: language-server latency, didChange → publishDiagnostics for that
// exact version, over stdio against `fearless lsp --stdio`.

import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildDocument, positionAt, topLevelStatements } from './corpusDocs.mjs';
import { heading, kib, ms, nowMs, printTable, summarize } from './stats.mjs';

const require = createRequire(import.meta.url);

const EDITS = 41; // the first is a warm-up and is discarded
const WAIT_TIMEOUT_MS = 60_000;
const COMMENT = ' /* bench */';

export function loadProtocol(repoRoot) {
  const modulePath = require.resolve('vscode-languageserver-protocol/node', { paths: [repoRoot] });
  return require(modulePath);
}

export class LspClient {
  constructor(repoRoot, protocol, env = process.env) {
    const cli = path.join(repoRoot, 'bin', 'fearless.js');
    this.protocol = protocol;
    this.stderr = '';
    this.logs = [];
    this.waiters = new Map();
    this.arrived = new Map();
    this.child = spawn(process.execPath, [cli, 'lsp', '--stdio'], { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.child.stderr.on('data', (chunk) => {
      this.stderr += chunk.toString('utf8');
    });
    this.connection = protocol.createProtocolConnection(
      new protocol.StreamMessageReader(this.child.stdout),
      new protocol.StreamMessageWriter(this.child.stdin),
    );
    this.connection.onNotification(protocol.PublishDiagnosticsNotification.type, (params) => {
      const at = nowMs();
      if (params.version === undefined || params.version === null) return;
      const key = `${params.uri}#${params.version}`;
      const waiter = this.waiters.get(key);
      if (waiter) {
        this.waiters.delete(key);
        clearTimeout(waiter.timer);
        waiter.resolve({ at, count: params.diagnostics.length });
      } else {
        this.arrived.set(key, { at, count: params.diagnostics.length });
      }
    });
    this.connection.onNotification('window/logMessage', (params) => this.logs.push(params.message));
    this.connection.onNotification('window/showMessage', (params) => this.logs.push(`[showMessage] ${params.message}`));
    this.connection.listen();
  }

  async initialize(rootPath) {
    const rootUri = pathToFileURL(rootPath).href;
    await this.connection.sendRequest(this.protocol.InitializeRequest.type, {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: {
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: true },
          publishDiagnostics: { versionSupport: true, relatedInformation: false },
        },
        workspace: { configuration: false },
      },
    });
    await this.connection.sendNotification(this.protocol.InitializedNotification.type, {});
  }

  /** Resolves with { at, count } when diagnostics for `uri` at `version` arrive. */
  diagnosticsFor(uri, version) {
    const key = `${uri}#${version}`;
    const already = this.arrived.get(key);
    if (already) {
      this.arrived.delete(key);
      return Promise.resolve(already);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(key);
        reject(new Error(`no diagnostics for ${uri} version ${version} within ${WAIT_TIMEOUT_MS} ms; server stderr: ${this.stderr.slice(-500)}`));
      }, WAIT_TIMEOUT_MS);
      this.waiters.set(key, { resolve, timer });
    });
  }

  async open(uri, text, version = 1) {
    const waiting = this.diagnosticsFor(uri, version);
    const start = nowMs();
    await this.connection.sendNotification(this.protocol.DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'sql', version, text },
    });
    const { at, count } = await waiting;
    return { elapsed: at - start, count };
  }

  async change(uri, version, range, newText) {
    const waiting = this.diagnosticsFor(uri, version);
    const start = nowMs();
    await this.connection.sendNotification(this.protocol.DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: [{ range, text: newText }],
    });
    const { at, count } = await waiting;
    return { elapsed: at - start, count };
  }

  async close(uri) {
    await this.connection.sendNotification(this.protocol.DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Resident set size of the server process (Linux only), in bytes: { rss, peak }. */
  memory() {
    try {
      const status = fs.readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
      return { rss: kb('VmRSS'), peak: kb('VmHWM') };
    } catch {
      return undefined;
    }
  }

  async shutdown() {
    const timeout = (msDelay) => new Promise((resolve) => setTimeout(() => resolve('timeout'), msDelay));
    try {
      await Promise.race([this.connection.sendRequest(this.protocol.ShutdownRequest.type), timeout(3000)]);
      await this.connection.sendNotification(this.protocol.ExitNotification.type);
    } catch {
      // The server may already be gone; the kill below covers it.
    }
    const outcome = await Promise.race([this.exited, timeout(3000)]);
    if (outcome === 'timeout') {
      this.child.kill();
      await this.exited;
    }
    this.connection.dispose();
  }
}

/**
 * Where the edits happen: the statement around the middle of the document.
 * Returns the text with a comment inserted after that statement's first
 * keyword (typing goes inside it) and the offsets of both edit sites.
 */
function prepareEditSites(text) {
  const statements = topLevelStatements(text);
  const middle = text.length / 2;
  let index = statements.findIndex((s) => s.semicolon >= middle);
  if (index === -1) index = statements.length - 1;
  for (let tries = 0; tries < statements.length; tries++, index = (index + 1) % statements.length) {
    const statement = statements[index];
    const keyword = /^[A-Za-z_]+/.exec(text.slice(statement.start, statement.start + 64));
    if (!keyword) continue;
    const insertAt = statement.start + keyword[0].length;
    const withComment = text.slice(0, insertAt) + COMMENT + text.slice(insertAt);
    return {
      text: withComment,
      // Just before the closing `*/`: typing lands inside the comment.
      typingOffset: insertAt + COMMENT.indexOf(' */'),
      // Just after the statement's `;`: a trailing space there is outside every statement.
      spaceOffset: statement.semicolon + COMMENT.length + 1,
      statementLine: positionAt(withComment, insertAt).line + 1,
    };
  }
  throw new Error('no statement starting with a keyword to edit');
}

/**
 * Two edit patterns, each EDITS long, waiting for each version's diagnostics:
 * - typing: insert one new character per edit inside a comment in the middle
 *   statement; every version is new text, so that statement is re-parsed.
 * - space toggle: insert then delete a space after the middle statement's `;`
 *   (the pattern in the brief); the text alternates between two states and no
 *   statement's text changes, so every parse is a statement-cache hit.
 */
async function runScenario(client, scenario, state) {
  const { uri } = scenario;
  let text = scenario.sites.text;
  let version = 1;
  const open = await client.open(uri, text, version);
  const results = { open, typing: [], toggle: [], findings: open.count };

  let cursor = scenario.sites.typingOffset;
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < EDITS; i++) {
    const position = positionAt(text, cursor);
    const ch = letters[i % letters.length];
    version++;
    const r = await client.change(uri, version, { start: position, end: position }, ch);
    text = text.slice(0, cursor) + ch + text.slice(cursor);
    cursor++;
    if (i > 0) results.typing.push(r.elapsed);
    results.findings = r.count;
  }

  // The typed letters sit before the space site and shift it.
  const spaceOffset = scenario.sites.spaceOffset + EDITS;
  if (text[spaceOffset - 1] !== ';') throw new Error(`edit site drifted: expected ";" before offset ${spaceOffset}`);
  for (let i = 0; i < EDITS; i++) {
    const start = positionAt(text, spaceOffset);
    version++;
    let r;
    if (i % 2 === 0) {
      r = await client.change(uri, version, { start, end: start }, ' ');
      text = `${text.slice(0, spaceOffset)} ${text.slice(spaceOffset)}`;
    } else {
      r = await client.change(uri, version, { start, end: { line: start.line, character: start.character + 1 } }, '');
      text = text.slice(0, spaceOffset) + text.slice(spaceOffset + 1);
    }
    if (i > 0) results.toggle.push(r.elapsed);
  }
  await client.close(uri);
  state.lastVersion = version;
  return results;
}

export async function benchLsp({ repoRoot, corpusDir, files }) {
  heading('2. LSP didChange → publishDiagnostics latency (fearless lsp --stdio)');
  if (files.length === 0) {
    console.log(`  SKIPPED: no corpus under ${corpusDir}`);
    return { skipped: 'no corpus' };
  }
  let protocol;
  try {
    protocol = loadProtocol(repoRoot);
  } catch (error) {
    console.log(`  SKIPPED: cannot load vscode-languageserver-protocol/node (${error.message})`);
    return { skipped: 'no protocol package' };
  }

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fearless-bench-'));
  const client = new LspClient(repoRoot, protocol);
  try {
    const t0 = nowMs();
    await client.initialize(tmp);
    const initializeMs = nowMs() - t0;

    // Each document sits alone in its own migrations folder, written to disk
    // too, so the server sees an ordinary file with no earlier migrations.
    const place = (name, text) => {
      const file = path.join(tmp, name, 'migrations', '9999_bench', 'up.sql');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return pathToFileURL(file).href;
    };

    // The first document ever opened pays for loading the WebAssembly parser.
    const coldUri = place('cold', 'SELECT 1;\n');
    const cold = await client.open(coldUri, 'SELECT 1;\n');
    await client.close(coldUri);

    const lastLemmy = files[files.length - 1];
    const scenarios = [
      { key: '1k', label: '1 KB', target: 1024 },
      { key: '220k', label: '220 KB', target: 220 * 1024 },
    ].map((s) => {
      const sites = prepareEditSites(buildDocument(files, s.target));
      return { ...s, sites, uri: place(s.key, sites.text) };
    });
    {
      // The newest Lemmy migration edited where it lies: the server folds the
      // 341 earlier forward migrations into the schema on every analysis.
      const sites = prepareEditSites(fs.readFileSync(lastLemmy, 'utf8'));
      scenarios.push({
        key: 'inplace',
        label: `Lemmy newest, in place (${files.length - 1} earlier)`,
        sites,
        uri: pathToFileURL(lastLemmy).href,
      });
    }

    console.log(`  server: spawn → initialize result ${ms(initializeMs)} ms; first document ever (parser load) ${ms(cold.elapsed)} ms`);
    console.log(`  edits: ${EDITS} per pattern, first discarded; each waits for the diagnostics of its own version`);
    console.log('    typing       = one new letter per edit inside a comment in the middle statement (that statement re-parses)');
    console.log('    space toggle = insert/delete a space after the middle statement\'s ";" (no statement text changes: cache hits)');

    const results = [];
    for (const scenario of scenarios) {
      const r = await runScenario(client, scenario, {});
      results.push({ scenario, ...r, typingStats: summarize(r.typing), toggleStats: summarize(r.toggle) });
    }
    const memory = client.memory();

    console.log('');
    const rows = [];
    for (const r of results) {
      const bytes = Buffer.byteLength(r.scenario.sites.text);
      const statements = topLevelStatements(r.scenario.sites.text).length;
      for (const [pattern, s] of [
        ['typing', r.typingStats],
        ['space toggle', r.toggleStats],
      ]) {
        rows.push([
          pattern === 'typing' ? r.scenario.label : '',
          pattern === 'typing' ? `${kib(bytes)}, ${statements} stmts` : '',
          pattern === 'typing' ? ms(r.open.elapsed) : '',
          pattern === 'typing' ? String(r.findings) : '',
          pattern,
          ms(s.median),
          ms(s.p90),
          ms(s.min),
          ms(s.max),
        ]);
      }
    }
    printTable(
      [
        { header: 'document', align: 'left' },
        { header: 'size', align: 'left' },
        { header: 'first open ms', align: 'right' },
        { header: 'diags', align: 'right' },
        { header: 'edit pattern', align: 'left' },
        { header: 'median ms', align: 'right' },
        { header: 'p90 ms', align: 'right' },
        { header: 'min ms', align: 'right' },
        { header: 'max ms', align: 'right' },
      ],
      rows,
    );
    if (memory) console.log(`\n  server memory after all edits: RSS ${(memory.rss / 2 ** 20).toFixed(0)} MiB, peak ${(memory.peak / 2 ** 20).toFixed(0)} MiB`);
    return { initializeMs, cold: cold.elapsed, results: Object.fromEntries(results.map((r) => [r.scenario.key, r])) };
  } catch (error) {
    console.log(`  FAILED: ${error.stack ?? error.message}`);
    if (client.stderr) console.log(`  server stderr: ${client.stderr.slice(-1000)}`);
    return { skipped: `failed: ${error.message}` };
  } finally {
    await client.shutdown();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * The first squiggle: a new language server (as the editor starts one), an empty cache, and the newest Lemmy
 * migration opened in place (its 341 earlier migrations folded first). Spawn → initialize, then open → the first
 * diagnostics; once with an empty cache, then again with the cache the first run left. Target: under 1.5 s.
 */
export async function benchFirstOpen({ repoRoot, files }) {
  heading('2b. First open: a new language server, the newest Lemmy migration, to its first diagnostics');
  if (files.length === 0) return { skipped: 'no corpus' };
  const protocol = loadProtocol(repoRoot);
  const newest = files[files.length - 1];
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'fearless-bench-first-open-'));
  const results = {};
  try {
    for (const run of ['empty cache', 'cache from the first run']) {
      const started = nowMs();
      const client = new LspClient(repoRoot, protocol, { ...process.env, FEARLESS_CACHE_DIR: cache });
      try {
        await client.initialize(path.dirname(path.dirname(path.dirname(newest))));
        const initialized = nowMs();
        const opened = await client.open(pathToFileURL(newest).href, fs.readFileSync(newest, 'utf8'));
        const total = nowMs() - started;
        results[run] = { initializeMs: initialized - started, openMs: opened.elapsed, totalMs: total };
        console.log(
          `  ${run}: spawn → initialize ${ms(initialized - started)} ms, open → first diagnostics ${ms(opened.elapsed)} ms, ${ms(total)} ms in all (target 1500)`,
        );
      } finally {
        await client.shutdown();
      }
    }
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
  return results;
}
