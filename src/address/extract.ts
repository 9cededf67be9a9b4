/**
 * The `address/` folder: what an email address is, on its own — extraction from a cell (here),
 * RFC syntax (syntax.ts), provider aliases (alias.ts), and the memory of addresses already seen
 * (duplicates.ts, fingerprints.ts). It knows no provider lists, no DNS and no files: checks/,
 * suppression/ and the pipeline build on it.
 *
 * Address extraction: turns one email cell into zero, one or several address candidates.
 *
 * SPEC "Normalization of the address": trim white space (also non-breaking and zero-width),
 * strip `mailto:` and a `Name <addr>` wrapper, Unicode NFC. Lowercasing the domain is left to
 * `checkSyntax`, which knows where the domain starts. Most cells are a bare ASCII address, so
 * a table scan answers those without any regex or allocation.
 */
import { ADDRESS_MAX } from './syntax.js';

/** What one email cell holds. */
export type Extraction =
  /** The cell is empty after trimming. */
  | { kind: 'empty' }
  /** One candidate address (not yet syntax-checked). */
  | {
      kind: 'single';
      /** Trimmed, `mailto:` stripped, `Name <addr>` unwrapped, NFC; domain case kept. */
      address: string;
    }
  /** Several candidates in one cell (`a@x.com; b@y.com`, Google's ` ::: `). */
  | {
      kind: 'multiple';
      /** Each candidate, extracted like a single one, in cell order (exact repeats dropped). */
      addresses: string[];
    };

/** Characters of a bare address: RFC 5322 atext plus `.` and `@` (ASCII only). */
const PLAIN = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.@") {
  PLAIN[c.charCodeAt(0)] = 1;
}

/**
 * White space: what JS `\s` matches (Unicode White_Space plus U+FEFF), minus U+FEFF, which is
 * invisible. Trimmed at the edges, and inside a cell it separates words (`Ann <a@x.com>`,
 * `a@x.com b@y.com`).
 */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000
  );
}

/**
 * Invisible characters that spreadsheets, web forms and right-to-left text editors leave around a
 * value: soft hyphen U+00AD, Arabic letter mark U+061C, Mongolian vowel separator U+180E,
 * zero-width space/non-joiner/joiner U+200B–U+200D, LTR/RTL marks U+200E/U+200F, bidi embeddings
 * and overrides U+202A–U+202E, word joiner and invisible operators U+2060–U+2064, bidi isolates
 * U+2066–U+2069, and U+FEFF (BOM / zero-width no-break space). SPEC: trimmed at the edges like white
 * space. Inside an address they are NOT spaces: they stay as written, so the syntax check names
 * the real code point (`syntax.unsafe_character`, U+200B), never a space it never saw.
 */
function isInvisible(c: number): boolean {
  if (c < 0xad) return false;
  return (
    c === 0xad || c === 0x061c || c === 0x180e || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c === 0xfeff
  );
}

function isEdge(c: number): boolean {
  return isSpace(c) || isInvisible(c);
}

/** `s` without white space and invisible characters at its ends (no regex: no backtracking on long cells). */
function trimEdges(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isEdge(s.charCodeAt(start))) start++;
  while (end > start && isEdge(s.charCodeAt(end - 1))) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

const MAILTO = /^mailto:/i;

/**
 * A bare address: ASCII address characters, and Cyrillic letters (U+0400–U+04FF but the combining
 * marks U+0483–U+0489), which are never white space, never separators and unchanged by NFC.
 */
function isPlain(cell: string): boolean {
  const n = cell.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = cell.charCodeAt(i);
    if (c < 128 ? PLAIN[c] === 0 : c < 0x400 || c > 0x4ff || (c >= 0x483 && c <= 0x489)) return false;
  }
  return true;
}

/** Splits an email cell into address candidates. */
export function extractAddress(cell: string): Extraction {
  // Fast path: a bare address needs no trimming, unwrapping or NFC.
  // (`mailto:` contains `:`, which is not plain, so it always takes the slow path.)
  if (isPlain(cell)) return { kind: 'single', address: cell };
  const text = trimEdges(cell);
  if (text === '') return { kind: 'empty' };
  const segments = splitCandidates(text);
  if (segments.length <= 1) return { kind: 'single', address: cleanCandidate(segments[0] ?? text) };
  const addresses: string[] = [];
  for (const segment of segments) {
    const address = cleanCandidate(segment);
    if (address !== '' && !addresses.includes(address)) addresses.push(address);
  }
  if (addresses.length === 0) return { kind: 'empty' };
  if (addresses.length === 1) return { kind: 'single', address: addresses[0] as string };
  return { kind: 'multiple', addresses };
}

/**
 * Splits at `,` `;` and `:::` (Google Contacts joins values with ` ::: `) outside quotes, angle
 * brackets and domain literals, then at white space between parts that each carry an `@`. Stray
 * separators (`a@x.com;`) leave one candidate. When only one part has an `@` and the cell ends in an
 * angle address (`Doe, John <j@x.com>`, Outlook's unquoted display name), the whole cell is one.
 */
function splitCandidates(text: string): string[] {
  const parts: string[] = [];
  const pieces = splitOutside(text, true);
  for (let k = 0; k < pieces.length; k += 2) {
    const [start, end] = trimRange(text, pieces[k] as number, pieces[k + 1] as number);
    if (end > start) parts.push(text.slice(start, end));
  }
  let withAt = 0;
  for (const p of parts) if (p.includes('@')) withAt++;
  if (withAt === 0) return [text];
  if (withAt === 1 && parts.length > 1 && text.endsWith('>')) return [text];
  const out: string[] = [];
  for (const [index, p] of parts.entries()) {
    if (!p.includes('@')) {
      out.push(p);
      continue;
    }
    // After a separator (`a@x.com, / b@y.com`) a joiner that opens the part separates too.
    for (const g of groupWords(p, index > 0)) out.push(g);
  }
  return out;
}

/**
 * Splits outside `"…"`, `<…>` and a domain literal `@[…]`: at `,` `;` `:::` when `separators`, else
 * at white space (`isSpace`; invisible characters do not split). Returns the pieces as flat
 * [start, end) pairs. An IPv6 literal holds `:::` (`me@[IPv6:::1]`, RFC 5321 §4.1.3), so it stays
 * one candidate and the syntax check names it; a `[` anywhere else opens nothing.
 */
function splitOutside(text: string, separators: boolean): number[] {
  const out: number[] = [];
  let quoted = false;
  let angle = false;
  let literal = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let skip = 0;
    if (quoted) {
      if (c === 92) i++; // backslash escape
      else if (c === 34) quoted = false;
    } else if (literal) {
      if (c === 93) literal = false; // ]
    } else if (c === 91 && i > 0 && text.charCodeAt(i - 1) === 64) literal = true; // @[
    else if (c === 34) quoted = true; // "
    else if (c === 60) angle = true; // <
    else if (c === 62) angle = false; // >
    else if (angle) continue;
    else if (separators) {
      if (c === 44 || c === 59) skip = 1; // , ;
      else if (c === 58 && text.startsWith(':::', i)) skip = 3;
    } else if (isSpace(c)) skip = 1;
    if (skip > 0) {
      out.push(start, i);
      start = i + skip;
      i += skip - 1;
    }
  }
  out.push(start, text.length);
  return out;
}

/** [start, end) of text[start, end) without edge white space and invisible characters. */
function trimRange(text: string, start: number, end: number): [number, number] {
  while (start < end && isEdge(text.charCodeAt(start))) start++;
  while (end > start && isEdge(text.charCodeAt(end - 1))) end--;
  return [start, end];
}

/**
 * Words people put between addresses instead of `,` or `;` (`a@x.com / b@y.com`, `a@x.com and
 * b@y.com`, `a@x.com або b@y.com`): punctuation alone, or "and"/"or" in the languages SPEC.md names
 * for headers. Between two addresses they separate, like a comma; they are never a display name.
 */
const JOINERS = new Set(['and', 'or', 'und', 'oder', 'et', 'ou', 'e', 'o', 'y', 'i', 'lub', 'oraz', 'і', 'й', 'та', 'або', 'чи', 'и', 'или']);
const NO_LETTER_OR_DIGIT = /^[^\p{L}\p{N}]+$/u;

function isJoiner(word: string): boolean {
  return JOINERS.has(word.toLowerCase()) || (NO_LETTER_OR_DIGIT.test(word) && !/[<>"@]/.test(word));
}

/**
 * Groups the words of `text` into addresses: an address ends with the word holding its `@` (a
 * display name comes before it), unless an angle address follows (`j@x.com <j@x.com>`). Words
 * after the last `@` word (`a@x.com (work)`) stay with it, so a cell never loses text silently;
 * only a joiner between two addresses (`/`, `and`) is dropped, as a comma would be.
 * A group is cut from the cell as written, so the characters between its words (a tab, U+00A0,
 * a zero-width space) reach the syntax check unchanged and its message names them.
 */
function groupWords(text: string, afterSeparator: boolean): string[] {
  const groups: number[] = []; // flat [start, end) pairs
  let start = -1;
  let end = -1;
  let angle = false;
  let closed = false;
  const words = splitOutside(text, false);
  for (let k = 0; k < words.length; k += 2) {
    const [ws, we] = trimRange(text, words[k] as number, words[k + 1] as number);
    if (we === ws) continue;
    const isAngle = text.charCodeAt(ws) === 60;
    // A joiner between two addresses separates them: right after one, or opening a part that
    // follows a separator.
    const between = closed || (start < 0 && afterSeparator);
    if (between && !isAngle && isJoiner(text.slice(ws, we)) && text.indexOf('@', we) >= 0) continue;
    if (closed && !(isAngle && !angle)) {
      groups.push(start, end);
      start = -1;
      angle = false;
      closed = false;
    }
    if (start < 0) start = ws;
    end = we;
    if (isAngle) angle = true;
    const at = text.indexOf('@', ws);
    if (at >= 0 && at < we) closed = true;
  }
  if (start >= 0) {
    if (!closed && groups.length > 0) groups[groups.length - 1] = end;
    else groups.push(start, end);
  }
  const out: string[] = [];
  for (let k = 0; k < groups.length; k += 2) out.push(text.slice(groups[k], groups[k + 1]));
  return out;
}

/** Unwraps one candidate: `mailto:` (RFC 6068, query dropped), `Name <addr>`, then NFC (`toNfc`). */
function cleanCandidate(candidate: string): string {
  let s = trimEdges(candidate);
  if (s.endsWith('>')) {
    const open = lastAngleOutsideQuotes(s);
    if (open >= 0) s = trimEdges(s.slice(open + 1, -1));
  }
  if (MAILTO.test(s)) {
    s = s.slice(7);
    const q = s.indexOf('?');
    if (q >= 0) s = s.slice(0, q);
    // A mailto URI percent-encodes some characters (RFC 6068 §2); a bad escape stays as written.
    if (s.includes('%')) {
      try {
        s = decodeURIComponent(s);
      } catch {
        /* keep s */
      }
    }
    s = trimEdges(s);
  }
  return toNfc(s);
}

/**
 * `s` in NFC, unless NFC would change a verdict that python-email-validator gives on the address as
 * written (it checks the written form, then the NFC form), so `checkSyntax` gets it as written:
 * - NFC swallows ASCII: `<`, `>` and `=` followed by U+0338 compose to `≮`, `≯` and `≠`, the only
 *   canonical compositions that start from ASCII punctuation (and no decomposition yields `<`, `>`
 *   or `=`, so a drop in their count means exactly that). `<` and `>` are not allowed as written.
 * - the written form is over ADDRESS_MAX octets: NFC may bring it under the limit, but
 *   validate_email_length judges the original string too.
 * `checkSyntax` applies NFC itself to what it accepts.
 */
function toNfc(s: string): string {
  const nfc = s.normalize('NFC');
  if (nfc === s) return s;
  if (composable(nfc) !== composable(s)) return s;
  return Buffer.byteLength(s, 'utf8') > ADDRESS_MAX ? s : nfc;
}

/** How many `<`, `>` and `=` `s` holds. */
function composable(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 60 || c === 62 || c === 61) n++;
  }
  return n;
}

/** Index of the `<` that opens the final angle address, ignoring `<` inside quotes; -1 if none. */
function lastAngleOutsideQuotes(s: string): number {
  let quoted = false;
  let open = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '<') open = i;
  }
  return open;
}
