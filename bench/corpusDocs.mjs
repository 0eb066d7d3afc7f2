// Builds benchmark documents out of the corpus: concatenated migrations cut
// at a real statement boundary, with a small SQL lexer so a `;\n` inside a
// dollar-quoted function body, a string or a comment is never taken for one.

import * as fs from 'node:fs';

const WORD = /[A-Za-z0-9_]/;
const TAG_START = /[A-Za-z_\x80-\uffff]/;
const TAG_CHAR = /[A-Za-z0-9_\x80-\uffff]/;

/**
 * Top-level statement terminators: for each `;` outside strings, quoted
 * identifiers, dollar quotes and comments, its offset. Also returns, per
 * terminator, where the statement's first token starts.
 */
export function topLevelStatements(text) {
  const statements = [];
  let i = 0;
  let statementStart = -1;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '-' && next === '-') {
      const end = text.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
      continue;
    }
    if (c === '/' && next === '*') {
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (text[i] === '/' && text[i + 1] === '*') {
          depth++;
          i += 2;
        } else if (text[i] === '*' && text[i + 1] === '/') {
          depth--;
          i += 2;
        } else i++;
      }
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (statementStart === -1) statementStart = i;
    if (c === "'") {
      // E'...' strings honour backslash escapes; '' is an escaped quote in both kinds.
      const escapes = i > 0 && /[eE]/.test(text[i - 1]) && (i < 2 || !WORD.test(text[i - 2]));
      i++;
      while (i < n) {
        if (escapes && text[i] === '\\') i += 2;
        else if (text[i] === "'" && text[i + 1] === "'") i += 2;
        else if (text[i] === "'") break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < n) {
        if (text[i] === '"' && text[i + 1] === '"') i += 2;
        else if (text[i] === '"') break;
        else i++;
      }
      i++;
      continue;
    }
    if (c === '$' && (i === 0 || !WORD.test(text[i - 1]))) {
      let j = i + 1;
      if (j < n && TAG_START.test(text[j])) {
        while (j < n && TAG_CHAR.test(text[j])) j++;
      }
      if (text[j] === '$') {
        const tag = text.slice(i, j + 1);
        const close = text.indexOf(tag, j + 1);
        i = close === -1 ? n : close + tag.length;
        continue;
      }
    }
    if (c === ';') {
      statements.push({ start: statementStart, semicolon: i });
      statementStart = -1;
    }
    i++;
  }
  return statements;
}

/**
 * The corpus files concatenated in name order, cut at the top-level `;\n`
 * nearest `targetBytes` (so the document ends with a complete statement).
 */
export function buildDocument(files, targetBytes) {
  let text = '';
  for (const file of files) {
    let content = fs.readFileSync(file, 'utf8');
    if (!content.endsWith('\n')) content += '\n';
    text += content;
    if (Buffer.byteLength(text) > targetBytes * 1.25 + 4096) break;
  }
  let best;
  for (const statement of topLevelStatements(text)) {
    if (text[statement.semicolon + 1] !== '\n') continue;
    const cut = statement.semicolon + 2;
    const size = Buffer.byteLength(text.slice(0, cut));
    if (!best || Math.abs(size - targetBytes) < Math.abs(best.size - targetBytes)) best = { cut, size };
  }
  if (!best) throw new Error(`no statement boundary found for a ${targetBytes}-byte document`);
  return text.slice(0, best.cut);
}

/** 0-based line and UTF-16 character of an offset, as LSP positions want. */
export function positionAt(text, offset) {
  let line = 0;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, character: offset - lineStart };
}
