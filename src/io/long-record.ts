/**
 * Records longer than the tokenizer's cap (`maxRecordChars`). Such a record is either one huge
 * field (a pasted image, a 50 MB note) or a quote that was never closed and has swallowed the rows
 * after it. The first is one row, however long: it is skipped to its real end without being kept,
 * and becomes one malformed row at its start line. The second gives up its first line only, as a
 * shorter unclosed quote does (csv-parser.ts), so the rows after it are read.
 */

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** Characters of a skipped record kept for validation_detail. */
export const PREVIEW_CHARS = 1000;

/**
 * Whether the text after the first line break of a long record reads as rows of this table: most
 * of its next lines split at the delimiter into exactly `expectedFields` fields. Then the "field"
 * is an unclosed quote running over rows, not one long value.
 */
export function rowsFollow(text: string, start: number, delimiter: string, expectedFields: number): boolean {
  if (expectedFields < 2) return false;
  let i = start;
  while (i < text.length && text.charCodeAt(i) !== LF && text.charCodeAt(i) !== CR) i++;
  let looked = 0;
  let like = 0;
  while (i < text.length && looked < 50) {
    while (i < text.length && (text.charCodeAt(i) === LF || text.charCodeAt(i) === CR)) i++;
    let end = i;
    while (end < text.length && text.charCodeAt(end) !== LF && text.charCodeAt(end) !== CR) end++;
    if (end >= text.length) break; // a line cut by the end of the text says nothing
    looked++;
    if (text.slice(i, end).split(delimiter).length === expectedFields) like++;
    i = end;
  }
  return looked >= 3 && like >= looked * 0.8;
}

/**
 * Follows one record through text given piece by piece, keeping nothing of it but a count of its
 * line breaks, until the line break that ends it (RFC 4180: outside quotes).
 */
export class RecordSkipper {
  /** Line breaks consumed, the record's own end included once it is found. */
  lines = 0;
  private inQuotes = false;
  private fieldStart = true;
  private afterQuote = false;
  private pendingCr = false;

  constructor(
    private readonly delimiter: number,
    /** The 1-based line the record starts on. */
    readonly line: number,
    /** The start of its text, for validation_detail. */
    readonly preview: string,
  ) {}

  /** Scans `text` from `from`: the index just after the record's end, or -1 when it goes on. */
  scan(text: string, from: number): number {
    const n = text.length;
    let i = from;
    // A CR ended the last piece; an LF starting this one belongs to the same line break.
    if (this.pendingCr) {
      this.pendingCr = false;
      const lf = text.charCodeAt(i) === LF;
      if (!this.inQuotes) return lf ? i + 1 : i;
      if (lf) i++;
    }
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (this.inQuotes) {
        if (c === QUOTE) {
          this.inQuotes = false;
          this.afterQuote = true;
        } else if (c === LF || c === CR) {
          this.countBreak(text, i);
          if (c === CR && text.charCodeAt(i + 1) === LF) i++;
        }
        continue;
      }
      if (c === QUOTE && (this.fieldStart || this.afterQuote)) {
        // An opening quote, or the second of a doubled one ("") inside a quoted field.
        this.inQuotes = true;
      } else if (c === LF || c === CR) {
        this.countBreak(text, i);
        if (this.pendingCr) return -1; // the next piece says whether an LF completes this CR
        return c === CR && text.charCodeAt(i + 1) === LF ? i + 2 : i + 1;
      }
      this.fieldStart = c === this.delimiter;
      this.afterQuote = false;
    }
    return -1;
  }

  private countBreak(text: string, i: number): void {
    this.lines++;
    if (text.charCodeAt(i) === CR && i + 1 >= text.length) this.pendingCr = true;
  }
}

/** The start of a record's text for validation_detail: its first line, cut to PREVIEW_CHARS. */
export function previewOf(text: string, start: number): string {
  let end = start;
  const limit = Math.min(text.length, start + PREVIEW_CHARS);
  while (end < limit && text.charCodeAt(end) !== LF && text.charCodeAt(end) !== CR) end++;
  const cut = end < text.length && text.charCodeAt(end) !== LF && text.charCodeAt(end) !== CR;
  return text.slice(start, end) + (cut ? '…' : '');
}
