import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI_PATH } from './paths';

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string> } = {}): CliResult {
  const result = spawnSync(process.execPath, [CLI_PATH, ...args], {
    cwd: options.cwd ?? os.tmpdir(),
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const createdWorkspaces: string[] = [];
process.on('exit', () => {
  for (const root of createdWorkspaces) fs.rmSync(root, { recursive: true, force: true });
});

/** A fresh directory with the given files (relative path → content), removed when the test process exits. */
export function workspace(files: Record<string, string | Buffer>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fearless-test-'));
  createdWorkspaces.push(root);
  for (const [relative, content] of Object.entries(files)) {
    const full = path.join(root, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return root;
}

/**
 * The CLI in a child process without blocking this one: for tests that serve
 * something the CLI talks to (a fake Messages API) from this process.
 */
export async function runCliAsync(
  args: readonly string[],
  options: { cwd: string; env: Record<string, string | undefined> /** Runs the CLI through this command (runuser -u postgres --). */; launcher?: string[] },
): Promise<CliResult> {
  const [file, ...rest] = [...(options.launcher ?? []), process.execPath, CLI_PATH, ...args];
  const child = spawn(file!, rest, { cwd: options.cwd, env: { ...process.env, ...options.env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { status, stdout, stderr };
}
