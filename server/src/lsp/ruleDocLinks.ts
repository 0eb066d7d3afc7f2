/**
 * Diagnostics link to their rule's documentation (LSP `codeDescription`):
 * the page shipped with the package (`docs/rules/<id>.md`, generated from
 * the rule's own docs and checked current by test/unit/rulePages.test.ts),
 * as a file URI any editor can open offline. Only where no page ships (a
 * build without docs/) is one written under the OS temp directory.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleById } from '../rules/registry';
import { ruleDocsMarkdown } from '../rules/ruleDocsText';

/** Where the shipped pages are: beside the bundle (dist/ → docs/rules), or in the repository for unbundled test runs. */
function shippedPagesDirectory(): string | undefined {
  const candidates = [path.join(__dirname, '..', 'docs', 'rules'), path.join(__dirname, '..', '..', '..', '..', 'docs', 'rules')];
  return candidates.find((candidate) => fs.existsSync(path.join(candidate, 'index.md')));
}

export class RuleDocLinks {
  private readonly written = new Map<string, string | undefined>();

  constructor(
    private readonly directory = path.join(os.tmpdir(), `fearless-rule-docs-${process.getuid?.() ?? 'user'}`),
    private readonly shipped = shippedPagesDirectory(),
  ) {}

  /** A file URI of the rule's page, or undefined for ids without docs (parser findings) or when the page cannot be written. */
  href(ruleId: string): string | undefined {
    if (this.written.has(ruleId)) return this.written.get(ruleId);
    const rule = ruleById(ruleId);
    let href: string | undefined;
    const page = this.shipped ? path.join(this.shipped, `${ruleId}.md`) : undefined;
    if (page && fs.existsSync(page)) href = pathToFileURL(page).href;
    else if (rule) {
      try {
        fs.mkdirSync(this.directory, { recursive: true });
        const file = path.join(this.directory, `${rule.id}.md`);
        const content = ruleDocsMarkdown(rule);
        if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content) fs.writeFileSync(file, content);
        href = rule.docsUrl ?? pathToFileURL(file).href;
      } catch {
        href = rule.docsUrl;
      }
    }
    this.written.set(ruleId, href);
    return href;
  }
}
