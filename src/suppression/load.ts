import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { EntryTable } from './entries.js';
import { SuppressionLoadError } from './error.js';
import { SINGLE_COLUMN_HEADERS, compactName, layoutForHeader, layoutWithoutHeader, parseDate, type Layout } from './formats.js';
import { HashStore, algorithmForHexLength, type HashAlgorithm } from './hashstore.js';
import { addressKey, cleanValue, domainKey } from './keys.js';

/**
 * Reads one suppression file into the shared EntryTable (addresses, domains) and its own hash
 * stores. The format is decided by content: a first data line with `,` `;` or tab is a CSV export
 * (csv-parse, header row mapped by `formats.ts`), anything else is a one-value-per-line list of
 * addresses, `@domain` entries and hex digests, scanned as raw bytes so 10 million digests make no
 * strings.
 */

/** What loading one file produced. */
export interface LoadedList {
  /** Detected format name. */
  format: string;
  /** Rows understood. */
  entries: number;
  /** Rows that were neither an address, a domain nor a digest. */
  notUnderstood: number;
  /** Digest sets of this file, one per algorithm present. */
  hashes: HashStore[];
}

/** Where bytes come from: the open file, or a re-encoded copy (UTF-16 input). */
type Source = { fh: FileHandle; size: number; start: number } | { mem: Buffer };

const CHUNK = 4 << 20;

/** Per-file counters and the "understood or not" bookkeeping shared by both paths. */
class Tally {
  entries = 0;
  bad = 0;
  firstBad = 0;
  constructor(readonly file: string) {}
  miss(line: number): void {
    if (this.bad++ === 0) this.firstBad = line;
  }
  /** A file that is mostly not understood is not a suppression list (SPEC: input error, exit 2). */
  check(what: string): void {
    if (this.bad > 0 && this.bad > this.entries) {
      throw new SuppressionLoadError(this.file, this.firstBad, `not a suppression list: ${what}`);
    }
  }
}

/** Load `file` as list number `list`. */
export async function loadList(file: string, list: number, table: EntryTable): Promise<LoadedList> {
  let fh: FileHandle;
  try {
    fh = await open(file, 'r');
  } catch (e) {
    throw new SuppressionLoadError(file, undefined, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(Math.min(65536, size));
    await fh.read(head, 0, head.length, 0);
    let source: Source;
    let text: Buffer = head;
    if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
      // Excel "Unicode text" is UTF-16 with a BOM: re-encode once (such files are small exports).
      const whole = await fh.readFile();
      const decoded = new TextDecoder(head[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(whole);
      text = Buffer.from(decoded, 'utf8');
      source = { mem: text };
    } else {
      const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
      if (head.includes(0)) throw new SuppressionLoadError(file, 1, 'not a text file');
      source = { fh, size, start: bom };
      text = head.subarray(bom);
    }
    const first = firstDataLine(text.toString('utf8'));
    if (first !== undefined && /[,;\t]/.test(first)) return await loadCsv(file, list, table, source, first);
    return await loadLines(file, list, table, source);
  } finally {
    await fh.close();
  }
}

/** The first line that is neither blank nor a `#` comment. */
function firstDataLine(text: string): string | undefined {
  for (const raw of text.split('\n', 200)) {
    const line = raw.trim();
    if (line !== '' && !line.startsWith('#')) return line;
  }
  return undefined;
}

/** Delimiter of a CSV from its first data line: the most frequent of `,` `;` tab (`,` on ties). */
function delimiterOf(line: string): string {
  let best = ',';
  let most = 0;
  for (const d of [',', ';', '\t']) {
    const n = line.split(d).length - 1;
    if (n > most) [best, most] = [d, n];
  }
  return best;
}

/** One value per line: addresses, `@domain` / `*@domain`, MD5/SHA-1/SHA-256 hex digests. */
async function loadLines(file: string, list: number, table: EntryTable, source: Source): Promise<LoadedList> {
  const sink = new LineSink(file, list, table, 'mem' in source ? source.mem.length : source.size);
  await scan(source, sink);
  sink.tally.check('most lines are neither addresses nor digests');
  const hashes = [...sink.stores.values()];
  for (const h of hashes) h.trim();
  const format = hashes.length === 0 ? 'plain'
    : sink.textEntries === 0 && hashes.length === 1 ? `hashed-${hashes[0]!.algorithm}` : 'plain+hashed';
  return { format, entries: sink.tally.entries, notUnderstood: sink.tally.bad, hashes };
}

/** Receives the lines of a one-value-per-line file (a class, not a closure: this is the hot loop). */
class LineSink {
  readonly tally: Tally;
  readonly stores = new Map<HashAlgorithm, HashStore>();
  textEntries = 0;
  private lineNo = 0;
  private seenData = false;
  /** The store of the last digest line, so a 10-million-line list skips the Map lookup. */
  private last: HashStore | undefined;
  private lastLen = 0;

  constructor(readonly file: string, readonly list: number, readonly table: EntryTable, readonly size: number) {
    this.tally = new Tally(file);
  }

  line(b: Buffer, s: number, e: number): void {
    this.lineNo++;
    while (s < e && b[s]! <= 32) s++;
    while (e > s && b[e - 1]! <= 32) e--;
    if (s === e || b[s] === 35) return; // blank or '#' comment
    const len = e - s;
    const store = len === this.lastLen ? this.last : this.storeFor(len);
    if (store !== undefined && store.addHex(b, s)) {
      this.tally.entries++;
      this.seenData = true;
      return;
    }
    this.text(b.toString('utf8', s, e));
  }

  private storeFor(len: number): HashStore | undefined {
    const algorithm = algorithmForHexLength(len);
    if (algorithm === undefined) return undefined;
    let store = this.stores.get(algorithm);
    if (store === undefined) {
      // Size the first store from the file: every digest line takes at least hex length + 1 bytes.
      store = new HashStore(algorithm, this.stores.size === 0 ? this.size / (len + 1) + 16 : 1024);
      this.stores.set(algorithm, store);
    }
    this.last = store;
    this.lastLen = len;
    return store;
  }

  private text(value: string): void {
    const isFirst = !this.seenData;
    this.seenData = true;
    if (addValue(this.table, value, { kind: 'plain', list: this.list, when: NaN, reason: undefined })) {
      this.tally.entries++;
      this.textEntries++;
      return;
    }
    if (isFirst && SINGLE_COLUMN_HEADERS.has(compactName(value))) return; // a lone header line
    if (isFirst) {
      throw new SuppressionLoadError(this.file, this.lineNo, 'neither an address, a domain (@example.com) nor a hex MD5/SHA-1/SHA-256 digest');
    }
    this.tally.miss(this.lineNo);
  }
}

/** Feed every line (without its `\n`) of the source to `onLine`, reading big chunks. */
async function scan(source: Source, sink: LineSink): Promise<void> {
  if ('mem' in source) {
    splitLines(source.mem, 0, source.mem.length, sink, true);
    return;
  }
  let buf = Buffer.allocUnsafe(CHUNK);
  let kept = 0;
  let pos = source.start;
  for (;;) {
    if (kept === buf.length) buf = Buffer.concat([buf, Buffer.allocUnsafe(buf.length)]); // a huge line
    const { bytesRead } = await source.fh.read(buf, kept, buf.length - kept, pos);
    pos += bytesRead;
    const end = kept + bytesRead;
    const done = bytesRead === 0;
    const used = splitLines(buf, 0, end, sink, done);
    if (done) return;
    kept = end - used;
    buf.copyWithin(0, used, end);
  }
}

/** Call `sink.line` for each complete line in buf[from, to); returns bytes consumed. */
function splitLines(buf: Buffer, from: number, to: number, sink: LineSink, last: boolean): number {
  let s = from;
  for (;;) {
    const nl = buf.indexOf(10, s);
    if (nl < 0 || nl >= to) break;
    sink.line(buf, s, nl);
    s = nl + 1;
  }
  if (last && s < to) {
    sink.line(buf, s, to);
    return to;
  }
  return s;
}

/** Add an address or domain cell; false when it is neither. */
function addValue(table: EntryTable, cell: string, e: Parameters<EntryTable['add']>[1]): boolean {
  const value = cleanValue(cell);
  if (value.startsWith('@') || value.startsWith('*@')) {
    const domain = domainKey(value.slice(value.indexOf('@') + 1));
    if (domain === undefined) return false;
    table.add(domain, e, true);
    return true;
  }
  const key = addressKey(value);
  if (key === undefined) return false;
  table.add(key, e);
  return true;
}

/** A CSV export: header row (or header-less rows with an address cell) mapped by formats.ts. */
async function loadCsv(file: string, list: number, table: EntryTable, source: Source, first: string): Promise<LoadedList> {
  const tally = new Tally(file);
  const input = 'mem' in source ? Readable.from([source.mem]) : createReadStream(file, { start: source.start, highWaterMark: 1 << 20 });
  const parser = input.pipe(parse({
    delimiter: delimiterOf(first), bom: true, relax_column_count: true, relax_quotes: true,
    skip_empty_lines: true, skip_records_with_empty_values: true, comment: '#', comment_no_infix: true, info: true,
  }));
  input.on('error', (err: Error) => parser.destroy(err));
  let layout: Layout | undefined;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const cells = item.record;
      const line = item.info.lines;
      if (layout === undefined) {
        const at = cells.findIndex((c) => addressKey(cleanValue(c)) !== undefined);
        if (at < 0) {
          layout = layoutForHeader(cells);
          if (layout === undefined) {
            throw new SuppressionLoadError(file, line, `no address column in the header (${cells.slice(0, 6).join(', ')})`);
          }
          continue;
        }
        layout = layoutWithoutHeader(cells, at);
      }
      addRow(table, layout, cells, list, line, tally);
    }
  } catch (e) {
    if (e instanceof SuppressionLoadError) throw e;
    const err = e as Error & { lines?: number };
    throw new SuppressionLoadError(file, err.lines, `cannot read it as CSV (${err.message})`);
  }
  tally.check('most rows have no readable address');
  return { format: layout?.format ?? 'csv', entries: tally.entries, notUnderstood: tally.bad, hashes: [] };
}

/** One CSV data row. */
function addRow(table: EntryTable, layout: Layout, cells: string[], list: number, line: number, tally: Tally): void {
  const texts: string[] = [];
  let shown = '';
  for (const i of layout.reasons) {
    const v = (cells[i] ?? '').trim();
    if (v === '') continue;
    texts.push(v);
    if (v.length > shown.length) shown = v;
  }
  const reason = shown === '' ? undefined : shown.replace(/\s+/g, ' ').slice(0, 200);
  const e = { kind: layout.kind(texts, cells), list, when: parseDate(cells[layout.date]), reason };
  if (addValue(table, cells[layout.email] ?? '', e)) tally.entries++;
  else tally.miss(line);
}
