/**
 * A small streaming CSV tokenizer (RFC 4180 with the relaxations real exports need).
 *
 * Why not csv-parse here: we must keep reading after a broken row (an unclosed quote swallows the
 * rest of the file in csv-parse), know the line each record starts on, and keep a broken row's
 * original text. The tokenizer has no dependency on Node streams; `reader.ts` wraps it.
 *
 * Rules:
 * - Records end at LF, CRLF or a lone CR; blank lines are skipped (and counted).
 * - A field that starts with `"` is quoted; `""` inside is a quote; it may span lines.
 * - A quote inside an unquoted field is kept as a literal character (stray quote).
 * - Spaces after a closing quote are dropped; other text after it (`"ab"c`) makes the record
 *   unreadable (`csv.bad_quote`).
 * - A quote never closed: the record is unreadable (`csv.unclosed_quote`) and only its first line is
 *   given up; reading resumes on the next line, so one stray quote cannot swallow the file. A
 *   multi-line record that ends in junk after a quote, or has the wrong number of fields, is
 *   treated the same way (its "closing" quote was really the next row's opening one).
 * - A record longer than `maxRecordChars` is one unreadable record (`csv.field_too_long`) at its
 *   start line, skipped to its real end without being kept (long-record.ts), unless the text
 *   after its first line break reads as rows: then it is an unclosed quote, as above.
 */

import { previewOf, RecordSkipper, rowsFollow } from './long-record.js';
import { scanRecord } from './csv-scan.js';

/** One record as the tokenizer produced it. */
export interface CsvRecord {
  /** The fields (empty when `problem` is set). */
  fields: string[];
  /** 1-based line where the record starts. */
  line: number;
  /** Original text of the record (only kept for unreadable records and rows of another width). */
  raw?: string;
  /** Why the record is unreadable: a `csv.*` message key. */
  problem?: 'csv.unclosed_quote' | 'csv.bad_quote' | 'csv.field_too_long';
}

/** Options of the tokenizer. */
export interface CsvParserOptions {
  /** Field delimiter (one character). */
  delimiter: string;
  /** A quoted field may grow this long before the record is given up as an unclosed quote. */
  maxRecordChars?: number;
  /** Keep `raw` for records with a different number of fields (ragged rows). */
  expectedFields?: number | undefined;
}

const LF = 10;
const CR = 13;

/**
 * Default cap on one record (README: "How the input is read"): above a 10 MB field, low enough that
 * an unclosed quote cannot exhaust memory.
 */
export const DEFAULT_MAX_RECORD_CHARS = 16 * 1024 * 1024;
/** An unfinished record longer than this is rescanned only after it doubles. */
const LONG_RECORD = 256 * 1024;

export class CsvParser {
  private readonly delim: number;
  private readonly delimiter: string;
  private readonly maxRecordChars: number;
  /** Set while a record longer than the cap is being skipped. */
  private skipper: RecordSkipper | undefined;
  private readonly expectedFields: number;
  private buf = '';
  private pos = 0;
  private line = 1;
  /** Chunks held back while an unfinished record is long (see `push`). */
  private held: string[] = [];
  private heldChars = 0;
  /** Rescan once the unfinished record has this many characters (0: on every chunk). */
  private rescanAt = 0;
  /** Blank lines skipped so far. */
  blankLines = 0;

  /** Lines read whole so far (records and blank lines), for messages about where input ends. */
  get linesRead(): number {
    return this.line - 1;
  }

  constructor(options: CsvParserOptions) {
    if (options.delimiter.length !== 1) throw new Error('delimiter must be one character');
    this.delim = options.delimiter.charCodeAt(0);
    this.delimiter = options.delimiter;
    this.maxRecordChars = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
    this.expectedFields = options.expectedFields ?? -1;
  }

  /** Feeds text; returns the records completed by it. */
  push(text: string): CsvRecord[] {
    if (this.skipper) {
      const end = this.skipper.scan(text, 0);
      if (end < 0) return [];
      this.buf = text;
      const out = this.finishSkip(end);
      return [...out, ...this.drain(false)];
    }
    // A record still unfinished is scanned again from its start when more text comes. For a long
    // one (a 10 MB field) rescanning on every 64 KiB chunk is quadratic, so chunks are held back
    // until the record has doubled: the total scanning stays linear.
    if (this.rescanAt > 0) {
      this.held.push(text);
      this.heldChars += text.length;
      if (this.buf.length - this.pos + this.heldChars < this.rescanAt) return [];
      text = this.takeHeld();
    }
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + text : text;
    this.pos = 0;
    return this.drain(false);
  }

  /** Signals the end of input; returns the last records. */
  end(): CsvRecord[] {
    // The input ended inside a record too long to keep (a quote never closed): that is its end.
    if (this.skipper) return this.finishSkip(this.buf.length);
    if (this.held.length > 0) {
      this.buf = this.buf.slice(this.pos) + this.takeHeld();
      this.pos = 0;
    }
    const out = this.drain(true);
    this.buf = '';
    this.pos = 0;
    return out;
  }

  /** The record being skipped ended at `end` of the buffer: one malformed record at its start line. */
  private finishSkip(end: number): CsvRecord[] {
    const skipper = this.skipper!;
    this.skipper = undefined;
    this.line += skipper.lines;
    this.pos = end;
    return [{ fields: [], line: skipper.line, raw: skipper.preview, problem: 'csv.field_too_long' }];
  }

  private takeHeld(): string {
    const text = this.held.join('');
    this.held = [];
    this.heldChars = 0;
    this.rescanAt = 0;
    return text;
  }

  private drain(final: boolean): CsvRecord[] {
    const out: CsvRecord[] = [];
    const buf = this.buf;
    for (;;) {
      this.skipBlankLines(final);
      if (this.pos >= buf.length) break;
      const start = this.pos;
      const scan = scanRecord(buf, start, final, this.delim);
      if (scan.kind === 'more') {
        const pending = buf.length - start;
        if (pending > this.maxRecordChars) {
          // Rows after a line break inside it: a quote never closed swallowed them; give up its
          // first line only. Otherwise it is one long value: one row, skipped to its real end.
          if (rowsFollow(buf, start, this.delimiter, this.expectedFields)) {
            this.giveUpFirstLine(out, start, 'csv.unclosed_quote');
            continue;
          }
          this.skipper = new RecordSkipper(this.delim, this.line, previewOf(buf, start));
          const end = this.skipper.scan(buf, start);
          if (end < 0) {
            this.buf = '';
            this.pos = 0;
            break;
          }
          out.push(...this.finishSkip(end));
        } else {
          if (pending > LONG_RECORD) this.rescanAt = Math.min(2 * pending, this.maxRecordChars + 1);
          break;
        }
      } else if (scan.kind === 'unclosed') {
        this.giveUpFirstLine(out, start, 'csv.unclosed_quote');
      } else if (scan.inner > 0 && (scan.problem === 'csv.bad_quote' || this.misfits(scan.fields))) {
        // A quoted field ran over a line break into trouble: far more likely a quote that was
        // never closed than a multi-line note. Give up its first line only, so the next rows
        // are not swallowed.
        this.giveUpFirstLine(out, start, 'csv.unclosed_quote');
      } else {
        const record: CsvRecord = { fields: scan.fields, line: this.line };
        if (scan.problem) {
          record.fields = [];
          record.raw = stripEol(buf.slice(start, scan.end));
          record.problem = scan.problem;
        } else if (this.expectedFields >= 0 && scan.fields.length !== this.expectedFields) {
          record.raw = stripEol(buf.slice(start, scan.end));
        }
        out.push(record);
        this.line += scan.lines;
        this.pos = scan.end;
      }
    }
    return out;
  }

  /**
   * Whether a record cannot be this file's row: more non-empty fields than expected (when known).
   * A trailing delimiter (extra empty fields) and a short row are read as rows (see reader.ts).
   */
  private misfits(fields: string[]): boolean {
    if (this.expectedFields < 0 || fields.length <= this.expectedFields) return false;
    for (let i = this.expectedFields; i < fields.length; i++) if (fields[i] !== '') return true;
    return false;
  }

  /** Emits the first physical line of the record at `start` as unreadable and resumes after it. */
  private giveUpFirstLine(out: CsvRecord[], start: number, problem: CsvRecord['problem']): void {
    const buf = this.buf;
    let i = start;
    while (i < buf.length && buf.charCodeAt(i) !== LF && buf.charCodeAt(i) !== CR) i++;
    const raw = buf.slice(start, i);
    if (i < buf.length && buf.charCodeAt(i) === CR && buf.charCodeAt(i + 1) === LF) i += 2;
    else if (i < buf.length) i += 1;
    out.push({ fields: [], line: this.line, raw, problem });
    this.line += 1;
    this.pos = i;
  }

  private skipBlankLines(final: boolean): void {
    const buf = this.buf;
    for (;;) {
      const c = buf.charCodeAt(this.pos);
      if (c === LF) {
        this.pos += 1;
      } else if (c === CR) {
        // A CR at the very end of a chunk may be the first half of a CRLF: wait for more.
        if (this.pos + 1 >= buf.length && !final) return;
        this.pos += buf.charCodeAt(this.pos + 1) === LF ? 2 : 1;
      } else {
        return;
      }
      this.line += 1;
      this.blankLines += 1;
    }
  }
}


function stripEol(text: string): string {
  return text.replace(/\r?\n$|\r$/, '');
}

/** Parses a whole string at once (for sniffing and tests). */
export function parseCsv(text: string, delimiter: string): CsvRecord[] {
  const parser = new CsvParser({ delimiter });
  return [...parser.push(text), ...parser.end()];
}
