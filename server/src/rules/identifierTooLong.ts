import type { Rule, RuleFinding } from './rule';
import { tokensOf } from '../sql/statementParts';

const MAX_IDENTIFIER_BYTES = 63;
const encoder = new TextEncoder();

/** The identifier a token spells: unquoted ones fold to lower case, quoted ones keep their case with `""` as one quote. */
function identifierOf(token: { kind: string; text: string }): string | undefined {
  if (token.kind === 'word') return token.text.toLowerCase();
  if (token.kind === 'quoted' && token.text.startsWith('"')) return token.text.slice(1, -1).replace(/""/g, '"');
  return undefined;
}

/** What PostgreSQL keeps of a long identifier: its first 63 bytes, cut at a character. */
function truncated(identifier: string): string {
  let kept = '';
  for (const character of identifier) {
    if (encoder.encode(kept + character).length > MAX_IDENTIFIER_BYTES) break;
    kept += character;
  }
  return kept;
}

/**
 * PostgreSQL cuts every identifier longer than 63 bytes, with only a
 * NOTICE: the object gets a shorter name than the migration wrote, two long
 * names can become one, and tools that compare names stop finding it.
 */
export const identifierTooLong: Rule = {
  id: 'identifier-too-long',
  title: 'Identifier longer than 63 bytes (PostgreSQL cuts it)',
  defaultSeverity: 'warning',
  counterparts: { squawk: 'identifier-too-long' },
  docs: {
    why:
      'PostgreSQL keeps at most 63 bytes of an identifier (NAMEDATALEN - 1) and cuts longer ones with nothing but a NOTICE. The ' +
      'table, column, index or constraint gets a shorter name than the migration wrote: an ORM or a later migration that ' +
      'compares names does not find it, and two long names that share their first 63 bytes become the same name, so the ' +
      'second CREATE fails or the second reference hits the first object. Multi-byte characters count as their UTF-8 bytes. ' +
      'Choose a name of 63 bytes or fewer.',
    bad: 'CREATE INDEX events_by_tenant_and_created_at_for_the_monthly_billing_report_query ON events (tenant_id, created_at);',
    good: 'CREATE INDEX events_tenant_created_billing_idx ON events (tenant_id, created_at);',
  },
  check(context) {
    return context.statements.flatMap((facts): RuleFinding[] => {
      if (!facts.statement.kind) return [];
      const reported = new Set<string>();
      return tokensOf(facts.statement).flatMap((token): RuleFinding[] => {
        const identifier = identifierOf(token);
        if (!identifier || reported.has(identifier)) return [];
        const bytes = encoder.encode(identifier).length;
        if (bytes <= MAX_IDENTIFIER_BYTES) return [];
        reported.add(identifier);
        return [
          {
            start: facts.statement.start + token.start,
            end: facts.statement.start + token.end,
            message: `PostgreSQL cuts this ${bytes}-byte identifier to 63 bytes, so it names "${truncated(identifier)}"`,
            advice: 'Choose a name of 63 bytes or fewer.',
          },
        ];
      });
    });
  },
};
