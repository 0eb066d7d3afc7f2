// Bundles the client, the server and the CLI with esbuild: one file each, so
// the extension activates fast and the .vsix stays small.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const production = process.argv.includes('--production');

/** A hash of every server source file: the lint cache is keyed by it, so a changed rule never serves old findings. */
function sourcesHash(directory) {
  const hash = createHash('sha256');
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = `${folder}/${entry.name}`;
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) hash.update(full).update(readFileSync(full));
    }
  };
  walk(directory);
  return hash.digest('hex').slice(0, 16);
}
const build = sourcesHash('server/src');

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

// The CLI requires its LSP half (`fearless lsp`), its MCP half (`fearless
// mcp`), its Claude half (`fearless reverse --ai`) and its drill and review half only when asked:
// separate bundles, so lint and locks do not compile them at every start.
const lspOutsideCli = {
  name: 'optional-halves-outside-cli',
  setup(build) {
    // By the module's name, from wherever it is required; the bundles all sit side by side in dist/.
    const bundleOf = { lspCommand: 'lspCommand', mcpCommand: 'mcpCommand', claudeBundle: 'aiCommand', reportCommands: 'reportCommands' };
    build.onResolve({ filter: /(^|\/)(lspCommand|mcpCommand|claudeBundle|reportCommands)$/ }, (args) => ({
      path: `./${bundleOf[args.path.split('/').pop()]}.js`,
      external: true,
    }));
  },
};

// The client loads the Claude SDK when "Generate reverse migration" first
// needs it, from its own bundle, not at activation.
const claudeOutsideClient = {
  name: 'claude-outside-client',
  setup(build) {
    build.onResolve({ filter: /\/server\/src\/ai\/editorAi$/ }, () => ({ path: './claude.js', external: true }));
  },
};

const common = {
  bundle: true,
  // PGlite finds its wasm and data files next to its own modules: loaded from node_modules, never bundled.
  external: ['@electric-sql/pglite', '@electric-sql/pglite/*'],
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  define: { __FEARLESS_VERSION__: JSON.stringify(version), __FEARLESS_BUILD__: JSON.stringify(build) },
  plugins: [parserOutside],
};

mkdirSync('dist', { recursive: true });
writeParserFiles(readFileSync(createRequire(import.meta.url).resolve(PARSER_MODULE), 'utf8'));

/**
 * The published module inlines its wasm as a 2.7 MB base64 data URI that
 * every process decodes (≈50 ms) before it can parse anything. The binary
 * goes to dist/pg_query.wasm instead (compiled by the runtime, see
 * pgQueryRuntime.ts) and the URI is emptied. Fails the build if the module
 * no longer looks the way this expects.
 */
function writeParserFiles(source) {
  const inlined = [...source.matchAll(/"data:application\/octet-stream;base64,([A-Za-z0-9+/=]{1000,})"/g)];
  if (inlined.length !== 1) {
    throw new Error(`${PARSER_MODULE}: expected exactly one inlined wasm data URI, found ${inlined.length}; revisit the parser adapter for this version.`);
  }
  const [match] = inlined;
  const wasm = Buffer.from(match[1], 'base64');
  if (wasm.readUInt32BE(0) !== 0x0061736d) throw new Error(`${PARSER_MODULE}: the inlined data is not a wasm binary.`);
  writeFileSync('dist/pg_query.wasm', wasm);
  const emptied = `${source.slice(0, match.index)}"data:application/octet-stream;base64,"${source.slice(match.index + match[0].length)}`;
  writeFileSync('dist/pg_query_wasm.mjs', emptied);
}
await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['client/src/extension.ts'],
    outfile: 'dist/client.js',
    external: ['vscode', '@electric-sql/pglite', '@electric-sql/pglite/*'],
    plugins: [parserOutside, claudeOutsideClient],
  }),
  esbuild.build({ ...common, entryPoints: ['server/src/ai/editorAi.ts'], outfile: 'dist/claude.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/lsp/serverMain.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', plugins: [parserOutside, lspOutsideCli] }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/lspCommand.ts'], outfile: 'dist/lspCommand.js' }),
  // The MCP SDK is bundled here, not shipped as a dependency; reverse --ai's Claude half stays outside it (MCP never asks Claude).
  esbuild.build({ ...common, entryPoints: ['server/src/cli/mcpCommand.ts'], outfile: 'dist/mcpCommand.js', plugins: [parserOutside, lspOutsideCli] }),
  esbuild.build({ ...common, entryPoints: ['server/src/ai/claudeBundle.ts'], outfile: 'dist/aiCommand.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/reportCommands.ts'], outfile: 'dist/reportCommands.js', plugins: [parserOutside, lspOutsideCli] }),
]);
