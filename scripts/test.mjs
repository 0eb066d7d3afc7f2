// Runs every compiled *.test.js under out/test with node's test runner.
// Node 20's `--test DIR` also runs helper modules, so the files are listed here.
// Usage: node scripts/test.mjs [--write-truth-table] [substring-filter...]
// --write-truth-table: the version matrix (lockMatrix) writes docs/lock-truth-table.* instead of comparing with them.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = join(directory, entry.name);
    if (entry.isDirectory()) return find(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

const writeTruthTable = process.argv.includes('--write-truth-table');
const filters = process.argv.slice(2).filter((argument) => argument !== '--write-truth-table');
const files = find('out/test')
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error('No test files matched.');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', ...files], {
  stdio: 'inherit',
  env: writeTruthTable ? { ...process.env, FEARLESS_WRITE_TRUTH_TABLE: '1' } : process.env,
});
process.exit(result.status ?? 1);
