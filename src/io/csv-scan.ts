/**
 * One record of the tokenizer (csv-parser.ts), scanned from `start`: its fields and where it ends,
 * or "more" when the text ends inside it (and the input has not), or "unclosed" when the input ends
 * inside a quoted field. Pure: no state beyond its arguments.
 */
import type { CsvRecord } from './csv-parser.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;
const SPACE = 32;
const TAB = 9;

/** The outcome of a scan. */
export type Scan =
  | {
      kind: 'record';
      fields: string[];
      end: number;
      /** Lines consumed, the record's own line end included. */
      lines: number;
      /** Line breaks inside quoted fields (a record at the end of input has no line end of its own). */
      inner: number;
      problem?: CsvRecord['problem'];
    }
  | { kind: 'more' }
  | { kind: 'unclosed' };

/** Scans one record of `buf` from `start` with the delimiter's char code `delim`. */
export function scanRecord(buf: string, start: number, final: boolean, delim: number): Scan {
  const fields: string[] = [];
  const n = buf.length;
  let i = start;
  let lines = 0;
  let problem: CsvRecord['problem'];
  for (;;) {
    if (buf.charCodeAt(i) === QUOTE) {
      // Quoted field: find the closing quote, unescaping "" pairs.
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = buf.indexOf('"', from);
        if (q === -1) return final ? { kind: 'unclosed' } : { kind: 'more' };
        if (q + 1 >= n && !final) return { kind: 'more' };
        lines += countNewlines(buf, from, q);
        if (buf.charCodeAt(q + 1) === QUOTE) {
          value += buf.slice(from, q + 1);
          from = q + 2;
          continue;
        }
        value += buf.slice(from, q);
        i = q + 1;
        break;
      }
      // Spaces between a closing quote and the delimiter (`"a" ,b`) are padding, not data.
      let k = i;
      while (k < n && (buf.charCodeAt(k) === SPACE || buf.charCodeAt(k) === TAB) && buf.charCodeAt(k) !== delim) k++;
      if (k >= n && !final) return { kind: 'more' };
      const next = buf.charCodeAt(k);
      if (k > i && (k >= n || next === delim || next === LF || next === CR)) i = k;
      const c = buf.charCodeAt(i);
      if (i < n && c !== delim && c !== LF && c !== CR) {
        // Text after the closing quote: ambiguous, keep the row whole as unreadable.
        problem = 'csv.bad_quote';
        while (i < n && buf.charCodeAt(i) !== delim && buf.charCodeAt(i) !== LF && buf.charCodeAt(i) !== CR) i++;
        if (i >= n && !final) return { kind: 'more' };
      }
      fields.push(value);
    } else {
      let j = i;
      let c = 0;
      while (j < n) {
        c = buf.charCodeAt(j);
        if (c === delim || c === LF || c === CR) break;
        j++;
      }
      if (j >= n && !final) return { kind: 'more' };
      fields.push(buf.slice(i, j));
      i = j;
    }
    // i is at a delimiter, a line end, or the end of input.
    if (i >= n) return { kind: 'record', fields, end: n, lines, inner: lines, problem };
    const c = buf.charCodeAt(i);
    if (c === delim) {
      i += 1;
      if (i >= n && !final) return { kind: 'more' };
      if (i >= n) {
        fields.push('');
        return { kind: 'record', fields, end: n, lines, inner: lines, problem };
      }
      continue;
    }
    if (c === CR) {
      if (i + 1 >= n && !final) return { kind: 'more' };
      i += buf.charCodeAt(i + 1) === LF ? 2 : 1;
    } else {
      i += 1;
    }
    return { kind: 'record', fields, end: i, lines: lines + 1, inner: lines, problem };
  }
}


/** Counts line breaks (LF, CRLF, lone CR) in buf[from, to). */
function countNewlines(buf: string, from: number, to: number): number {
  let count = 0;
  for (let k = from; k < to; k++) {
    const c = buf.charCodeAt(k);
    if (c === LF) count++;
    else if (c === CR && buf.charCodeAt(k + 1) !== LF) count++;
  }
  return count;
}
