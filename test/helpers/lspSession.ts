/**
 * A small LSP client for protocol tests: spawns the real server
 * (`node bin/fearless.js lsp --stdio`), speaks JSON-RPC to it over stdio,
 * records every publishDiagnostics, and always kills the child on close.
 * Every wait has a timeout whose message names what was awaited and shows
 * the tail of the server's stderr.
 */

import { after, before } from 'node:test';
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  HoverRequest,
  InlayHintRequest,
  CodeLensRequest,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  ShowMessageNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type Command,
  type Diagnostic,
  type Hover,
  type InlayHint,
  type CodeLens,
  type InitializeResult,
  type LogMessageParams,
  type ShowMessageParams,
  type Position,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type Range,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';
import { CLI_PATH } from './paths';

export interface LspSessionOptions {
  /** Workspace root sent as rootUri / workspaceFolders; omitted when undefined. */
  rootDir?: string;
  initializationOptions?: unknown;
  /** Timeout for spawning + initialize. */
  startTimeoutMs?: number;
  /** Runs the server through this command (e.g. runuser -u postgres --). */
  launcher?: string[];
  /** More environment for the server. */
  env?: Record<string, string>;
}

export type DiagnosticsPredicate = (params: PublishDiagnosticsParams) => boolean;

interface Waiter {
  uri: string;
  predicate: DiagnosticsPredicate;
  resolve(params: PublishDiagnosticsParams): void;
  reject(error: Error): void;
}

export interface LspSession {
  readonly rootDir: string | undefined;
  readonly initializeResult: InitializeResult;
  /** Everything the server wrote to stderr so far. */
  readonly stderr: string;
  /** window/logMessage texts, and window/showMessage + window/showMessageRequest texts, in arrival order. */
  readonly logMessages: string[];
  readonly showMessages: string[];
  /** file:// URI of a path relative to rootDir (or an absolute path). */
  uriOf(relativeOrAbsolutePath: string): string;
  open(uri: string, text: string, version?: number, languageId?: string): void;
  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): void;
  closeDocument(uri: string): void;
  /** Latest version sent (open/change) for the uri. */
  latestVersion(uri: string): number | undefined;
  /**
   * The first publishDiagnostics for `uri` received after the last open/change/close sent for it
   * whose version equals the latest version sent (default), or that satisfies `predicate`.
   */
  waitForDiagnostics(uri: string, predicate?: DiagnosticsPredicate, timeoutMs?: number): Promise<PublishDiagnosticsParams>;
  /** Every publishDiagnostics received for the uri, in arrival order. */
  published(uri: string): PublishDiagnosticsParams[];
  hover(uri: string, position: Position, timeoutMs?: number): Promise<Hover | null>;
  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], timeoutMs?: number): Promise<(Command | CodeAction)[] | null>;
  inlayHints(uri: string, range: Range, timeoutMs?: number): Promise<InlayHint[] | null>;
  codeLenses(uri: string, timeoutMs?: number): Promise<CodeLens[] | null>;
  /** Notifications other than diagnostics and messages, in arrival order (the server's own `fearless/...`). */
  notifications(method: string): unknown[];
  /** Any request by method name (the server's own `fearless/...` requests). */
  request<T>(method: string, params: unknown, timeoutMs?: number): Promise<T>;
  isAlive(): boolean;
  /** How the process ended, once it has. */
  exitStatus(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** shutdown + exit; SIGKILL if the process has not exited within the timeout. Idempotent. */
  close(timeoutMs?: number): Promise<void>;
}

const DEFAULT_WAIT_MS = 10_000;

function withTimeout<T>(promise: Promise<T>, timeoutMs: number, describe: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(describe())), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function tail(text: string, max = 2000): string {
  return text.length > max ? `…${text.slice(-max)}` : text;
}

export async function startLspSession(options: LspSessionOptions = {}): Promise<LspSession> {
  const [file, ...args] = [...(options.launcher ?? []), process.execPath, CLI_PATH, 'lsp', '--stdio'];
  const child: ChildProcess = spawn(file!, args, {
    cwd: options.rootDir ?? process.cwd(),
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    stderr += chunk;
  });
  // Writing to a dead server must fail the test through a timeout/rejection, not crash the runner.
  child.stdin!.on('error', () => undefined);

  let exited = false;
  let exitDescription = '';
  let exitStatus: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      exitStatus = { code, signal };
      exitDescription = `server exited (code ${String(code)}, signal ${String(signal)})`;
      resolve();
    });
  });
  child.once('error', (error) => {
    stderr += `\n[spawn error] ${error.message}`;
  });

  const connection: ProtocolConnection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));

  const publishedByUri = new Map<string, PublishDiagnosticsParams[]>();
  /** Index into publishedByUri[uri] where messages "after the last thing sent" begin. */
  const freshFrom = new Map<string, number>();
  const versions = new Map<string, number>();
  const waiters = new Set<Waiter>();
  const logMessages: string[] = [];
  const showMessages: string[] = [];
  const otherNotifications: { method: string; params: unknown }[] = [];

  const describeState = (what: string): string => `${what}${exited ? ` — ${exitDescription}` : ''}\n--- server stderr (tail) ---\n${tail(stderr)}`;

  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    let list = publishedByUri.get(params.uri);
    if (!list) {
      list = [];
      publishedByUri.set(params.uri, list);
    }
    list.push(params);
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.predicate(params)) {
        waiters.delete(waiter);
        waiter.resolve(params);
      }
    }
  });
  connection.onNotification(LogMessageNotification.method, (params: LogMessageParams) => {
    logMessages.push(params.message);
  });
  connection.onNotification(ShowMessageNotification.method, (params: ShowMessageParams) => {
    showMessages.push(params.message);
  });
  // The server's own notifications.
  for (const method of ['fearless/status']) {
    connection.onNotification(method, (params: unknown) => {
      otherNotifications.push({ method, params });
    });
  }
  // Answer the server→client requests a server may send, so it never waits on us.
  connection.onRequest('workspace/configuration', (params: { items?: unknown[] }) => (params.items ?? []).map(() => null));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('client/unregisterCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('window/showMessageRequest', (params: ShowMessageParams) => {
    showMessages.push(params.message);
    return null;
  });
  connection.onError(() => undefined);
  connection.onClose(() => undefined);
  connection.listen();

  void exitPromise.then(() => {
    for (const waiter of [...waiters]) {
      waiters.delete(waiter);
      waiter.reject(new Error(describeState(`server died while waiting for diagnostics of ${waiter.uri}`)));
    }
  });

  let closed = false;
  const kill = (): void => {
    if (!exited) child.kill('SIGKILL');
  };

  const close = async (timeoutMs = 3000): Promise<void> => {
    if (closed) return;
    closed = true;
    try {
      if (!exited) {
        try {
          await withTimeout(connection.sendRequest(ShutdownRequest.type), timeoutMs, () => 'shutdown timed out');
          await connection.sendNotification(ExitNotification.type);
        } catch {
          // fall through to the kill below
        }
        await withTimeout(exitPromise, timeoutMs, () => 'exit timed out').catch(() => kill());
      }
    } finally {
      kill();
      connection.dispose();
      child.stdout!.destroy();
      child.stderr!.destroy();
      child.stdin!.destroy();
    }
  };

  const rootUri = options.rootDir ? pathToFileURL(options.rootDir).href : null;
  let initializeResult: InitializeResult;
  try {
    initializeResult = await withTimeout(
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri,
        workspaceFolders: rootUri ? [{ uri: rootUri, name: path.basename(options.rootDir!) }] : null,
        initializationOptions: options.initializationOptions,
        capabilities: {
          textDocument: {
            synchronization: { didSave: true },
            publishDiagnostics: { versionSupport: true, relatedInformation: false },
            hover: { contentFormat: ['markdown', 'plaintext'] },
            inlayHint: { dynamicRegistration: false },
            codeLens: { dynamicRegistration: false },
            codeAction: {
              codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } },
              isPreferredSupport: true,
            },
          },
          workspace: {
            workspaceFolders: true,
            workspaceEdit: { documentChanges: true, resourceOperations: ['create'], changeAnnotationSupport: { groupsOnLabel: true } },
          },
        },
      }),
      options.startTimeoutMs ?? 15_000,
      () => describeState('initialize request got no answer'),
    );
    await connection.sendNotification(InitializedNotification.type, {});
  } catch (error) {
    await close(1000);
    throw error;
  }

  const markSent = (uri: string): void => {
    freshFrom.set(uri, publishedByUri.get(uri)?.length ?? 0);
  };

  const session: LspSession = {
    rootDir: options.rootDir,
    initializeResult,
    get stderr() {
      return stderr;
    },
    logMessages,
    showMessages,
    uriOf(relativeOrAbsolutePath) {
      const full = path.isAbsolute(relativeOrAbsolutePath) ? relativeOrAbsolutePath : path.join(options.rootDir ?? process.cwd(), relativeOrAbsolutePath);
      return pathToFileURL(full).href;
    },
    open(uri, text, version = 1, languageId = 'sql') {
      versions.set(uri, version);
      markSent(uri);
      void connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version, text } });
    },
    change(uri, version, contentChanges) {
      versions.set(uri, version);
      markSent(uri);
      void connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges });
    },
    closeDocument(uri) {
      versions.delete(uri);
      markSent(uri);
      void connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    },
    latestVersion(uri) {
      return versions.get(uri);
    },
    waitForDiagnostics(uri, predicate, timeoutMs = DEFAULT_WAIT_MS) {
      const wanted = versions.get(uri);
      const test: DiagnosticsPredicate = predicate ?? ((params) => params.version === wanted);
      const what = predicate ? 'matching the predicate' : `with version ${String(wanted)}`;
      const already = (publishedByUri.get(uri) ?? []).slice(freshFrom.get(uri) ?? 0).find(test);
      if (already) return Promise.resolve(already);
      if (exited) return Promise.reject(new Error(describeState(`server is dead; no diagnostics for ${uri} ${what}`)));
      let waiter: Waiter | undefined;
      const promise = new Promise<PublishDiagnosticsParams>((resolve, reject) => {
        waiter = { uri, predicate: test, resolve, reject };
        waiters.add(waiter);
      });
      return withTimeout(promise, timeoutMs, () => {
        const seen = (publishedByUri.get(uri) ?? []).map((p) => `v${String(p.version)}:${p.diagnostics.length}`).join(', ');
        return describeState(`no publishDiagnostics for ${uri} ${what} within ${timeoutMs} ms (received for this uri: [${seen}])`);
      }).finally(() => {
        if (waiter) waiters.delete(waiter);
      });
    },
    published(uri) {
      return [...(publishedByUri.get(uri) ?? [])];
    },
    notifications(method: string): unknown[] {
      return otherNotifications.filter((entry) => entry.method === method).map((entry) => entry.params);
    },
    request<T>(method: string, params: unknown, timeoutMs = DEFAULT_WAIT_MS): Promise<T> {
      return withTimeout(connection.sendRequest(method, params) as Promise<T>, timeoutMs, () =>
        describeState(`${method} got no answer within ${timeoutMs} ms`),
      );
    },
    hover(uri, position, timeoutMs = DEFAULT_WAIT_MS) {
      return withTimeout(connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }), timeoutMs, () =>
        describeState(`hover at ${position.line}:${position.character} got no answer within ${timeoutMs} ms`),
      );
    },
    codeActions(uri, range, diagnostics, timeoutMs = DEFAULT_WAIT_MS) {
      return withTimeout(connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics } }), timeoutMs, () =>
        describeState(`codeAction request got no answer within ${timeoutMs} ms`),
      );
    },
    inlayHints(uri, range, timeoutMs = DEFAULT_WAIT_MS) {
      return withTimeout(connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range }), timeoutMs, () =>
        describeState(`inlayHint request got no answer within ${timeoutMs} ms`),
      );
    },
    codeLenses(uri, timeoutMs = DEFAULT_WAIT_MS) {
      return withTimeout(connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }), timeoutMs, () =>
        describeState(`codeLens request got no answer within ${timeoutMs} ms`),
      );
    },
    isAlive() {
      return !exited && child.exitCode === null && child.signalCode === null;
    },
    exitStatus() {
      return exitStatus;
    },
    close,
  };
  return session;
}

/** A diagnostic's message as plain text (LSP 3.18 allows MarkupContent). */
export function messageText(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}

/** Offset of an LSP position in `text` (UTF-16, \n / \r\n / \r line ends). */
export function offsetAt(text: string, position: Position): number {
  let line = 0;
  let offset = 0;
  while (line < position.line) {
    const next = text.slice(offset).search(/\r\n|\r|\n/);
    if (next === -1) return text.length;
    offset += next + (text.startsWith('\r\n', offset + next) ? 2 : 1);
    line++;
  }
  return offset + position.character;
}

/** LSP position of a UTF-16 offset in `text`. */
export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1]!.length };
}

/** Applies LSP text edits (non-overlapping) to `text`. */
export function applyEdits(text: string, edits: { range: Range; newText: string }[]): string {
  const resolved = edits
    .map((edit) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: edit.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of resolved) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

/** Applies incremental content changes in order, as the server's TextDocument does. */
export function applyContentChanges(text: string, changes: TextDocumentContentChangeEvent[]): string {
  let result = text;
  for (const change of changes) {
    if ('range' in change) result = applyEdits(result, [{ range: change.range, newText: change.text }]);
    else result = change.text;
  }
  return result;
}

/** A fresh temp directory holding `files` (relative path → content). Remove it with removeTempProject. */
export function makeTempProject(files: Record<string, string> = {}): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'fearless-protocol-')));
  for (const [relative, content] of Object.entries(files)) {
    const full = path.join(root, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return root;
}

export function removeTempProject(root: string | undefined): void {
  if (root) fs.rmSync(root, { recursive: true, force: true });
}

/**
 * One server for a `describe` block: a temp project with `files`, a session
 * started before the tests and closed (project removed) after them.
 */
export function lspSuite(
  files: Record<string, string>,
  options: Omit<LspSessionOptions, 'rootDir'> = {},
): { readonly session: LspSession; readonly root: string } {
  let root: string | undefined;
  let session: LspSession | undefined;
  before(async () => {
    root = makeTempProject(files);
    session = await startLspSession({ ...options, rootDir: root });
  });
  after(async () => {
    try {
      await session?.close();
    } finally {
      removeTempProject(root);
    }
  });
  return {
    get session(): LspSession {
      if (!session) throw new Error('the language server session has not started (before() failed?)');
      return session;
    },
    get root(): string {
      if (!root) throw new Error('the temp project does not exist yet');
      return root;
    },
  };
}
