/**
 * The tokens of one statement's text, comments dropped, with UTF-16 offsets:
 * enough to find where a clause the parser located ends (the parser gives
 * start locations only) and where a keyword goes in a fix.
 */

export interface Token {
  start: number;
  end: number;
  /** `word` (keyword or bare identifier), `quoted` ("identifier"), `string`, `number`, or a one-character `symbol`. */
  kind: 'word' | 'quoted' | 'string' | 'number' | 'symbol';
  text: string;
}

function isWordCharacter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x24 || code >= 0x80;
}

function closingQuote(text: string, from: number, quote: string, backslashEscapes: boolean): number {
  let i = from + 1;
  while (i < text.length) {
    if (backslashEscapes && text[i] === '\\') i += 2;
    else if (text[i] === quote && text[i + 1] === quote) i += 2;
    else if (text[i] === quote) return i + 1;
    else i++;
  }
  return text.length;
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const push = (start: number, end: number, kind: Token['kind']): void => {
    tokens.push({ start, end, kind, text: text.slice(start, end) });
  };
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code <= 0x20) i++;
    else if (code === 0x2d && next === 0x2d) {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? text.length : newline + 1;
    } else if (code === 0x2f && next === 0x2a) {
      let depth = 1;
      i += 2;
      while (i < text.length && depth > 0) {
        if (text.startsWith('/*', i)) {
          depth++;
          i += 2;
        } else if (text.startsWith('*/', i)) {
          depth--;
          i += 2;
        } else i++;
      }
    } else if (code === 0x27) {
      const end = closingQuote(text, i, "'", false);
      push(i, end, 'string');
      i = end;
    } else if (code === 0x22) {
      const end = closingQuote(text, i, '"', false);
      push(i, end, 'quoted');
      i = end;
    } else if ((code === 0x45 || code === 0x65) && next === 0x27) {
      const end = closingQuote(text, i + 1, "'", true);
      push(i, end, 'string');
      i = end;
    } else if (code === 0x24 && (i === 0 || !isWordCharacter(text.charCodeAt(i - 1)))) {
      const tag = /^\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/.exec(text.slice(i, i + 64))?.[0];
      if (!tag) {
        push(i, i + 1, 'symbol');
        i++;
        continue;
      }
      const close = text.indexOf(tag, i + tag.length);
      const end = close === -1 ? text.length : close + tag.length;
      push(i, end, 'string');
      i = end;
    } else if (code >= 0x30 && code <= 0x39) {
      let end = i;
      while (end < text.length && /[0-9.eE_]/.test(text[end]!)) end++;
      push(i, end, 'number');
      i = end;
    } else if (isWordCharacter(code)) {
      let end = i;
      while (end < text.length && isWordCharacter(text.charCodeAt(end))) end++;
      push(i, end, 'word');
      i = end;
    } else {
      push(i, i + 1, 'symbol');
      i++;
    }
  }
  return tokens;
}

/** Index of the first token that starts at or after `offset` (tokens.length when none). */
export function tokenIndexAt(tokens: readonly Token[], offset: number): number {
  const index = tokens.findIndex((token) => token.end > offset);
  return index === -1 ? tokens.length : index;
}

export function isWord(token: Token | undefined, ...words: string[]): boolean {
  return token?.kind === 'word' && words.includes(token.text.toUpperCase());
}

/**
 * Index of the last token of the clause that starts at token `from`: the
 * clause runs until a comma or semicolon outside parentheses and brackets.
 */
export function clauseEndIndex(tokens: readonly Token[], from: number): number {
  let depth = 0;
  let last = from;
  for (let i = from; i < tokens.length; i++) {
    const text = tokens[i]!.kind === 'symbol' ? tokens[i]!.text : '';
    if (text === '(' || text === '[') depth++;
    else if (text === ')' || text === ']') depth--;
    if (depth < 0 || (depth === 0 && (text === ',' || text === ';'))) break;
    last = i;
  }
  return last;
}

/** Words that continue a type name: `double precision`, `character varying`, `timestamp(3) without time zone`. */
const TYPE_WORDS = new Set(['PRECISION', 'VARYING']);

/** Offsets of the type name that starts at `offset`: `varchar(20)`, `timestamp(3) with time zone`, `public.mood[]`. */
export function typeNameExtent(tokens: readonly Token[], offset: number): { start: number; end: number } | undefined {
  let i = tokenIndexAt(tokens, offset);
  const first = tokens[i];
  if (!first || (first.kind !== 'word' && first.kind !== 'quoted')) return undefined;
  let end = first.end;
  i++;
  while (tokens[i]?.text === '.' && (tokens[i + 1]?.kind === 'word' || tokens[i + 1]?.kind === 'quoted')) {
    end = tokens[i + 1]!.end;
    i += 2;
  }
  for (;;) {
    const token = tokens[i];
    if (isWord(token, ...TYPE_WORDS)) {
      end = token!.end;
      i++;
    } else if (isWord(token, 'WITH', 'WITHOUT') && isWord(tokens[i + 1], 'TIME') && isWord(tokens[i + 2], 'ZONE')) {
      end = tokens[i + 2]!.end;
      i += 3;
    } else if (token?.text === '(' || token?.text === '[') {
      const close = token.text === '(' ? ')' : ']';
      let j = i + 1;
      while (j < tokens.length && tokens[j]!.text !== close) j++;
      if (j >= tokens.length) break;
      end = tokens[j]!.end;
      i = j + 1;
    } else if (isWord(token, 'ARRAY')) {
      end = token!.end;
      i++;
    } else {
      break;
    }
  }
  return { start: first.start, end };
}
