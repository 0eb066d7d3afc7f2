/**
 * The two sides of a reverse review as in-memory documents: the target as
 * it is now (read-only) and the proposed text (editable, so the engineer
 * can finish the draft in the diff before accepting). Nothing is on disk
 * until accept.
 */

import * as vscode from 'vscode';

export const CURRENT_SCHEME = 'fearless-current';
export const PROPOSED_SCHEME = 'fearless-proposed';

/** The target as it was when the draft was made: a read-only provider. */
export class CurrentTexts implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();

  put(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
  }

  forget(uri: vscode.Uri): void {
    this.texts.delete(uri.toString());
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}

/** The proposals: a minimal in-memory file system, so the diff's right side can be edited and saved. */
export class ProposedFiles implements vscode.FileSystemProvider {
  private readonly files = new Map<string, { data: Uint8Array; mtime: number }>();
  private readonly changes = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changes.event;

  put(uri: vscode.Uri, text: string): void {
    this.files.set(uri.path, { data: new TextEncoder().encode(text), mtime: Date.now() });
  }

  forget(uri: vscode.Uri): void {
    this.files.delete(uri.path);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    const file = this.files.get(uri.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: file.mtime, mtime: file.mtime, size: file.data.byteLength };
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }

  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('Reverse proposals are single files.');
  }

  readFile(uri: vscode.Uri): Uint8Array {
    const file = this.files.get(uri.path);
    if (!file) throw vscode.FileSystemError.FileNotFound(uri);
    return file.data;
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    if (!this.files.has(uri.path)) throw vscode.FileSystemError.FileNotFound(uri);
    this.files.set(uri.path, { data: content, mtime: Date.now() });
    this.changes.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Reverse proposals cannot be renamed.');
  }

  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Discard the review instead.');
  }
}
