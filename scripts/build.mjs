// Bundles the client, the server and the CLI with esbuild: one file each, so
// the extension activates fast and the .vsix stays small.
import * as esbuild from 'esbuild';
import { readFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const production = process.argv.includes('--production');

// The parser module is 2 MB of JavaScript with the wasm inlined. Kept out of
// the bundles and loaded with import() on first parse, so commands that never
// parse (a fully cached lint, --help) do not pay to load it.
const PARSER_MODULE = 'pg-query-emscripten/pg_query_wasm.js';
const parserOutside = {
  name: 'parser-outside-bundle',
  setup(build) {
    build.onResolve({ filter: /^pg-query-emscripten\/pg_query_wasm\.js$/ }, () => ({ path: './pg_query_wasm.mjs', external: true }));
  },
};

// The CLI requires its LSP half only for `fearless lsp`: a separate bundle, so
// lint and locks do not compile the LSP libraries at every start.
const lspOutsideCli = {
  name: 'lsp-outside-cli',
  setup(build) {
    build.onResolve({ filter: /^\.\/lspCommand$/ }, () => ({ path: './lspCommand.js', external: true }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  define: { __FEARLESS_VERSION__: JSON.stringify(version) },
  plugins: [parserOutside],
};

mkdirSync('dist', { recursive: true });
copyFileSync(createRequire(import.meta.url).resolve(PARSER_MODULE), 'dist/pg_query_wasm.mjs');
await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/serverMain.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', plugins: [parserOutside, lspOutsideCli] }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/lspCommand.ts'], outfile: 'dist/lspCommand.js' }),
]);
