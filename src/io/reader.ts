import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { abortable } from '../abort.js';
import { KwigaError } from '../errors.js';
import type { InputRow } from '../row.js';
import { CsvParser, DEFAULT_MAX_RECORD_CHARS, parseCsv, type CsvRecord } from './csv-parser.js';
import { cutToLastLine, detectDelimiter, detectLayout, headerScore } from './detect.js';
import { createDecoder, createLazyDecoder, isAscii, sniffBinary, sniffEncoding, type Encoding } from './encoding.js';

/** How the reader was told to read (all optional: detected otherwise). */
export interface ReadOptions {
  /** Input encoding. */
  encoding?: Encoding;
  /** Field delimiter. */
  delimiter?: string;
  /** Address column: 1-based number or header name. */
  emailColumn?: string | number;
  /** Stops reading. */
  signal?: AbortSignal;
}

/** What the reader found out about the input before the first row. */
export interface InputMeta {
  /** The path as given (`-` for standard input). */
  file: string;
  /** Decoding used. */
  encoding: Encoding;
  /** Whether the input had a byte order mark. */
  bom: boolean;
  /** Whether the input was gzip-compressed. */
  gzip: boolean;
  /** Field delimiter used. */
  delimiter: string;
  /** The header row, or undefined for a file without one. */
  header: string[] | undefined;
  /** 0-based index of the address column. */
  emailColumn: number;
  /** The address column's header name, or `column N` without a header. */
  emailColumnName: string;
  /** Number of columns (from the header, or the widest sampled row). */
  columns: number;
  /** Line of the header, or of the first data row; earlier lines are a preamble (title, `sep=`). */
  firstLine: number;
  /** Other columns whose header names an address (`E-mail 2 Address`), best first. */
  otherEmailColumns: { index: number; name: string }[];
}

/** Counters the reader keeps while streaming. */
export interface ReadStats {
  /** Blank lines skipped (and rows of nothing but empty cells). */
  blankLines: number;
  /** Records before the header or first data row (a title line, Excel's `sep=`): not contacts. */
  preambleLines: number;
}

/** An opened input: its facts and its rows. */
export interface InputReader {
  /** Facts detected before reading rows. */
  meta: InputMeta;
  /** Counters, final once `rows()` is exhausted. */
  stats: ReadStats;
  /** Data rows in input order, in batches. */
  rows(): AsyncGenerator<InputRow[]>;
}

const SAMPLE_BYTES = 64 * 1024;

const BINARY_HINTS: Record<string, string> = {
  xlsx: 'looks like an Excel workbook: save it as "CSV UTF-8" and run again',
  xls: 'looks like an old Excel workbook: save it as "CSV UTF-8" and run again',
  docx: 'is a Word document, not a contact list: export the list as CSV and run again',
  pptx: 'is a PowerPoint file, not a contact list: export the list as CSV and run again',
  zip: 'is a zip archive: unpack it and run on the CSV inside',
  image: 'is an image, not a contact list: pass the CSV file',
  pdf: 'is a PDF, not a contact list: export the list as CSV and run again',
  binary: 'is not a text file: pass a CSV or TSV file',
};

/** Opens a CSV/TSV (or `-` for stdin), detects its layout and returns a row stream. */
export async function openInput(path: string, options: ReadOptions = {}): Promise<InputReader> {
  const name = path === '-' ? 'standard input' : basename(path);
  const source = path === '-' ? process.stdin : await openFile(path, name);
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = await readAtLeast(chunks, SAMPLE_BYTES, options.signal);
  let gzip = false;
  let iterator = chunks;
  if (head[0] === 0x1f && head[1] === 0x8b) {
    gzip = true;
    const gunzip = createGunzip();
    const pump = (async () => {
      gunzip.write(head);
      for (let r = await chunks.next(); !r.done; r = await chunks.next()) {
        if (!gunzip.write(r.value)) await new Promise((ok) => gunzip.once('drain', ok));
      }
      gunzip.end();
    })();
    pump.catch((error: unknown) => gunzip.destroy(error as Error));
    iterator = gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    head = await readAtLeast(iterator, SAMPLE_BYTES, options.signal).catch((error: unknown) => {
      if (error instanceof KwigaError) throw error;
      throw new KwigaError('INPUT', `${name} is not a valid gzip file: check the file and run again`);
    });
  }
  if (head.length === 0) throw new KwigaError('INPUT', `${name} is empty: pass a CSV file with a header and rows`);
  const binary = sniffBinary(head);
  if (binary) throw new KwigaError('INPUT', `${name} ${BINARY_HINTS[binary] ?? BINARY_HINTS.binary}`);

  const guess = options.encoding ? { encoding: options.encoding, bom: false } : sniffEncoding(head);
  // An all-ASCII start says nothing about the encoding: decide at the first non-ASCII byte.
  const undecided = !options.encoding && isAscii(head);
  let meta: InputMeta | undefined;
  const decoder = undecided
    ? createLazyDecoder((encoding) => {
        // report.json is written after the rows: by then the encoding is known (UTF-8 if all ASCII).
        if (meta) meta.encoding = encoding;
      })
    : createDecoder(guess.encoding);
  const sampleText = decoder.write(head);
  // A sample shorter than asked for is the whole input: its last line is whole too (a file
  // without a final line break would otherwise lose its last row to detection).
  const complete = head.length < SAMPLE_BYTES;
  // Excel writes `sep=;` as the first line to say which delimiter the file uses.
  const sepLine = /^sep=([,;\t|])\s*(?:\r\n|\n|\r)/i.exec(sampleText);
  const delimiter = options.delimiter ?? sepLine?.[1] ?? detectDelimiter(sampleText, complete);
  const sampleRecords = parseCsv(complete ? sampleText : cutToLastLine(sampleText), delimiter).slice(0, 200);
  const layout = detectLayout(
    sepLine ? sampleRecords.filter((r) => r.line > 1) : sampleRecords,
    options.emailColumn,
  );
  const firstGood = sampleRecords.find((r) => !r.problem && r.line === layout.firstLine);
  if (!firstGood) throw new KwigaError('INPUT', `${name} has no readable rows: pass a CSV file with a header and rows`);
  if (layout.emailColumn < 0) {
    throw new KwigaError(
      'INPUT',
      options.emailColumn !== undefined
        ? `${name} has no column "${String(options.emailColumn)}": check --email-column`
        : `${name} has no column that looks like email addresses: name it with --email-column`,
    );
  }
  const header = layout.hasHeader ? firstGood.fields : undefined;
  const columns = header ? header.length : Math.max(...sampleRecords.map((r) => r.fields.length));
  if (layout.emailColumn >= columns) {
    throw options.emailColumn !== undefined
      ? new KwigaError('USAGE', `${name} has ${columns} column${columns === 1 ? '' : 's'}; --email-column ${String(options.emailColumn)} is out of range`)
      : new KwigaError('INPUT', `${name} has no column that looks like email addresses: name it with --email-column`);
  }
  meta = {
    file: path,
    encoding: guess.encoding,
    bom: guess.bom || head[0] === 0xef || head[0] === 0xff || head[0] === 0xfe,
    gzip,
    delimiter,
    header,
    emailColumn: layout.emailColumn,
    emailColumnName: header?.[layout.emailColumn] || `column ${layout.emailColumn + 1}`,
    columns,
    firstLine: layout.firstLine,
    otherEmailColumns: header
      ? header
          .map((name, index) => ({ name, index, score: headerScore(name) }))
          .filter((c) => c.score > 0 && c.index !== layout.emailColumn)
          .sort((a, b) => b.score - a.score || a.index - b.index)
          .map(({ name, index }) => ({ name, index }))
      : [],
  };
  const stats: ReadStats = { blankLines: 0, preambleLines: 0 };

  return {
    meta,
    stats,
    rows: () => streamRows(iterator, decoder, sampleText, meta, stats, options.signal),
  };
}

async function openFile(path: string, name: string): Promise<Readable> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    const why = error.code === 'ENOENT' ? 'does not exist' : `cannot be read (${error.code ?? error.message})`;
    throw new KwigaError('INPUT', `${path} ${why}: check the path and run again`);
  });
  if (info.isDirectory()) throw new KwigaError('INPUT', `${path} is a directory: pass the CSV file inside it`);
  const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
  await new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error: NodeJS.ErrnoException) =>
      reject(new KwigaError('INPUT', `${name} cannot be read (${error.code ?? error.message}): check its permissions`)),
    );
  });
  return stream;
}

/** Reads at least `bytes` (or all there is); a stop ends a wait for input that never comes. */
async function readAtLeast(chunks: AsyncIterator<Buffer>, bytes: number, signal: AbortSignal | undefined): Promise<Buffer> {
  const parts: Buffer[] = [];
  let length = 0;
  while (length < bytes) {
    const r = await abortable(chunks.next(), signal);
    if (r.done) break;
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    parts.push(chunk);
    length += chunk.length;
  }
  return Buffer.concat(parts);
}

async function* streamRows(
  chunks: AsyncIterator<Buffer>,
  decoder: ReturnType<typeof createDecoder>,
  firstText: string,
  meta: InputMeta,
  stats: ReadStats,
  signal: AbortSignal | undefined,
): AsyncGenerator<InputRow[]> {
  const parser = new CsvParser({ delimiter: meta.delimiter, expectedFields: meta.columns });
  let emptyRecords = 0;
  const convert = (records: CsvRecord[]): InputRow[] => {
    const rows: InputRow[] = [];
    for (const record of records) {
      if (record.line < meta.firstLine) {
        stats.preambleLines++;
        continue;
      }
      if (record.line === meta.firstLine && meta.header !== undefined) continue;
      // Excel saves rows it once touched as `,,,`: no data, so a blank line, not a contact.
      if (!record.problem && isEmptyRecord(record.fields)) {
        emptyRecords++;
        continue;
      }
      rows.push(toRow(record, meta));
    }
    return rows;
  };
  let batch = convert(parser.push(firstText));
  if (batch.length) yield batch;
  for (let r = await abortable(chunks.next(), signal); !r.done; r = await abortable(chunks.next(), signal)) {
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    batch = convert(parser.push(decoder.write(chunk)));
    if (batch.length) yield batch;
  }
  batch = convert([...parser.push(decoder.end()), ...parser.end()]);
  stats.blankLines = parser.blankLines + emptyRecords;
  if (batch.length) yield batch;
}

/** Every field empty or white space. */
function isEmptyRecord(fields: readonly string[]): boolean {
  for (const field of fields) if (field.trim() !== '') return false;
  return true;
}

/**
 * A record becomes a row. Unreadable records and rows with extra non-empty fields (a delimiter
 * inside an unquoted value shifts every column after it) are malformed. Extra empty fields (a
 * trailing delimiter) are dropped, and short rows that still reach the address column are read:
 * nothing in them is ambiguous, and throwing them away would lose a good contact.
 */
function toRow(record: CsvRecord, meta: InputMeta): InputRow {
  if (record.problem) {
    const raw = record.raw ?? '';
    const malformed: InputRow['malformed'] =
      record.problem === 'csv.field_too_long' ? { why: record.problem, args: { raw, limit: DEFAULT_MAX_RECORD_CHARS } } : { why: record.problem, args: { raw } };
    return { line: record.line, fields: [], raw, malformed };
  }
  const fields = record.fields;
  if (fields.length > meta.columns && meta.header) {
    let last = fields.length;
    while (last > meta.columns && fields[last - 1] === '') last--;
    if (last > meta.columns) return ragged(record, meta);
    fields.length = last;
  } else if (fields.length <= meta.emailColumn) {
    return ragged(record, meta);
  }
  return { line: record.line, fields };
}

function ragged(record: CsvRecord, meta: InputMeta): InputRow {
  const raw = record.raw ?? record.fields.join(meta.delimiter);
  return { line: record.line, fields: [], raw, malformed: { why: 'csv.field_count', args: { got: record.fields.length, expected: meta.columns, raw } } };
}
