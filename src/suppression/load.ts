/**
 * Reads one suppression file into the shared EntryTable (addresses, domains) and its own hash
 * stores, through the same reader as contact lists (io/table.ts: gzip, encodings including
 * windows-1251/1252 and UTF-16, delimiter detection, the tolerant tokenizer), and with the same
 * address extraction and syntax as the rows it is matched against.
 *
 * The format is decided by content: a first data line with a delimiter is a CSV export (its header
 * row mapped by `formats.ts`, or header-less rows with an address cell); anything else is a
 * one-value-per-line list of addresses, `@domain` entries and hex digests.
 */
import { stat } from 'node:fs/promises';
import { KwigaError } from '../model/errors.js';
import type { CsvRecord } from '../io/csv-parser.js';
import { openTable, type Table } from '../io/table.js';
import { extractAddress } from '../address/extract.js';
import { detach } from '../model/strings.js';
import { checkSyntax } from '../address/syntax.js';
import type { EntryTable, RawEntry } from './entries.js';
import { SuppressionLoadError } from './error.js';
import { SINGLE_COLUMN_HEADERS, compactName, layoutForHeader, layoutWithoutHeader, parseDate, type Layout } from './formats.js';
import { HashStore, algorithmForHexLength, type HashAlgorithm } from './hashstore.js';
import { rowKey } from './keys.js';

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

/** What an unreadable CSV record was, in the words of a load error. */
const CSV_PROBLEM: Readonly<Record<NonNullable<CsvRecord['problem']>, string>> = {
  'csv.unclosed_quote': 'a quote is never closed',
  'csv.bad_quote': 'text follows a closing quote',
  'csv.field_too_long': 'a field is too long',
};

/** Per-file counters and the "understood or not" bookkeeping shared by both formats. */
class Tally {
  entries = 0;
  bad = 0;
  firstBad = 0;
  firstProblem: CsvRecord['problem'];
  constructor(readonly file: string) {}
  miss(record: CsvRecord): void {
    if (this.bad++ > 0) return;
    this.firstBad = record.line;
    this.firstProblem = record.problem;
  }
  /** A file that is mostly not understood is not a suppression list (SPEC: input error, exit 2). */
  check(what: string): void {
    if (this.bad === 0 || this.bad <= this.entries) return;
    const why = this.firstProblem ? `cannot read it as CSV (${CSV_PROBLEM[this.firstProblem]})` : `not a suppression list: ${what}`;
    throw new SuppressionLoadError(this.file, this.firstBad, why);
  }
}

/** Load `file` as list number `list`. */
export async function loadList(file: string, list: number, table: EntryTable): Promise<LoadedList> {
  let opened: Table;
  try {
    opened = await openTable(file, { allowEmpty: true });
  } catch (error) {
    if (!(error instanceof KwigaError)) throw error;
    // The reader's own message names the file first: keep what follows.
    const why = error.message.replace(/^\S+ /, '');
    throw new SuppressionLoadError(file, /not a text file|workbook|document|archive|image|PDF/.test(why) ? 1 : undefined, why);
  }
  const first = opened.sample.find((r) => !isSkipped(r));
  const isCsv = first !== undefined && (first.fields.length > 1 || first.problem !== undefined);
  return isCsv ? loadCsv(file, list, table, opened) : loadLines(file, list, table, opened);
}

/** The line as written: a broken record's own text, else its fields (a one-column list splits on nothing). */
function lineOf(record: CsvRecord, delimiter: string): string {
  if (record.problem) return record.raw ?? '';
  return record.fields.length === 1 ? record.fields[0]! : record.fields.join(delimiter);
}

/** Blank, all-empty or a `#` comment line. */
function isSkipped(record: CsvRecord): boolean {
  if (record.problem) return (record.raw ?? '').trimStart().startsWith('#');
  if (record.fields[0]?.trimStart().startsWith('#')) return true;
  return record.fields.every((f) => f.trim() === '');
}

/** One value per line: addresses, `@domain` / `*@domain`, MD5/SHA-1/SHA-256 hex digests. */
async function loadLines(file: string, list: number, table: EntryTable, opened: Table): Promise<LoadedList> {
  const tally = new Tally(file);
  const stores = new Map<HashAlgorithm, HashStore>();
  const entry: RawEntry = { kind: 'plain', list, when: NaN, reason: undefined };
  // Size the first digest store from the file: a digest line takes at least its hex length + 1
  // bytes, so a list of 10 million digests never re-hashes.
  const bytes = file === '-' ? 0 : await stat(file).then((s) => s.size, () => 0);
  let textEntries = 0;
  let seenData = false;
  for await (const records of opened.records()) {
    for (const record of records) {
      if (isSkipped(record)) continue;
      const value = lineOf(record, opened.facts.delimiter).trim();
      const algorithm = algorithmForHexLength(value.length);
      if (algorithm !== undefined) {
        let store = stores.get(algorithm);
        if (!store) stores.set(algorithm, (store = new HashStore(algorithm, stores.size === 0 ? bytes / (value.length + 1) + 16 : 1024)));
        if (store.addHexString(value)) {
          tally.entries++;
          seenData = true;
          continue;
        }
      }
      const isFirst = !seenData;
      seenData = true;
      if (addValue(table, value, entry)) {
        tally.entries++;
        textEntries++;
      } else if (isFirst && SINGLE_COLUMN_HEADERS.has(compactName(value))) {
        // a lone header line (`email`, `sha256`)
      } else if (isFirst) {
        throw new SuppressionLoadError(file, record.line, 'neither an address, a domain (@example.com) nor a hex MD5/SHA-1/SHA-256 digest');
      } else {
        tally.miss(record);
      }
    }
  }
  tally.check('most lines are neither addresses nor digests');
  const hashes = [...stores.values()];
  for (const h of hashes) h.trim();
  const format = hashes.length === 0 ? 'plain' : textEntries === 0 && hashes.length === 1 ? `hashed-${hashes[0]!.algorithm}` : 'plain+hashed';
  return { format, entries: tally.entries, notUnderstood: tally.bad, hashes };
}

/** A CSV export: header row (or header-less rows with an address cell) mapped by formats.ts. */
async function loadCsv(file: string, list: number, table: EntryTable, opened: Table): Promise<LoadedList> {
  const tally = new Tally(file);
  let layout: Layout | undefined;
  for await (const records of opened.records()) {
    for (const record of records) {
      if (isSkipped(record)) continue;
      if (record.problem) {
        tally.miss(record);
        continue;
      }
      const cells = record.fields;
      if (layout === undefined) {
        const at = cells.findIndex((c) => addressKeyOf(c) !== undefined);
        if (at < 0) {
          layout = layoutForHeader(cells);
          if (layout === undefined) {
            throw new SuppressionLoadError(file, record.line, `no address column in the header (${cells.slice(0, 6).join(', ')})`);
          }
          continue;
        }
        layout = layoutWithoutHeader(cells, at);
      }
      addRow(table, layout, record, list, tally);
    }
  }
  tally.check('most rows have no readable address');
  return { format: layout?.format ?? 'csv', entries: tally.entries, notUnderstood: tally.bad, hashes: [] };
}

/** One CSV data row. */
function addRow(table: EntryTable, layout: Layout, record: CsvRecord, list: number, tally: Tally): void {
  const cells = record.fields;
  const texts: string[] = [];
  let shown = '';
  for (const i of layout.reasons) {
    const v = (cells[i] ?? '').trim();
    if (v === '') continue;
    texts.push(v);
    if (v.length > shown.length) shown = v;
  }
  const reason = shown === '' ? undefined : detach(shown.replace(/\s+/g, ' ').slice(0, 200));
  const e = { kind: layout.kind(texts, cells), list, when: parseDate(cells[layout.date]), reason };
  if (addValue(table, cells[layout.email] ?? '', e)) tally.entries++;
  else tally.miss(record);
}

/**
 * The match key of an address cell — found as in a contact list (trimmed, `mailto:` and
 * `Name <addr>` unwrapped, NFC, valid syntax) — or undefined when the cell holds no address.
 */
function addressKeyOf(cell: string): string | undefined {
  const extraction = extractAddress(cell);
  if (extraction.kind !== 'single') return undefined;
  const syntax = checkSyntax(extraction.address);
  // A key outlives its row: detached from the read chunk it was cut from.
  return syntax.ok ? detach(rowKey(syntax.local, syntax.asciiDomain)) : undefined;
}

/** The ASCII form of a `@domain` / `*@domain` entry, or undefined. */
function domainKeyOf(value: string): string | undefined {
  const syntax = checkSyntax(`x${value.slice(value.indexOf('@'))}`);
  return syntax.ok ? detach(syntax.asciiDomain) : undefined;
}

/** Add an address or domain cell; false when it is neither. */
function addValue(table: EntryTable, cell: string, e: RawEntry): boolean {
  const value = cell.trim();
  if (value.startsWith('@') || value.startsWith('*@')) {
    const domain = domainKeyOf(value);
    if (domain === undefined) return false;
    table.add(domain, e, true);
    return true;
  }
  const key = addressKeyOf(value);
  if (key === undefined) return false;
  table.add(key, e);
  return true;
}
