/**
 * Migration tools that keep forward and reverse in one file mark the parts
 * with comments. This reads those markers into sections (UTF-16 offsets of
 * each part's body) with the options that change how the tool runs them.
 */

export type SectionRole = 'forward' | 'reverse';

export interface MarkedSection {
  role: SectionRole;
  /** Offset just after the marker line, and where the next marker (or the file) ends. */
  start: number;
  end: number;
  /** Offsets of the marker line itself, for diagnostics about it. */
  markerStart: number;
  markerEnd: number;
  /** The tool runs this section outside a transaction (dbmate `transaction:false`, goose `NO TRANSACTION`, sql-migrate `notransaction`). */
  noTransaction: boolean;
  /** Identifier when the tool names parts (Liquibase `author:id`). */
  id?: string;
}

interface MarkerSyntax {
  /** Matches a marker line; group 1 is the role word, group 2 the options. */
  line: RegExp;
  role(word: string): SectionRole | undefined;
  noTransaction(options: string, wholeText: string): boolean;
}

export const DBMATE: MarkerSyntax = {
  line: /^--\s*migrate:(up|down)\b(.*)$/gim,
  role: (word) => (word.toLowerCase() === 'up' ? 'forward' : 'reverse'),
  noTransaction: (options) => /\btransaction\s*:\s*false\b/i.test(options),
};

export const GOOSE: MarkerSyntax = {
  line: /^--\s*\+goose\s+(Up|Down)\b(.*)$/gim,
  role: (word) => (word.toLowerCase() === 'up' ? 'forward' : 'reverse'),
  // goose's NO TRANSACTION annotation applies to the whole file.
  noTransaction: (_options, wholeText) => /^--\s*\+goose\s+NO\s+TRANSACTION\b/im.test(wholeText),
};

export const SQL_MIGRATE: MarkerSyntax = {
  line: /^--\s*\+migrate\s+(Up|Down)\b(.*)$/gim,
  role: (word) => (word.toLowerCase() === 'up' ? 'forward' : 'reverse'),
  noTransaction: (options) => /\bnotransaction\b/i.test(options),
};

export function readSections(text: string, syntax: MarkerSyntax): MarkedSection[] {
  const markers: { role: SectionRole; markerStart: number; markerEnd: number; options: string }[] = [];
  for (const match of text.matchAll(syntax.line)) {
    const role = syntax.role(match[1]!);
    if (!role) continue;
    markers.push({ role, markerStart: match.index!, markerEnd: match.index! + match[0].length, options: match[2] ?? '' });
  }
  return markers.map((marker, i) => ({
    role: marker.role,
    start: marker.markerEnd,
    end: markers[i + 1]?.markerStart ?? text.length,
    markerStart: marker.markerStart,
    markerEnd: marker.markerEnd,
    noTransaction: syntax.noTransaction(marker.options, text),
  }));
}

/**
 * Liquibase formatted SQL: `--changeset author:id [runInTransaction:false]`
 * starts a forward part; its `--rollback` lines (or a `--rollback` followed by
 * a block comment) are that changeset's reverse. Rollback SQL lives in
 * comments, so the reverse section covers those comment lines and the
 * caller reads the SQL out of them (see `liquibaseRollbackSql`).
 */
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

/**
 * The SQL of a Liquibase rollback part, with the comment markers blanked out
 * (same length, so offsets keep pointing into the file): `--rollback DROP
 * TABLE x;` lines, or a `/* liquibase rollback ... *\/` block.
 */
export function liquibaseRollbackSql(section: string): string {
  return section
    .replace(/^--\s*rollback\b/gim, (marker) => ' '.repeat(marker.length))
    .replace(/\/\*\s*liquibase\s+rollback\b/gi, (marker) => ' '.repeat(marker.length))
    .replace(/\*\//g, '  ');
}

/** The marker line that opens a reverse section in a tool that keeps both parts in one file. */
export function reverseSectionMarker(convention: string): string {
  switch (convention) {
    case 'goose':
      return '-- +goose Down';
    case 'sql-migrate':
      return '-- +migrate Down';
    default:
      return '-- migrate:down';
  }
}

/** Liquibase keeps rollback SQL in comments: every line becomes a `--rollback` line. */
export function asLiquibaseRollback(sql: string): string {
  return sql
    .trimEnd()
    .split('\n')
    .map((line) => (line.trim() === '' ? '--rollback' : `--rollback ${line}`))
    .join('\n');
}
