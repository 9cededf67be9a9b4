/**
 * Text-level passes over a part's XML on its way to exceljs's parsers. They exist because the
 * parsers are handed a stream and keep everything in it:
 * - decoding happens here, across chunk boundaries: exceljs decodes each Buffer chunk on its own
 *   (`TextDecoder.decode(chunk)` without `stream: true`), so a Cyrillic letter split between two
 *   64 KiB chunks would become two U+FFFD;
 * - a run of text without markup longer than any cell can be, or a cell reference past column
 *   ZZZ, is refused before the parser gathers it into memory or creates a column object per
 *   letter-step (exceljs creates every column up to the one referenced);
 * - a few things exceljs's streaming reader gets wrong are put right in the XML it reads.
 *   Formulas (`<f>`) are dropped: we read their cached values, and exceljs types a formula's
 *   cached error (`t="e"`) as `NaN` and its boolean as 1 or 0, but a plain cell's right. An ISO
 *   date cell (`t="d"`) would be read as a number, an inline string in several runs would keep
 *   only its last run (or its phonetic guide, `<rPh>`), rows or cells without their optional
 *   `r` would fail, and the white space of pretty-printed XML (Gnumeric) after a value would
 *   become part of the value. A `HYPERLINK("mailto:…")` formula gives its address (opc.ts).
 */
import { TextDecoder } from 'node:util';
import { KwigaError } from '../../model/errors.js';
import { MAX_MARKUP_GAP, overLimit } from './limits.js';
import { columnLetters, mailtoFormulaCells } from './opc.js';

/** UTF-8 (or UTF-16 with a byte order mark) chunks to text, never splitting a character. */
export async function* decodeXml(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  for await (const chunk of chunks) {
    if (!decoder) {
      const utf16 = chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : chunk[0] === 0xfe && chunk[1] === 0xff ? 'utf-16be' : undefined;
      decoder = new TextDecoder(utf16 ?? 'utf-8');
    }
    const text = decoder.decode(chunk, { stream: true });
    if (text) yield text;
  }
  const rest = decoder?.decode() ?? '';
  if (rest) yield rest;
}

/** What a pass does to the complete tags (and blocks) of each piece of text. */
interface Pass {
  /** Rewrites complete text; `text` never ends inside a tag or an open block. */
  rewrite(text: string): string;
  /** Where a block still open in `text` starts, to hold it back until it is whole (-1: none). */
  openBlock(text: string): number;
}

/**
 * Applies `pass` to text that ends on a tag boundary, holding back an unfinished tag or block
 * for the next chunk, and refuses a markup gap longer than `MAX_MARKUP_GAP`.
 */
async function* filtered(texts: AsyncIterable<string>, name: string, pass: Pass): AsyncGenerator<string> {
  let carry = '';
  let sinceMarkup = 0;
  const prefix = new MainPrefix();
  for await (const text of texts) {
    // Chunks are far shorter than the gap allowed, so only a gap spanning chunks can be too long.
    const first = text.indexOf('<');
    if ((first < 0 ? sinceMarkup + text.length : sinceMarkup + first) > MAX_MARKUP_GAP) throw gapTooLong(name);
    sinceMarkup = first < 0 ? sinceMarkup + text.length : text.length - text.lastIndexOf('<');
    const all = carry + text;
    // Up to the last `<` every tag is whole; a block still open in that part waits too.
    const cut = all.lastIndexOf('<');
    if (cut <= 0) {
      carry = all;
    } else {
      const whole = prefix.strip(all.slice(0, cut));
      const block = pass.openBlock(whole);
      const done = block >= 0 ? block : whole.length;
      // A held-back block is already stripped: stripping it again changes nothing.
      carry = whole.slice(done) + all.slice(cut);
      if (done > 0) yield pass.rewrite(whole.slice(0, done));
    }
    if (carry.length > 4 * MAX_MARKUP_GAP) throw gapTooLong(name);
  }
  if (carry) yield pass.rewrite(prefix.strip(carry));
}

/** A prefix bound to SpreadsheetML's main namespace (ECMA-376 part 1, transitional). */
const MAIN_PREFIX = /\sxmlns:([A-Za-z_][\w.-]*)\s*=\s*["']http:\/\/schemas\.openxmlformats\.org\/spreadsheetml\/2006\/main["']/;

/**
 * Takes the prefix off SpreadsheetML's elements when a part binds its main namespace to one
 * (`<x:worksheet xmlns:x="…/main">`, as .NET's Open XML SDK writes), so the parsers, which go by
 * element names, read it as the usual unprefixed XML. The root element decides, once; a part
 * without a prefix pays one look at its root.
 */
export class MainPrefix {
  private pattern: RegExp | null | undefined;

  /** `text` with `<x:` and `</x:` turned into `<` and `</`; `text` must not end inside a tag. */
  strip(text: string): string {
    if (this.pattern === undefined) {
      const root = rootTag(text);
      if (root === undefined) return text;
      const prefix = MAIN_PREFIX.exec(root)?.[1];
      this.pattern = prefix ? new RegExp(`<(/?)${prefix.replaceAll('.', '\\.')}:`, 'g') : null;
    }
    return this.pattern ? text.replace(this.pattern, '<$1') : text;
  }
}

/** The root element's start tag in `text`, or undefined while it has not come yet. */
function rootTag(text: string): string | undefined {
  let at = text.indexOf('<');
  while (at >= 0 && (text[at + 1] === '?' || text[at + 1] === '!')) at = text.indexOf('<', at + 1);
  if (at < 0) return undefined;
  const end = text.indexOf('>', at);
  return end < 0 ? undefined : text.slice(at, end + 1);
}

/**
 * Whether the start of a part (its first bytes) binds the main namespace to a prefix; undefined
 * while the root element's start tag has not come whole.
 */
export function hasMainPrefix(head: Buffer): boolean | undefined {
  const root = rootTag(head.toString('latin1', 0, Math.min(head.length, 64 * 1024)));
  return root === undefined ? undefined : MAIN_PREFIX.test(root);
}

/** Texts with the main namespace's prefix taken off (see `MainPrefix`). */
export async function* unprefixed(texts: AsyncIterable<string>): AsyncGenerator<string> {
  const prefix = new MainPrefix();
  let carry = '';
  for await (const text of texts) {
    const all = carry + text;
    const cut = all.lastIndexOf('<');
    if (cut <= 0) {
      carry = all;
      continue;
    }
    carry = all.slice(cut);
    yield prefix.strip(all.slice(0, cut));
  }
  if (carry) yield prefix.strip(carry);
}

function gapTooLong(name: string): KwigaError {
  return overLimit(name, `a cell longer than ${MAX_MARKUP_GAP.toLocaleString('en-US')} characters, which no spreadsheet writes`);
}

/** A cell reference with four or more column letters: past ZZZ (18,278), where Excel stops at XFD. */
const FAR_COLUMN = /<c\b[^>]*?\sr="[A-Z]{4}/;
const QUICK_FAR_COLUMN = /r="[A-Z]{4}/;
/** The cell type of an ISO-date cell, rewritten as a formula-string type (read as text; cell.ts makes it a date). */
const DATE_TYPE = /(<c\b[^>]*?\s)t="d"/g;
/** A formula, shared (`<f t="shared" si="0"/>`) or not; its text holds no `<` (XML escapes it). */
const FORMULA = /<f\b[^>]*\/>|<f\b[^>]*>[^<]*<\/f>/g;
const INLINE_STRING = /<is>([\s\S]*?)<\/is>/g;
const PHONETIC = /<rPh\b[\s\S]*?<\/rPh>/g;
/** `<t>` text (not `<t/>`): its runs are joined, attributes dropped. */
const TEXT_RUN = /<t(?:\s[^>]*)?>([^<]*)<\/t>/g;

/** Worksheet XML for exceljs's WorksheetReader. */
export function filterSheetXml(texts: AsyncIterable<string>, name: string): AsyncGenerator<string> {
  const refs = new RefNumbering();
  const pretty = new PrettyPrint();
  return filtered(texts, name, {
    rewrite(text) {
      if (QUICK_FAR_COLUMN.test(text) && FAR_COLUMN.test(text)) throw overLimit(name, 'a cell beyond column XFD, the last one Excel has');
      let out = pretty.apply(refs.apply(text));
      if (out.includes('<f')) {
        if (HYPERLINK.test(out)) out = mailtoFormulaCells(out);
        out = out.replace(FORMULA, '');
      }
      if (out.includes('t="d"')) out = out.replace(DATE_TYPE, '$1t="str"');
      if (out.includes('<is>')) out = out.replace(INLINE_STRING, (_, inner: string) => `<is><t>${joinRuns(inner)}</t></is>`);
      return out;
    },
    // A cell is rewritten whole (a HYPERLINK formula and its cached value): one still open waits.
    openBlock: (text) => [lastOpen(text, '<is>', '</is>'), openFormula(text), openCell(text)].reduce((a, b) => (a < 0 ? b : b < 0 ? a : Math.min(a, b))),
  });
}

const HYPERLINK = /HYPERLINK\(/i;

/**
 * White space between tags in pretty-printed XML (Gnumeric writes every element on a line of its
 * own). exceljs adds the text after a cell's `</v>` or `</is>` to the cell's value
 * (`"Олена\n      "`), so it is taken out, except inside `<t>` and `<v>` (where it is the value).
 * The start of `<sheetData>` decides for the whole part: writers indent throughout or not at all
 * (white space before it is nothing exceljs keeps).
 */
class PrettyPrint {
  private on: boolean | undefined;

  apply(text: string): string {
    if (this.on === undefined) {
      const data = text.indexOf('<sheetData');
      if (data < 0) return text;
      this.on = /> *[\r\n]/.test(text.slice(data, data + 4096));
    }
    return this.on ? text.replace(BETWEEN_TAGS, (whole, tag: string) => (TEXT_OPEN.test(tag) ? whole : tag)) : text;
  }
}

/** A tag and the white space after it, up to the next tag (a piece of text always ends before one). */
const BETWEEN_TAGS = /(<[^>]*>)\s+(?=<|$)/g;
/** `<t>`, `<t xml:space="preserve">` or `<v>`, whose white space is a value; not `<t/>`. */
const TEXT_OPEN = /^<[tv](?:\s[^>]*[^/]|)>$/;

/**
 * `r` is optional on rows and cells (ECMA-376 part 1 §18.3.1.73, §18.3.1.4), but exceljs builds
 * each cell's address from it. A writer that leaves it out does so throughout, so the first row
 * and the first cell decide whether every tag gets numbered (rare files pay for it, others not).
 */
class RefNumbering {
  private rows: boolean | undefined;
  private cells: boolean | undefined;
  private row = 0;
  private column = 0;

  apply(text: string): string {
    if (this.rows === undefined) {
      const tag = /<row\b[^>]*>/.exec(text)?.[0];
      if (tag) this.rows = !/\sr="/.test(tag);
    }
    if (this.cells === undefined) {
      const tag = /<c\b[^>]*>/.exec(text)?.[0];
      if (tag) this.cells = !/\sr="/.test(tag);
    }
    if (!this.rows && !this.cells) return text;
    return text.replace(/<(row|c)\b([^>]*)>/g, (tag, kind: string, attrs: string) => {
      const given = /\sr="([^"]*)"/.exec(attrs)?.[1];
      if (kind === 'row') {
        this.row = given ? Number(given) : this.row + 1;
        this.column = 0;
        return given ? tag : `<row r="${this.row}"${attrs}>`;
      }
      if (given) {
        this.column = columnNumber(given);
        return tag;
      }
      this.column++;
      return `<c r="${columnLetters(this.column)}${this.row}"${attrs}>`;
    });
  }
}

/** `AB12` → 28. */
function columnNumber(ref: string): number {
  let column = 0;
  for (const ch of ref.toUpperCase()) {
    const code = ch.charCodeAt(0);
    if (code < 65 || code > 90) break;
    column = column * 26 + code - 64;
  }
  return column;
}

/** Any other part: only the markup-gap guard (and the main namespace's prefix taken off). */
export function filterXml(texts: AsyncIterable<string>, name: string): AsyncGenerator<string> {
  return filtered(texts, name, { rewrite: (text) => text, openBlock: () => -1 });
}

/** The text of an inline string's runs, still escaped, without its phonetic guide. */
function joinRuns(inner: string): string {
  let text = '';
  for (const match of inner.replace(PHONETIC, '').matchAll(TEXT_RUN)) text += match[1];
  return text;
}

/** Index of a `<f>` whose `</f>` has not come yet (a `<f …/>` has none to wait for), or -1. */
function openFormula(text: string): number {
  const at = Math.max(text.lastIndexOf('<f>'), text.lastIndexOf('<f '));
  if (at < 0) return -1;
  const end = text.indexOf('>', at);
  if (end < 0) return at;
  if (text[end - 1] === '/') return -1;
  return text.indexOf('</f>', end) < 0 ? at : -1;
}

/** Index of a cell (`<c …>`) whose `</c>` has not come yet, or -1. */
function openCell(text: string): number {
  let at = text.length;
  for (;;) {
    at = at > 0 ? text.lastIndexOf('<c', at - 1) : -1;
    if (at < 0) return -1;
    // `<c ` or `<c>`, not `<cols>` or `<cfRule`.
    const next = text.charCodeAt(at + 2);
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) break;
  }
  const end = text.indexOf('>', at);
  if (end < 0) return at;
  if (text[end - 1] === '/') return -1;
  return text.indexOf('</c>', end) < 0 ? at : -1;
}

/** Index of an `open` with no `close` after it, or -1. */
function lastOpen(text: string, open: string, close: string): number {
  const at = text.lastIndexOf(open);
  return at >= 0 && text.indexOf(close, at) < 0 ? at : -1;
}
