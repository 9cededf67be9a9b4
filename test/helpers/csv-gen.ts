/**
 * Generated contact-list CSVs for property tests: a model (`GenFile`) drawn by fast-check, and
 * `renderFile`, which turns it into bytes plus the rows a correct reader must hand over.
 *
 * The model is repaired after drawing so that what it calls broken really is broken under
 * RFC 4180 and the reader's documented recovery rules (README "How the input is read"), and what it
 * calls good is unambiguous: e.g. a quote "never closed" must not find a partner that makes the
 * file valid CSV again, so the row after one starts with `"` and a letter (text after a closing
 * quote). Rows the reader documents as ambiguous (a multi-line field in a row of the wrong width) are
 * kept single-line.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';

/** How the file is encoded (`utf-8-bom`: UTF-8 with a byte order mark; UTF-16 always has one). */
export type FileEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'windows-1251' | 'windows-1252';
/** Field delimiters the tool detects. */
export type Delimiter = ',' | ';' | '\t' | '|';
/** Line ends. */
export type Eol = '\n' | '\r\n' | '\r';

/** One generated cell. */
export interface Cell {
  /** The value a reader must return. */
  value: string;
  /** Whether it is written in quotes (forced when the value needs them). */
  quoted: boolean;
}

/** One generated row, good or broken. */
export type GenRow =
  /** As wide as the file, plus `trailing` empty fields (a trailing delimiter). */
  | { kind: 'good'; cells: Cell[]; trailing: number }
  /** Fewer fields than the header but reaching the address column: read as is. */
  | { kind: 'short'; cells: Cell[] }
  /** Does not reach the address column: malformed. */
  | { kind: 'tooFew'; cells: Cell[] }
  /** More non-empty fields than the header: malformed. */
  | { kind: 'tooMany'; cells: Cell[] }
  /** Unquoted `prefix` fields, then `"text` never closed: malformed (its one line). */
  | { kind: 'unclosed'; prefix: string[]; text: string }
  /** Cell `at` written as `"value"junk`: malformed. */
  | { kind: 'badQuote'; cells: Cell[]; at: number; junk: string };

/** A generated file. */
export interface GenFile {
  /** Field delimiter. */
  delimiter: Delimiter;
  /** Line end used between records (line breaks inside quoted values vary). */
  eol: Eol;
  /** Byte encoding. */
  encoding: FileEncoding;
  /** Header cells, or undefined for a file without a header. */
  header: Cell[] | undefined;
  /** Number of columns. */
  columns: number;
  /** 0-based address column. */
  emailColumn: number;
  /** Data rows. */
  rows: GenRow[];
  /** Blank lines before each row (`rows.length + 1` entries: the last is at the end). */
  blanks: number[];
  /** Whether the last record ends with a line break. */
  finalEol: boolean;
  /** Whether the test passes the delimiter and encoding instead of letting the tool detect them. */
  hint: boolean;
}

/** A row as the reader must hand it over. */
export interface ExpectedRow {
  /** 1-based line where it starts. */
  line: number;
  /** Whether it must be a `malformed_row`. */
  malformed: boolean;
  /** The fields read (empty for malformed rows). */
  fields: string[];
  /** The row's text (its first line for an unclosed quote), without the line end. */
  raw: string;
}

/** A rendered file. */
export interface RenderedFile {
  /** The file's bytes. */
  bytes: Buffer;
  /** The header fields as read, or undefined. */
  header: string[] | undefined;
  /** The data rows in file order. */
  rows: ExpectedRow[];
  /** Blank lines in the file (skipped by the reader). */
  blankLines: number;
}

const ASCII = ['Olena', 'Ivan', 'note', '42', '+380 50 123 45 67', 'vip', 'course-a', '2024-01-15', 'x', ''];
const CYRILLIC = ['Олена', 'Шевченко', 'Київ', 'Привіт світ', 'Їжак', 'Ґанок', 'Єва', 'Щастя'];
/** Western words with accents one or two apart (1252 text is told from 1251 by that). */
const WESTERN = ['Müller', 'José', 'Françoise', 'Größe', 'Ñandú', 'Crème brûlée', 'Ærø'];
const UNICODE = ['😀 smile', '北京市', 'e\u0301te', 'nb\u00a0sp', 'zw\u200bsp'];
const SPECIAL = [',', ';', '\t', '|', '"', 'say "hi"', 'two\nlines', 'cr\rline', 'crlf\r\nline', '  padded  ', '5" floppy'];

const VALID = ['olena.kovalenko@gmail.com', 'ivan@ukr.net', 'marco.rossi@libero.it', 'anna+news@outlook.com', 'info@school.com.ua', 'jan.nowak@wp.pl', 'o.k@i.ua'];
const INVALID = ['not-an-email', 'olena@', '@gmail.com', 'a@b@c.com', 'ivan gmail.com', 'olena@gmial.com', 'olena@gmail..com'];
const MULTI = ['a.b@gmail.com; c.d@ukr.net', 'a.b@gmail.com, c.d@ukr.net', 'a.b@gmail.com ::: c.d@ukr.net'];
const DOMAINS = ['gmail.com', 'ukr.net', 'i.ua', 'outlook.com', 'libero.it', 'gmx.de', 'example-school.com.ua'];

const EMAIL_HEADERS: Record<FileEncoding, string[]> = {
  'utf-8': ['Email', 'E-mail', 'Email Address', 'Електронна пошта', 'Correo electrónico'],
  'utf-8-bom': ['Email', 'E-mail 1 - Value', 'Эл. почта', 'Indirizzo email'],
  'utf-16le': ['Email', 'E-mail Address', 'Електронна пошта'],
  'utf-16be': ['Email', 'E-Mail-Adresse'],
  'windows-1251': ['Електронна пошта', 'Эл. почта', 'Email'],
  'windows-1252': ['E-Mail-Adresse', 'Correo electrónico', 'Courriel', 'Email'],
};
const OTHER_HEADERS = { ascii: ['Name', 'Phone', 'Notes', 'Tags', 'City', 'Name, first'], cyrillic: ["Ім'я", 'Телефон', 'Місто'], western: ['Straße', 'Prénom', 'Größe'] };

/** Words a file in this encoding can hold. */
function wordsFor(encoding: FileEncoding): string[] {
  if (encoding === 'windows-1251') return [...ASCII, ...CYRILLIC, ...SPECIAL];
  if (encoding === 'windows-1252') return [...ASCII, ...WESTERN, ...SPECIAL];
  return [...ASCII, ...CYRILLIC, ...WESTERN, ...UNICODE, ...SPECIAL];
}

const cellArb = (words: string[]): fc.Arbitrary<Cell> =>
  fc.record({
    value: fc.array(fc.constantFrom(...words), { maxLength: 3 }).map((parts) => parts.join('')),
    quoted: fc.boolean(),
  });

/** An address cell: valid, decorated, invalid, empty, a repeat of an earlier row's, or several. */
const emailArb = (encoding: FileEncoding): fc.Arbitrary<Cell> =>
  fc.record({
    value: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...VALID) },
      { weight: 4, arbitrary: fc.tuple(fc.constantFrom('olena', 'ivan.p', 'marco'), fc.nat(99), fc.constantFrom(...DOMAINS)).map(([n, i, d]) => `${n}${i}@${d}`) },
      { weight: 1, arbitrary: fc.constantFrom(...VALID).map((v) => `  ${v} `) },
      { weight: 1, arbitrary: fc.constantFrom(...VALID).map((v) => v.replace(/@(.*)$/, (_, d: string) => `@${d.toUpperCase()}`)) },
      { weight: 2, arbitrary: fc.constantFrom(...INVALID, ...(encoding === 'windows-1252' ? [] : ['шмфт"пьфшдюсщь'])) },
      { weight: 2, arbitrary: fc.constant('') },
      { weight: 2, arbitrary: fc.nat(50).map((n) => `\u0000dup${n}`) },
      { weight: 1, arbitrary: fc.constantFrom(...MULTI) },
    ),
    quoted: fc.boolean(),
  });

const rowsArb = (encoding: FileEncoding, columns: number, emailColumn: number, maxRows: number): fc.Arbitrary<GenRow[]> => {
  const words = wordsFor(encoding);
  const wide = (n: number) =>
    fc.tuple(...Array.from({ length: n }, (_, i) => (i === emailColumn ? emailArb(encoding) : cellArb(words))));
  const junk = fc.constantFrom('x', 'abc', ' tail', '1');
  return fc.array(
    fc.oneof(
      { weight: 14, arbitrary: fc.record({ kind: fc.constant('good' as const), cells: wide(columns), trailing: fc.constantFrom(0, 0, 0, 1, 2) }) },
      { weight: 1, arbitrary: fc.nat(columns - 1).chain((m) => wide(Math.max(1, m)).map((cells) => ({ kind: 'short' as const, cells }))) },
      { weight: 1, arbitrary: wide(Math.max(1, emailColumn)).map((cells) => ({ kind: 'tooFew' as const, cells: cells.slice(0, Math.max(1, emailColumn)) })) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }).chain((k) => wide(columns + k).map((cells) => ({ kind: 'tooMany' as const, cells }))) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('unclosed' as const), prefix: fc.array(fc.constantFrom('a', 'Ivan', '42'), { maxLength: columns - 1 }), text: fc.constantFrom('open', 'Olena, notes', 'x y') }) },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('badQuote' as const), cells: wide(columns), at: fc.nat(columns - 1), junk }) },
    ),
    { maxLength: maxRows },
  );
};

/** Draws a file of at most `maxRows` rows. */
export const fileArb = (maxRows = 25): fc.Arbitrary<GenFile> =>
  fc
    .record({
      delimiter: fc.constantFrom<Delimiter>(',', ';', '\t', '|'),
      eol: fc.constantFrom<Eol>('\n', '\r\n', '\r'),
      encoding: fc.constantFrom<FileEncoding>('utf-8', 'utf-8-bom', 'utf-16le', 'utf-16be', 'windows-1251', 'windows-1252'),
      hasHeader: fc.boolean(),
      columns: fc.integer({ min: 2, max: 5 }),
      finalEol: fc.boolean(),
      hint: fc.boolean(),
    })
    .chain((p) =>
      fc
        .record({
          emailColumn: fc.nat(p.columns - 1),
          headerPicks: fc.array(fc.nat(), { minLength: p.columns, maxLength: p.columns }),
          headerQuoted: fc.array(fc.boolean(), { minLength: p.columns, maxLength: p.columns }),
        })
        .chain((q) =>
          fc
            .record({
              rows: rowsArb(p.encoding, p.columns, q.emailColumn, maxRows),
              blanks: fc.array(fc.constantFrom(0, 0, 0, 0, 1, 2), { minLength: maxRows + 1, maxLength: maxRows + 1 }),
            })
            .map(({ rows, blanks }) => {
              const others =
                p.encoding === 'windows-1251' ? [...OTHER_HEADERS.ascii, ...OTHER_HEADERS.cyrillic]
                : p.encoding === 'windows-1252' ? [...OTHER_HEADERS.ascii, ...OTHER_HEADERS.western]
                : [...OTHER_HEADERS.ascii, ...OTHER_HEADERS.cyrillic, ...OTHER_HEADERS.western];
              const names = EMAIL_HEADERS[p.encoding];
              const header = p.hasHeader
                ? q.headerPicks.map((n, i) => ({
                    value: i === q.emailColumn ? names[n % names.length]! : others[n % others.length]!,
                    quoted: q.headerQuoted[i]!,
                  }))
                : undefined;
              const file: GenFile = {
                delimiter: p.delimiter, eol: p.eol, encoding: p.encoding, header, columns: p.columns,
                emailColumn: q.emailColumn, rows, blanks: blanks.slice(0, rows.length + 1), finalEol: p.finalEol, hint: p.hint,
              };
              return repair(file);
            }),
        ),
    );

const cellsOf = (row: GenRow): Cell[] | undefined => ('cells' in row ? row.cells : undefined);
const STARTS_WITH_LETTER = /^[\p{L}\p{N}]/u;

/** Makes the drawn model mean what its kinds say (see the module comment). */
export function repair(file: GenFile): GenFile {
  const { columns, emailColumn, delimiter } = file;
  const header = file.header?.map((c) => ({ ...c }));
  const rows = file.rows.map((row): GenRow => {
    const copy = structuredClone(row);
    if (!file.header && (copy.kind === 'tooMany' || (copy.kind === 'good' && copy.trailing > 0))) {
      // Without a header the widest row sets the width: neither is broken there.
      return { kind: 'good', cells: copy.cells.slice(0, columns), trailing: 0 };
    }
    if (copy.kind === 'short' && copy.cells.length <= emailColumn) return { kind: 'tooFew', cells: copy.cells };
    if (copy.kind === 'tooFew' && copy.cells.length > emailColumn) return { kind: 'short', cells: copy.cells };
    return copy;
  });
  // Repeats of an earlier row's address.
  const seen: string[] = [];
  for (const row of rows) {
    const cells = cellsOf(row);
    const cell = cells?.[emailColumn];
    if (!cell) continue;
    if (cell.value.startsWith('\u0000dup')) cell.value = seen.length ? seen[Number(cell.value.slice(4)) % seen.length]! : VALID[0]!;
    seen.push(cell.value);
  }
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const cells = cellsOf(row);
    // A row of nothing but empty cells is a blank line to the reader (Excel leftovers): give it a value.
    if (cells && cells.length > 0 && cells.every((c) => c.value.trim() === '')) {
      const at = cells.findIndex((_, index) => index !== emailColumn);
      cells[at >= 0 ? at : 0]!.value = 'x';
    }
    if (cells) {
      // Rows of the wrong width, or with text after a quote, must be one line (README).
      const oneLine = row.kind !== 'good' || row.trailing > 0;
      for (const cell of cells) {
        if (oneLine) cell.value = cell.value.replace(/[\r\n]/g, ' ');
        if (!cell.quoted && needsQuotes(cell.value, delimiter)) cell.quoted = true;
      }
      if (row.kind === 'tooMany' && cells.at(-1)!.value === '') cells.at(-1)!.value = 'extra';
      if (row.kind === 'badQuote') {
        const bad = cells[row.at]!;
        bad.value = bad.value.replaceAll('"', "'");
        if (bad.value === '') bad.value = 'q';
      }
      if (cells.length === 1 && !cells[0]!.quoted && cells[0]!.value === '') cells[0]!.quoted = true; // not a blank line
    }
    if (row.kind === 'unclosed') row.prefix = row.prefix.slice(0, columns - 1);
    // The quote after an unclosed one must open a field with a letter: the unclosed field then ends
    // in text after a quote, which no reading makes valid.
    if (i > 0 && rows[i - 1]!.kind === 'unclosed') {
      if (row.kind === 'unclosed') row.prefix = [];
      else {
        const first = cells![0]!;
        if (!STARTS_WITH_LETTER.test(first.value)) first.value = emailColumn === 0 && row.kind !== 'badQuote' ? 'guard@gmail.com' : `G${first.value}`;
        first.quoted = true;
      }
    }
  }
  // Without a header the first row tells data from header and finds the address column: make it
  // a plain row with a valid address (README: such a first row is data).
  if (!header) {
    if (rows.length === 0) rows.push({ kind: 'good', cells: Array.from({ length: columns }, () => ({ value: 'x', quoted: false })), trailing: 0 });
    const first = rows[0]!;
    const cells = (cellsOf(first) ?? []).slice(0, columns);
    while (cells.length < columns) cells.push({ value: 'x', quoted: false });
    cells[emailColumn] = { value: VALID[1]!, quoted: false };
    rows[0] = { kind: 'good', cells, trailing: 0 };
  }
  // 1251/1252 are told apart by their text, and from UTF-8 by invalid sequences: give the header
  // (or the first row) one word of its script, as every real file of those code pages has.
  const marker = file.encoding === 'windows-1251' ? 'Олена Шевченко' : file.encoding === 'windows-1252' ? 'Françoise Müller' : undefined;
  const target = emailColumn === 0 ? 1 : 0;
  const markCells = header ?? (rows[0] ? cellsOf(rows[0]) : undefined);
  if (marker && markCells?.[target] && !markCells[target].value.startsWith(marker)) {
    markCells[target].value = `${marker}${markCells[target].value.replace(/[\r\n"]/g, '')}`;
  }
  for (const cell of header ?? []) if (needsQuotes(cell.value, delimiter)) cell.quoted = true;
  for (const row of rows) for (const cell of cellsOf(row) ?? []) if (!cell.quoted && needsQuotes(cell.value, delimiter)) cell.quoted = true;
  // A delimiter is detected from the rows most of the file agrees on: a file that is mostly
  // broken rows is read with the delimiter and encoding given (as a user would have to).
  const good = rows.filter((r) => r.kind === 'good').length + (header ? 1 : 0);
  const hint = file.hint || rows.length - good + (header ? 1 : 0) > good;
  return { ...file, header, rows, hint };
}

function needsQuotes(value: string, delimiter: string): boolean {
  return value.includes(delimiter) || value.includes('\r') || value.includes('\n') || value.startsWith('"');
}

const renderCell = (cell: Cell) => (cell.quoted ? `"${cell.value.replaceAll('"', '""')}"` : cell.value);

/** Counts line breaks the way RFC 4180 readers do (CRLF is one). */
export function countBreaks(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

/** Renders a row's text (without line end) and what the reader must return for it. */
function renderRow(row: GenRow, file: GenFile): { text: string; malformed: boolean; fields: string[] } {
  const d = file.delimiter;
  switch (row.kind) {
    case 'good': {
      const text = row.cells.map(renderCell).join(d) + d.repeat(row.trailing);
      return { text, malformed: false, fields: row.cells.map((c) => c.value) };
    }
    case 'short':
      return { text: row.cells.map(renderCell).join(d), malformed: false, fields: row.cells.map((c) => c.value) };
    case 'tooFew':
    case 'tooMany':
      return { text: row.cells.map(renderCell).join(d), malformed: true, fields: [] };
    case 'unclosed':
      return { text: [...row.prefix, `"${row.text}`].join(d), malformed: true, fields: [] };
    case 'badQuote': {
      const text = row.cells.map((c, i) => (i === row.at ? `"${c.value}"${row.junk}` : renderCell(c))).join(d);
      return { text, malformed: true, fields: [] };
    }
  }
}

/** Turns a model into bytes and the expected rows. */
export function renderFile(file: GenFile): RenderedFile {
  const parts: string[] = [];
  // Line breaks so far. Pieces never split a CRLF: rows neither start with LF nor end with CR.
  let breaks = 0;
  const append = (piece: string) => {
    parts.push(piece);
    breaks += countBreaks(piece);
  };
  let blankLines = 0;
  let open = false; // whether the last record still lacks its line end
  const blanks = (count: number) => {
    if (count === 0) return;
    append(file.eol.repeat(count));
    blankLines += open ? count - 1 : count;
    open = false;
  };
  blanks(file.blanks[0] ?? 0);
  if (file.header) {
    append(file.header.map(renderCell).join(file.delimiter));
    open = true;
  }
  const rows: ExpectedRow[] = [];
  file.rows.forEach((row, i) => {
    if (open) append(file.eol);
    open = false;
    if (i > 0 || file.header) blanks(file.blanks[i] ?? 0);
    const rendered = renderRow(row, file);
    rows.push({ line: breaks + 1, malformed: rendered.malformed, fields: rendered.fields, raw: rendered.text });
    append(rendered.text);
    open = true;
  });
  if (open && file.finalEol) {
    append(file.eol);
    open = false;
  }
  blanks(file.blanks[file.rows.length] ?? 0);
  return { bytes: encode(parts.join(''), file.encoding), header: file.header?.map((c) => c.value), rows, blankLines };
}

/** Encodes text as the file's encoding, with its byte order mark. */
export function encode(text: string, encoding: FileEncoding): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
    case 'utf-16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]);
    default:
      return iconv.encode(text, encoding);
  }
}
