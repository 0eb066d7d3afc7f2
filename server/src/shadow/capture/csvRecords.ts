/** RFC 4180 CSV records (quoted fields may hold commas, quotes and newlines), with the line each starts on. */

export function* csvRecords(text: string): Generator<{ fields: string[]; line: number }> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (char === '\n') line++;
        field += char;
      }
      continue;
    }
    if (char === '"') {
      quoted = true;
      any = true;
    } else if (char === ',') {
      fields.push(field);
      field = '';
      any = true;
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
  if (any || field !== '') {
    fields.push(field);
    yield { fields, line: recordLine };
  }
}
