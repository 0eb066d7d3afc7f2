/**
 * Diagnostics link to their rule's documentation (LSP `codeDescription`).
 * There is no website to link to, so each rule's page is written once per
 * server version as Markdown under the OS temp directory and linked as a
 * file URI: any editor can open it, offline.
 */

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ruleById } from '../rules/registry';
import { ruleDocsMarkdown } from '../rules/ruleDocsText';

export class RuleDocLinks {
  private readonly written = new Map<string, string | undefined>();

  constructor(private readonly directory = path.join(os.tmpdir(), `fearless-rule-docs-${process.getuid?.() ?? 'user'}`)) {}

  /** A file URI of the rule's page, or undefined for ids without docs (parser findings) or when the page cannot be written. */
  href(ruleId: string): string | undefined {
    if (this.written.has(ruleId)) return this.written.get(ruleId);
    const rule = ruleById(ruleId);
    let href: string | undefined;
    if (rule) {
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
