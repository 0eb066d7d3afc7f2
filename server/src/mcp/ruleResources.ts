/** The rule docs as MCP resources, one per rule: `fearless://rules/<id>`, the Markdown `fearless rules <id>` prints. */

import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { ruleSummaries } from '../rules/registry';
import { ruleMarkdownById } from '../rules/ruleDocsText';

export const RULE_URI_PREFIX = 'fearless://rules/';

export function registerRuleResources(server: McpServer): void {
  server.registerResource(
    'rule',
    new ResourceTemplate(`${RULE_URI_PREFIX}{id}`, {
      list: () => ({
        resources: ruleSummaries().map((rule) => ({
          uri: `${RULE_URI_PREFIX}${rule.id}`,
          name: rule.id,
          title: rule.title,
          description: `${rule.title} (default severity: ${rule.defaultSeverity}).`,
          mimeType: 'text/markdown',
        })),
      }),
      complete: {
        id: (prefix) =>
          ruleSummaries()
            .map((rule) => rule.id)
            .filter((id) => id.startsWith(prefix)),
      },
    }),
    {
      title: 'Rule documentation',
      description: "Why a lint rule matters, what to write instead, and how to silence it: the page a finding's rule id points to.",
      mimeType: 'text/markdown',
    },
    (uri, variables) => {
      const id = String(variables['id'] ?? '');
      const text = ruleMarkdownById(id);
      if (text === undefined) throw new McpError(ErrorCode.InvalidParams, `No rule "${id}". List the resources for the rule ids.`);
      return { contents: [{ uri: uri.href, mimeType: 'text/markdown', text }] };
    },
  );
}
