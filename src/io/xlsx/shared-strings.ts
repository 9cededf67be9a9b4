/**
 * The shared-string table (ECMA-376 part 1 §18.4), read here rather than by exceljs's parser:
 * - exceljs keeps only the last `<t>` of an `<si>` with a phonetic guide (`<rPh>`, which
 *   Japanese Excel adds), so the string itself would be lost;
 * - memory: parsed by exceljs's parser (the same XML parser code that then reads every cell),
 *   200,000 rows peaked at 237-284 MiB, with this one at 219-244 MiB (4 runs each). The peak is
 *   garbage in V8's old space: the sheet parser's short-lived objects get pretenured (with
 *   `--no-allocation-site-pretenuring` the peak is about 150 MiB), the more so once long-lived
 *   strings came from the same code;
 * - each string is made from its own bytes (`Buffer.toString` over its range), so it holds no
 *   64 KiB chunk of XML alive the way a slice of a larger string does.
 * An `<si>` is a flat element: plain `<t>` text, or `<r>` runs of `<t>` with formatting, and maybe
 * `<rPh>`/`<phoneticPr>`; its string is its `<t>` texts in order, outside `<rPh>`.
 */
import { MAX_MARKUP_GAP, overLimit } from './limits.js';
import { unescapeXml } from './opc.js';
import { decodeXml, hasMainPrefix, unprefixed } from './xml-filter.js';

const SI_OPEN = Buffer.from('<si');
const SI_CLOSE = Buffer.from('</si>');
const T_OPEN = Buffer.from('<t');
const T_CLOSE = Buffer.from('</t>');
const RPH_OPEN = Buffer.from('<rPh');
const RPH_CLOSE = Buffer.from('</rPh>');

/** The table's strings, in order (`<v>3</v>` of a `t="s"` cell is the fourth). */
export async function readSharedStrings(chunks: AsyncIterable<Buffer>, name: string): Promise<string[]> {
  const strings: string[] = [];
  let pending: Buffer = Buffer.alloc(0);
  for await (const chunk of utf8(chunks)) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    let at = 0;
    for (;;) {
      const open = pending.indexOf(SI_OPEN, at);
      if (open < 0) {
        // Keep a tag cut at the chunk's end (`<s`) for the next chunk.
        const lt = pending.lastIndexOf(0x3c);
        at = lt >= at ? lt : pending.length;
        break;
      }
      const tagEnd = pending.indexOf(0x3e, open);
      if (tagEnd >= 0 && pending[tagEnd - 1] === 0x2f) {
        strings.push(''); // <si/>
        at = tagEnd + 1;
        continue;
      }
      const close = pending.indexOf(SI_CLOSE, open);
      if (close < 0) {
        at = open;
        break;
      }
      strings.push(stringOf(pending, open, close));
      at = close + SI_CLOSE.length;
    }
    pending = pending.subarray(at);
    // One string past what a cell can hold is no table a spreadsheet wrote (see limits.ts).
    if (pending.length > 4 * MAX_MARKUP_GAP) throw overLimit(name, 'a shared string longer than any cell can hold');
  }
  return strings;
}

/** The `<t>` texts of the `<si>` between `from` and `to`, outside `<rPh>`, unescaped. */
function stringOf(xml: Buffer, from: number, to: number): string {
  // Searches stay inside this one string: a search to the chunk's end for every string is quadratic.
  const si = xml.subarray(from, to);
  let text = '';
  let at = 0;
  for (;;) {
    let t = si.indexOf(T_OPEN, at);
    if (t < 0) break;
    const phonetic = si.indexOf(RPH_OPEN, at);
    if (phonetic >= 0 && phonetic < t) {
      const end = si.indexOf(RPH_CLOSE, phonetic);
      if (end < 0) break;
      at = end + RPH_CLOSE.length;
      continue;
    }
    const next = si[t + 2];
    // `<t>` or `<t xml:space="preserve">`, not `<tag…>`; `<t/>` is empty.
    if (next !== 0x3e && next !== 0x20 && next !== 0x2f) {
      at = t + 2;
      continue;
    }
    t = si.indexOf(0x3e, t);
    if (t < 0) break;
    if (si[t - 1] === 0x2f) {
      at = t + 1;
      continue;
    }
    const end = si.indexOf(T_CLOSE, t);
    if (end < 0) break;
    text += si.toString('utf8', t + 1, end);
    at = end + T_CLOSE.length;
  }
  return unescapeXml(text);
}

/**
 * The chunks as UTF-8 with unprefixed element names: a part may be UTF-16 with a byte order mark
 * (Excel never writes one), or bind the main namespace to a prefix (`<x:si>`, .NET's Open XML
 * SDK). Either goes through text; the usual part passes as it came.
 */
async function* utf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const iterator = chunks[Symbol.asyncIterator]();
  // The first bytes, up to the root element's start tag (or 64 KiB: then no prefix is looked for).
  let head: Buffer = Buffer.alloc(0);
  let prefixed: boolean | undefined;
  while (prefixed === undefined && head.length < 64 * 1024) {
    const next = await iterator.next();
    if (next.done) break;
    head = head.length ? Buffer.concat([head, next.value]) : next.value;
    prefixed = hasMainPrefix(head);
  }
  if (!head.length) return;
  const all = (async function* () {
    yield head;
    yield* { [Symbol.asyncIterator]: () => iterator };
  })();
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (utf16 || prefixed) {
    for await (const text of unprefixed(decodeXml(all))) yield Buffer.from(text, 'utf8');
    return;
  }
  yield* all;
}
