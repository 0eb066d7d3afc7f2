/**
 * Finds a keyword as a token of the statement, never inside a comment, a
 * string, a quoted identifier or a dollar quote, so that a fix inserting
 * text "after INDEX" lands after the keyword and not in `/* the index *\/`.
 */

function isWordCharacter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x24 || code >= 0x80;
}

/** UTF-16 offset in `text` of the first token equal to `keyword` (case-insensitive), or -1. */
export function findKeyword(text: string, keyword: string): number {
  const wanted = keyword.toUpperCase();
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 0x2d && text.charCodeAt(i + 1) === 0x2d) {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? text.length : newline + 1;
    } else if (code === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
      let depth = 1;
      i += 2;
      while (i < text.length && depth > 0) {
        if (text.startsWith('/*', i)) (depth++, (i += 2));
        else if (text.startsWith('*/', i)) (depth--, (i += 2));
        else i++;
      }
    } else if (code === 0x27 || code === 0x22) {
      const close = String.fromCharCode(code);
      i++;
      while (i < text.length) {
        if (text[i] === close && text[i + 1] === close) i += 2;
        else if (text[i] === close) break;
        else i++;
      }
      i++;
    } else if (code === 0x24 && (i === 0 || !isWordCharacter(text.charCodeAt(i - 1)))) {
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 64))?.[0];
      if (!tag) {
        i++;
        continue;
      }
      const close = text.indexOf(tag, i + tag.length);
      i = close === -1 ? text.length : close + tag.length;
    } else if (isWordCharacter(code)) {
      const start = i;
      while (i < text.length && isWordCharacter(text.charCodeAt(i))) i++;
      if (i - start === wanted.length && text.slice(start, i).toUpperCase() === wanted) return start;
    } else {
      i++;
    }
  }
  return -1;
}
