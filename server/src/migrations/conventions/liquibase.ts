/**
 * Liquibase formatted SQL: `--changeset author:id [runInTransaction:false]`
 * starts a forward part; its `--rollback` lines (or a `--rollback` followed
 * by a `/* liquibase rollback *\/` block) are that changeset's reverse, SQL
 * in comments. Changesets run in file order.
 */

import { sectionConvention, type MarkedSection } from './support/markedSections';

export function readLiquibaseSections(text: string): MarkedSection[] {
  const sections: MarkedSection[] = [];
  const changesets = [...text.matchAll(/^--\s*changeset\s+(\S+)(.*)$/gim)];
  changesets.forEach((match, i) => {
    const markerStart = match.index!;
    const markerEnd = markerStart + match[0].length;
    const end = changesets[i + 1]?.index ?? text.length;
    const body = text.slice(markerEnd, end);
    const rollbackAt = body.search(/^--\s*rollback\b|^\/\*\s*liquibase\s+rollback\b/im);
    const forwardEnd = rollbackAt === -1 ? end : markerEnd + rollbackAt;
    const noTransaction = /\brunInTransaction\s*:\s*false\b/i.test(match[2] ?? '');
    const id = match[1]!;
    sections.push({ role: 'forward', start: markerEnd, end: forwardEnd, markerStart, markerEnd, noTransaction, id });
    if (rollbackAt !== -1) {
      sections.push({ role: 'reverse', start: forwardEnd, end, markerStart: forwardEnd, markerEnd: forwardEnd, noTransaction, id });
    }
  });
  return sections;
}

/** The SQL of a rollback part with the comment markers blanked out (same length, so offsets keep pointing into the file). */
function rollbackSql(part: string): string {
  return part
    .replace(/^--\s*rollback\b/gim, (marker) => ' '.repeat(marker.length))
    .replace(/\/\*\s*liquibase\s+rollback\b/gi, (marker) => ' '.repeat(marker.length))
    .replace(/\*\//g, '  ');
}

/** Every line of the SQL becomes a `--rollback` line. */
function asRollbackComments(sql: string): string {
  return `${sql
    .trimEnd()
    .split('\n')
    .map((line) => (line.trim() === '' ? '--rollback' : `--rollback ${line}`))
    .join('\n')}\n`;
}

export const liquibase = sectionConvention('liquibase', /^--\s*liquibase\s+formatted\s+sql\b/im, readLiquibaseSections, {
  bookkeeping: { tables: ['databasechangelog', 'databasechangeloglock'] },
  outsideTransaction: 'put it in a changeset of its own with runInTransaction:false',
  reverseInFile: { asText: asRollbackComments },
  uncomment: rollbackSql,
});
