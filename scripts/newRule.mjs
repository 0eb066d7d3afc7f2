// `npm run new-rule <rule-id>`: a new rule's file, its test file and its line in the registry, ready to fill in.
// The test asserts the documented bad example fires, so it fails until the rule's check is written; then
// `npm run docs:rules` writes its page. (--root DIR writes into another checkout: the scaffold's own test uses it.)

import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const rootAt = args.indexOf('--root');
const root = rootAt === -1 ? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..') : path.resolve(args[rootAt + 1]);
const id = args.find((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--root');

function fail(message) {
  process.stderr.write(`new-rule: ${message}\n`);
  process.exit(2);
}

if (!id || !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) fail('give the rule id in kebab case: npm run new-rule my-new-rule');
const name = id.replace(/-([a-z0-9])/g, (_, letter) => letter.toUpperCase());
const ruleFile = path.join(root, 'server', 'src', 'rules', `${name}.ts`);
const testFile = path.join(root, 'test', 'unit', 'rules', `${name}.test.ts`);
const registry = path.join(root, 'server', 'src', 'rules', 'registry.ts');
if (fs.existsSync(ruleFile) || fs.readFileSync(registry, 'utf8').includes(`'./${name}'`))
  fail(`a rule ${id} exists already (${path.relative(root, ruleFile)})`);

fs.writeFileSync(
  ruleFile,
  `import type { Rule } from './rule';

/** TODO: what the rule finds, in one sentence. */
export const ${name}: Rule = {
  id: '${id}',
  title: 'TODO: the title fearless rules lists',
  defaultSeverity: 'warning',
  docs: {
    why: 'TODO: why it matters, which lock on which table, and what to write instead.',
    bad: 'TODO: a migration the rule must flag;',
    good: 'TODO: the same change written safely;',
  },
  check(context) {
    // Read the facts (context.statements[i].locks, .statement, context.schemaBefore...), never the text: return a finding
    // per hazard, with the range to underline and a one-sentence message (what, the lock, the table).
    void context;
    return [];
  },
};
`,
);
fs.mkdirSync(path.dirname(testFile), { recursive: true });
fs.writeFileSync(
  testFile,
  `import { test } from 'node:test';
import { clean, fires } from './lintSql';

const RULE = '${id}';

test('TODO: what it finds', async () => {
  await fires(RULE, 'TODO: a migration the rule must flag;');
});

test('TODO: what it leaves alone', async () => {
  await clean(RULE, 'TODO: the same change written safely;');
});
`,
);
let text = fs.readFileSync(registry, 'utf8');
const lastImport = text.lastIndexOf("import { validateInLockingTransaction } from './validateInLockingTransaction';");
const importLine = `import { ${name} } from './${name}';\n`;
text = lastImport === -1 ? importLine + text : `${text.slice(0, lastImport)}${importLine}${text.slice(lastImport)}`;
const marker = '  // Forward and reverse judged together.';
if (!text.includes(marker)) fail('registry.ts has no "// Forward and reverse judged together." line to add the rule before');
text = text.replace(marker, `  ${name},\n${marker}`);
fs.writeFileSync(registry, text);
console.log(
  `new rule ${id}:\n  ${path.relative(root, ruleFile)}\n  ${path.relative(root, testFile)}\n  registered in ${path.relative(root, registry)}\nWrite its check and docs, make the tests pass, then npm run docs:rules.`,
);
