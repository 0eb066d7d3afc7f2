/**
 * RFC 4180 CSV records (quoted fields may hold commas, quotes and
 * newlines), with the line each starts on, from the text whole or a piece
 * at a time.
 */

export function* csvRecords(input: string | Iterable<string>): Generator<{ fields: string[]; line: number }> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let any = false;
  // A quote or a \r at the end of a piece may pair with the first character of the next: it waits for it.
  let carried = '';
  for (const piece of typeof input === 'string' ? [input] : input) {
    const text = carried + piece;
    carried = '';
    for (let i = 0; i < text.length; i++) {
      const char = text[i]!;
      const last = i + 1 === text.length;
      if (quoted) {
        if (char !== '"') {
          if (char === '\n') line++;
          field += char;
        } else if (last) {
          carried = char;
        } else if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else if (char === '"') {
        quoted = true;
        any = true;
      } else if (char === ',') {
        fields.push(field);
        field = '';
        any = true;
      } else if (char === '\r' && last) {
        carried = char;
      } else if (char === '\n' || char === '\r') {
        if (char === '\r' && text[i + 1] === '\n') i++;
        if (any || field !== '') {
          fields.push(field);
          yield { fields, line: recordLine };
        }
        fields = [];
        field = '';
        any = false;
        line++;
        recordLine = line;
      } else {
        field += char;
        any = true;
      }
    }
  }
  // What was carried past the end: a closing quote, or a final \r.
  if (carried === '"') quoted = false;
  if (any || field !== '') {
    fields.push(field);
    yield { fields, line: recordLine };
  }
}
