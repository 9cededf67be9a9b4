/**
 * Address extraction: turns one email cell into zero, one or several address candidates.
 *
 * SPEC "Normalization of the address": trim white space (also non-breaking and zero-width),
 * strip `mailto:` and a `Name <addr>` wrapper, Unicode NFC. Lowercasing the domain is left to
 * `checkSyntax`, which knows where the domain starts. Most cells are a bare ASCII address, so
 * a table scan answers those without any regex or allocation.
 */

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
 * White space to trim: JS `\s` covers U+00A0 and U+FEFF; the zero-width characters
 * U+200B–U+200D and the word joiner U+2060 are added because spreadsheets and web forms leave them.
 */
const EDGE_SPACE = /^[\s\u200B-\u200D\u2060]+|[\s\u200B-\u200D\u2060]+$/g;
const MAILTO = /^mailto:/i;

function isPlain(cell: string): boolean {
  const n = cell.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = cell.charCodeAt(i);
    if (c >= 128 || PLAIN[c] === 0) return false;
  }
  return true;
}

/** Splits an email cell into address candidates. */
export function extractAddress(cell: string): Extraction {
  // Fast path: a bare ASCII address needs no trimming, unwrapping or NFC.
  // (`mailto:` contains `:`, which is not plain, so it always takes the slow path.)
  if (isPlain(cell)) return { kind: 'single', address: cell };
  const text = cell.replace(EDGE_SPACE, '');
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
 * Splits at `,` `;` and `:::` (Google Contacts joins values with ` ::: `) outside quotes and
 * angle brackets, then at white space between parts that each carry an `@`. Stray separators
 * (`a@x.com;`) leave one candidate. When only one part has an `@` and the cell ends in an
 * angle address (`Doe, John <j@x.com>`, Outlook's unquoted display name), the whole cell is one.
 */
function splitCandidates(text: string): string[] {
  const parts = splitOutside(text, true);
  let withAt = 0;
  for (const p of parts) if (p.includes('@')) withAt++;
  if (withAt === 0) return [text];
  if (withAt === 1 && parts.length > 1 && text.endsWith('>')) return [text];
  const out: string[] = [];
  for (const p of parts) {
    if (!p.includes('@')) {
      out.push(p);
      continue;
    }
    for (const g of groupWords(splitOutside(p, false))) out.push(g);
  }
  return out;
}

/**
 * Splits outside `"…"` and `<…>`: at `,` `;` `:::` when `separators`, else at white space.
 * Empty pieces are dropped.
 */
function splitOutside(text: string, separators: boolean): string[] {
  const out: string[] = [];
  let quoted = false;
  let angle = false;
  let start = 0;
  const push = (end: number, skip: number): void => {
    const piece = text.slice(start, end).replace(EDGE_SPACE, '');
    if (piece !== '') out.push(piece);
    start = end + skip;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '<') angle = true;
    else if (c === '>') angle = false;
    else if (angle) continue;
    else if (separators) {
      if (c === ',' || c === ';') push(i, 1);
      else if (c === ':' && text.startsWith(':::', i)) {
        push(i, 3);
        i += 2;
      }
    } else if (c !== undefined && /[\s\u200B-\u200D\u2060]/.test(c)) push(i, 1);
  }
  push(text.length, 0);
  return out;
}

/**
 * Groups words into addresses: an address ends with the word holding its `@` (a display name
 * comes before it), unless an angle address follows (`j@x.com <j@x.com>`). Words after the
 * last `@` word (`a@x.com (work)`) stay with it, so a cell never loses text silently.
 */
function groupWords(words: string[]): string[] {
  const groups: string[][] = [];
  let current: string[] = [];
  let closed = false;
  for (const w of words) {
    const isAngle = w.startsWith('<');
    if (closed && !(isAngle && !current.some((x) => x.startsWith('<')))) {
      groups.push(current);
      current = [];
      closed = false;
    }
    current.push(w);
    if (w.includes('@')) closed = true;
  }
  if (current.length > 0) {
    if (!closed && groups.length > 0) (groups[groups.length - 1] as string[]).push(...current);
    else groups.push(current);
  }
  return groups.map((g) => g.join(' '));
}

/** Unwraps one candidate: `mailto:` (RFC 6068, query dropped), `Name <addr>`, then NFC. */
function cleanCandidate(candidate: string): string {
  let s = candidate.replace(EDGE_SPACE, '');
  if (s.endsWith('>')) {
    const open = lastAngleOutsideQuotes(s);
    if (open >= 0) s = s.slice(open + 1, -1).replace(EDGE_SPACE, '');
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
    s = s.replace(EDGE_SPACE, '');
  }
  return s.normalize('NFC');
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
