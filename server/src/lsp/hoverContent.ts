/** Markdown for hovering a statement: the locks it takes and what they block. */

import { conflictsWith, describeBlocking } from '../locks/lockModes';
import type { SchemaModel } from '../migrations/schemaModel';
import { normaliseName } from '../migrations/schemaModel';
import type { StatementFacts } from '../rules';
import * as path from 'node:path';

export function statementHoverMarkdown(facts: StatementFacts, schemaBefore: SchemaModel): string | undefined {
  const { statement, locks } = facts;
  if (statement.kind === undefined) return undefined;
  const title = statementTitle(statement.text);
  if (locks.length === 0) return `**${title}** takes no table lock that blocks other sessions.`;
  const sections = locks.map((lock) => {
    const effects = lock.rewrite ? 'rewrites the whole table' : lock.scan ? 'reads every row' : 'catalog-only (no scan, no rewrite)';
    const created = schemaBefore.table(lock.relation);
    const isNew = facts.tablesCreatedEarlierInFile.has(normaliseName(lock.relation));
    const origin = isNew
      ? 'created earlier in this migration (empty, so the lock is harmless)'
      : created
        ? `existing table, created in \`${path.basename(path.dirname(created.createdIn))}/${path.basename(created.createdIn)}\``
        : 'existing table';
    return [
      `**${lock.mode}** on \`${lock.relation}\` — ${origin}`,
      '',
      `- ${capitalise(describeBlocking(lock.mode))} while held and while waiting for it.`,
      `- ${capitalise(effects)}: ${lock.reason}.`,
      `- Conflicts with: ${conflictsWith(lock.mode).join(', ')}.`,
    ].join('\n');
  });
  return [`**${title}**`, '', ...sections].join('\n');
}

function statementTitle(text: string): string {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').slice(0, 4).join(' ');
  return words.length > 40 ? `${words.slice(0, 39)}…` : words;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
