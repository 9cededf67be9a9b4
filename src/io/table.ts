/**
 * The `io/` folder: bytes in and out — this reader of text tables, the tokenizer (csv-parser.ts),
 * encodings, layout detection (detect.ts), the contact-list reader (reader.ts) and the atomic
 * writers (writer.ts). It knows nothing of what an address is.
 *
 * The one way a text table is read, whatever it holds (a contact list, a suppression list):
 * a file or standard input, gzip, refusal of binary files by name, encoding sniffing (UTF-8 with or
 * without BOM, UTF-16 with BOM, windows-1251/1252, decided lazily when the start is ASCII), Excel's
 * `sep=` line, delimiter detection, and the tolerant tokenizer that keeps reading after a broken row.
 * What the table means (header, address column, list format) is decided by the caller from the
 * sample records; then `records()` streams every record from the start.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { abortable } from '../model/abort.js';
import { KwigaError } from '../model/errors.js';
import { CsvParser, parseCsv, type CsvRecord } from './csv-parser.js';
import { cutToLastLine, detectDelimiter } from './detect.js';
import { createDecoder, createLazyDecoder, isAscii, sniffBinary, sniffEncoding, type Encoding, type TextDecoderStream } from './encoding.js';

/** How to read (all optional: detected otherwise). */
export interface TableOptions {
  /** Input encoding. */
  encoding?: Encoding | undefined;
  /** Field delimiter. */
  delimiter?: string | undefined;
  /** Stops reading. */
  signal?: AbortSignal | undefined;
  /** An empty input is a table without records (suppression lists) instead of an error. */
  allowEmpty?: boolean;
  /**
   * The input's bytes when someone already read its first ones (open-input.ts looks for a
   * workbook first in standard input or a pipe): they come first in here, then the rest.
   */
  source?: AsyncIterable<Buffer> | undefined;
}

/** What the bytes turned out to be. */
export interface TableFacts {
  /** The path as given (`-` for standard input). */
  file: string;
  /** Decoding used; final once every record was read (an ASCII start decides late). */
  encoding: Encoding;
  /** Whether the input had a byte order mark. */
  bom: boolean;
  /** Whether the input was gzip-compressed. */
  gzip: boolean;
  /** Field delimiter used. */
  delimiter: string;
}

/** An opened table: its facts, a sample to decide its layout from, and its records. */
export interface Table {
  /** Facts about the bytes. */
  facts: TableFacts;
  /** The name to use in messages (`contacts.csv`, `standard input`). */
  name: string;
  /** Up to 200 records from the start (the last line of a partial sample left out). */
  sample: CsvRecord[];
  /** Whether the first line is Excel's `sep=` line (then it is no data). */
  sepLine: boolean;
  /**
   * Every record from the start, in batches. `expectedFields` (the table's width, once known)
   * lets the tokenizer keep the text of rows of another width and tell a broken quote from a
   * multi-line note.
   */
  records(expectedFields?: number): AsyncGenerator<CsvRecord[]>;
  /** Blank lines skipped so far (final once `records()` is exhausted). */
  blankLines(): number;
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
  'utf-16le': 'looks like UTF-16 text without a byte order mark: pass --encoding utf-16le and run again',
  'utf-16be': 'looks like UTF-16 text without a byte order mark: pass --encoding utf-16be and run again',
  binary: 'is not a text file: pass a CSV or TSV file',
};

/** Opens a CSV/TSV/plain list (or `-` for standard input) and reads enough to describe it. */
export async function openTable(path: string, options: TableOptions = {}): Promise<Table> {
  const name = path === '-' ? 'standard input' : basename(path);
  const source = options.source ?? (path === '-' ? process.stdin : await openFile(path, name));
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let head = await readAtLeast(chunks, SAMPLE_BYTES, options.signal);
  let gzip = false;
  let iterator = chunks;
  // Errors of the gzip stream in words: a cut download is the usual cause, never a bug.
  let gzipError = (error: unknown, _line: number): unknown => error;
  if (head[0] === 0x1f && head[1] === 0x8b) {
    gzip = true;
    const gz = gunzipped(chunks, head);
    iterator = gz.iterator;
    gzipError = (error, line) => describeGzipError(name, error, gz.bytesIn(), line);
    head = await readAtLeast(iterator, SAMPLE_BYTES, options.signal).catch((error: unknown) => {
      throw gzipError(error, 0);
    });
  }
  if (head.length === 0 && !options.allowEmpty) {
    throw new KwigaError('INPUT', `${name} is empty: pass a CSV file with a header and rows`);
  }
  // UTF-16 without a byte order mark is half NUL bytes: told with --encoding, it is text.
  const binary = options.encoding?.startsWith('utf-16') ? undefined : sniffBinary(head);
  if (binary) throw new KwigaError('INPUT', `${name} ${BINARY_HINTS[binary] ?? BINARY_HINTS.binary}`);

  const guess = options.encoding ? { encoding: options.encoding, bom: false } : sniffEncoding(head);
  const facts: TableFacts = {
    file: path,
    encoding: guess.encoding,
    bom: guess.bom || head[0] === 0xef || head[0] === 0xff || head[0] === 0xfe,
    gzip,
    delimiter: ',',
  };
  // An all-ASCII start says nothing about the encoding: decide at the first non-ASCII byte.
  const decoder =
    !options.encoding && isAscii(head) ? createLazyDecoder((encoding) => (facts.encoding = encoding)) : createDecoder(guess.encoding);
  const sampleText = decoder.write(head);
  // A sample shorter than asked for is the whole input: its last line is whole too (a file
  // without a final line break would otherwise lose its last row to detection).
  const complete = head.length < SAMPLE_BYTES;
  // Excel writes `sep=;` as the first line to say which delimiter the file uses.
  const sepLine = /^sep=([,;\t|])\s*(?:\r\n|\n|\r)/i.exec(sampleText);
  facts.delimiter = options.delimiter ?? sepLine?.[1] ?? detectDelimiter(sampleText, complete);
  const sample = parseCsv(complete ? sampleText : cutToLastLine(sampleText), facts.delimiter).slice(0, 200);
  let parser: CsvParser | undefined;
  return {
    facts,
    name,
    sample,
    sepLine: sepLine !== null,
    records: (expectedFields) => {
      parser = new CsvParser({ delimiter: facts.delimiter, expectedFields });
      return streamRecords(parser, iterator, decoder, sampleText, options.signal, gzipError);
    },
    blankLines: () => parser?.blankLines ?? 0,
  };
}

/**
 * The decompressed bytes of a gzip stream whose first bytes were already read, and how many
 * compressed bytes went in so far (to say where a cut archive ends).
 */
function gunzipped(chunks: AsyncIterator<Buffer>, head: Buffer): { iterator: AsyncIterator<Buffer>; bytesIn: () => number } {
  const gunzip = createGunzip();
  let bytesIn = head.length;
  const pump = (async () => {
    gunzip.write(head);
    for (let r = await chunks.next(); !r.done; r = await chunks.next()) {
      bytesIn += r.value.length;
      if (!gunzip.write(r.value)) await new Promise((ok) => gunzip.once('drain', ok));
    }
    gunzip.end();
  })();
  pump.catch((error: unknown) => gunzip.destroy(error as Error));
  return { iterator: gunzip[Symbol.asyncIterator]() as AsyncIterator<Buffer>, bytesIn: () => bytesIn };
}

/**
 * A gzip stream that failed: `unexpected end of file` is an archive cut short (a download or copy
 * that stopped), anything else a damaged one. Either way the input is unusable as a whole — a cut
 * row may even look like a good, shorter address — so it is an INPUT error naming where the data
 * ends, never an internal one. `line`: the last line read whole (0: none).
 */
function describeGzipError(name: string, error: unknown, bytes: number, line: number): unknown {
  if (error instanceof KwigaError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (!code.startsWith('Z_')) return error;
  const where = `at about byte ${bytes.toLocaleString('en-US')}${line > 0 ? `, after line ${line.toLocaleString('en-US')}` : ''}`;
  const what = code === 'Z_BUF_ERROR' ? `is cut short: the gzip archive ends ${where}` : `is damaged: the gzip data breaks ${where}`;
  return new KwigaError('INPUT', `${name} ${what}. Get the whole file again and rerun; nothing was written.`, { cause: error });
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

async function* streamRecords(
  parser: CsvParser,
  chunks: AsyncIterator<Buffer>,
  decoder: TextDecoderStream,
  firstText: string,
  signal: AbortSignal | undefined,
  readError: (error: unknown, line: number) => unknown,
): AsyncGenerator<CsvRecord[]> {
  let batch = parser.push(firstText);
  if (batch.length) yield batch;
  const next = () =>
    abortable(chunks.next(), signal).catch((error: unknown) => {
      throw readError(error, parser.linesRead);
    });
  for (let r = await next(); !r.done; r = await next()) {
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    batch = parser.push(decoder.write(chunk));
    if (batch.length) yield batch;
  }
  batch = [...parser.push(decoder.end()), ...parser.end()];
  if (batch.length) yield batch;
}
