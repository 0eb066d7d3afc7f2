/**
 * A seed file as SQL a database connection can run. Plain SQL passes
 * through; a data-only dump (`pg_dump --data-only`) carries its rows as
 * `COPY table (columns) FROM stdin;` followed by tab-separated lines and a
 * `\.` line, which only psql knows how to send: each such block becomes one
 * INSERT with the values as quoted literals (PostgreSQL casts them to the
 * column types), so the same dump seeds PGlite and a real server alike.
 * psql's own commands in a dump (`\restrict KEY`, `\connect`) are dropped,
 * and whatever the seed set for the session (a dump's
 * `set_config('search_path', '', false)`) is reset after it.
 */

const COPY_START = /^COPY\s+((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)\s*(\([^)]*\))?\s+FROM\s+stdin\s*;\s*$/i;

/** One field of COPY's text format → a SQL literal (`\N` is NULL; backslash escapes decoded). */
function literal(field: string): string {
  if (field === '\\N') return 'NULL';
  let value = '';
  for (let i = 0; i < field.length; i++) {
    const char = field[i]!;
    if (char !== '\\' || i + 1 === field.length) {
      value += char;
      continue;
    }
    const next = field[++i]!;
    const escapes: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (next in escapes) value += escapes[next];
    else if (/[0-7]/.test(next)) {
      const octal = /^[0-7]{1,3}/.exec(field.slice(i))![0];
      value += String.fromCharCode(parseInt(octal, 8));
      i += octal.length - 1;
    } else if (next === 'x' && /^[0-9a-fA-F]/.test(field[i + 1] ?? '')) {
      const hex = /^[0-9a-fA-F]{1,2}/.exec(field.slice(i + 1))![0];
      value += String.fromCharCode(parseInt(hex, 16));
      i += hex.length;
    } else value += next;
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** Rows per INSERT: big enough to be fast, small enough for one statement. */
const ROWS_PER_INSERT = 500;

const PSQL_COMMAND = /^\\[a-z]/;

export function seedSql(text: string): string {
  const out: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const start = COPY_START.exec(lines[i]!.replace(/\r$/, ''));
    if (!start) {
      if (!PSQL_COMMAND.test(lines[i]!)) out.push(lines[i]!);
      continue;
    }
    const target = `${start[1]}${start[2] ? ` ${start[2]}` : ''}`;
    let rows: string[] = [];
    const flush = (): void => {
      if (rows.length > 0) out.push(`INSERT INTO ${target} VALUES\n${rows.join(',\n')};`);
      rows = [];
    };
    for (i++; i < lines.length; i++) {
      const line = lines[i]!.replace(/\r$/, '');
      if (line === '\\.') break;
      rows.push(`(${line.split('\t').map(literal).join(', ')})`);
      if (rows.length === ROWS_PER_INSERT) flush();
    }
    flush();
  }
  // The lone `;` ends a last statement written without one.
  return `${out.join('\n')}\n;\nRESET ALL;\n`;
}
