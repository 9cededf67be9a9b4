/**
 * Address syntax. Verdicts follow python-email-validator's defaults (JoshData/python-email-validator,
 * `syntax.py`): internationalized local parts allowed (RFC 6531), quoted local parts, comments and
 * domain literals refused, special-use domains refused (`globally_deliverable`). Deliberate
 * differences are listed in test/syntax-differences.md.
 *
 * Two paths give the same answers (test/syntax-corpus.test.ts checks it on every corpus row):
 * `fastAccept` scans plain ASCII addresses once and only ever accepts; anything unusual, and every
 * error, goes to `checkSlow`, which says precisely what is wrong.
 *
 * Pass the address as written, not NFC-normalized: like python-email-validator (2.2+), it is judged
 * both as written and after NFC. NFC can hide a character that is not allowed (`<` + U+0338
 * composes to `≮`) or bring an over-long address under the limit; `extractAddress` leaves such
 * candidates as written.
 */
import { domainToASCII, domainToUnicode } from 'node:url';
import type { MessageOf } from '../model/messages.js';

/** The verdict on one address. */
export type SyntaxResult =
  | {
      /** The address is syntactically usable. */
      ok: true;
      /** Part before the `@`, case kept, NFC. */
      local: string;
      /** Domain in Unicode form, lowercased (UTS #46 mapping, NFC). */
      domain: string;
      /** Domain in ASCII (IDNA/Punycode) form, lowercase: what DNS and lists use. */
      asciiDomain: string;
      /** `local@domain`. */
      normalized: string;
    }
  | ({
      /** The address is not usable. */
      ok: false;
    } & SyntaxMessage);

/** Why an address is not usable: a `syntax.*` message with its arguments. */
export type SyntaxMessage = MessageOf<'syntax'>;

/**
 * No limit of its own on the local part. RFC 5321 §4.5.3.1.1 names 64 octets, but as a size that
 * "SHOULD be avoided", not a syntax rule; python-email-validator (2.3+) enforces it only with
 * `strict=True`, and we follow its default. The whole address still has to fit in ADDRESS_MAX; a
 * provider's own, shorter limit on mailbox names belongs to provider-specific checks, not to syntax.
 *
 * RFC 3696 errata 1690: a whole address is at most 254 octets.
 */
export const ADDRESS_MAX = 254;
/** RFC 1035 §2.3.4 (255 octets on the wire, i.e. 253 characters written out). */
export const DOMAIN_MAX = 253;
/** RFC 1035 §2.3.1. */
export const LABEL_MAX = 63;

/**
 * Special-use names that can never hold a deliverable mailbox; python-email-validator's
 * SPECIAL_USE_DOMAIN_NAMES: arpa, invalid (RFC 6761), local (RFC 6762), localhost (RFC 6761),
 * onion (RFC 7686), test (RFC 6761; accepted there only with `test_environment`).
 * `example.*` is NOT here: its syntax is fine and the DNS stage finds its null MX (RFC 7505).
 */
export const RESERVED_TLDS: ReadonlySet<string> = new Set(['arpa', 'invalid', 'local', 'localhost', 'onion', 'test']);

/** RFC 5322 §3.2.3 atext (ASCII). */
const ATEXT = new Uint8Array(128);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~") {
  ATEXT[c.charCodeAt(0)] = 1;
}
/** Domain characters of the fast path: RFC 952/1123 LDH; 2 marks an upper-case letter. */
const LDH = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789-') LDH[c.charCodeAt(0)] = 1;
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') LDH[c.charCodeAt(0)] = 2;

/** Checks one address (as returned by `extractAddress`, or raw). */
export function checkSyntax(address: string): SyntaxResult {
  return fastAccept(address) ?? checkSlow(address);
}

function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/** True when s[start..end) spells a reserved TLD, ignoring ASCII case, without allocating. */
function reservedAt(s: string, start: number, end: number): boolean {
  const n = end - start;
  if (n < 4 || n > 9) return false;
  outer: for (const name of RESERVED_TLDS) {
    if (name.length !== n) continue;
    for (let i = 0; i < n; i++) if ((s.charCodeAt(start + i) | 0x20) !== name.charCodeAt(i)) continue outer;
    return true;
  }
  return false;
}

/**
 * A Cyrillic letter (U+0400–U+04FF without the combining marks U+0483–U+0489): allowed in a local
 * part (RFC 6531), assigned, not a mark, and unchanged by NFC, so the slow path's checks could
 * only agree. Ukrainian lists have many such local parts (`богдан.коваль8@company1415.com.ua`).
 */
function isStableCyrillic(c: number): boolean {
  return c >= 0x400 && c <= 0x4ff && (c < 0x483 || c > 0x489);
}

/**
 * One pass over a plain address: ASCII, or Cyrillic letters in the local part with an ASCII domain.
 * Returns the accepted result, or undefined whenever the address is not plainly fine (other
 * non-ASCII, `xn--`/`ab--` labels, any error): the slow path decides.
 */
export function fastAccept(s: string): SyntaxResult | undefined {
  const n = s.length;
  if (n < 3 || n > ADDRESS_MAX) return undefined;
  let i = 0;
  let prev = 46; // as if after a '.', so a leading dot fails
  let wide = 0; // Cyrillic letters in the local part: two octets each in UTF-8
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 64) break;
    if (c === 46) {
      if (prev === 46) return undefined;
    } else if (c >= 128) {
      if (!isStableCyrillic(c)) return undefined;
      wide++;
    } else if (ATEXT[c] === 0) return undefined;
    prev = c;
  }
  if (n + wide > ADDRESS_MAX) return undefined;
  const at = i;
  if (at === 0 || at === n || prev === 46) return undefined;
  let labelStart = at + 1;
  let dots = 0;
  let upper = false;
  for (i = at + 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      const len = i - labelStart;
      if (len === 0 || len > LABEL_MAX || prev === 45) return undefined;
      dots++;
      labelStart = i + 1;
    } else if (c === 45) {
      // Leading hyphen, or `??--` (R-LDH / Punycode, RFC 5890 §2.3.1): leave to the slow path.
      if (i === labelStart || (i === labelStart + 2 && s.charCodeAt(i + 1) === 45)) return undefined;
    } else if (c >= 128) return undefined;
    else {
      const k = LDH[c];
      if (k === 0) return undefined;
      if (k === 2) upper = true;
    }
    prev = c;
  }
  const last = n - labelStart;
  if (dots === 0 || last === 0 || last > LABEL_MAX || !isLetter(prev)) return undefined;
  if (reservedAt(s, labelStart, n)) return undefined;
  const local = s.slice(0, at);
  if (!upper) return { ok: true, local, domain: s.slice(at + 1), asciiDomain: s.slice(at + 1), normalized: s };
  const domain = s.slice(at + 1).toLowerCase();
  return { ok: true, local, domain, asciiDomain: domain, normalized: `${local}@${domain}` };
}

function fail(why: SyntaxMessage['why'], args?: Record<string, string | number>): SyntaxResult {
  return (args ? { ok: false, why, args } : { ok: false, why }) as SyntaxResult;
}

/** How a character is named in a message: itself if printable, else its code point. */
function show(ch: string): string {
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch)
    ? ch
    : `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** White space, but not U+FEFF, which JS counts in `\s` and Unicode calls a format character (Cf): unsafe, not a space. */
const SPACE = /[^\S\uFEFF]|\p{Z}/u;
/** Controls, format (bidi, zero-width), surrogates, private use, unassigned: python-email-validator's check_unsafe_chars. */
const UNSAFE = /\p{C}/u;
const LEADING_MARK = /^\p{M}/u;
const NON_ASCII = /[^\x00-\x7f]/;
const LOOKALIKE_AT = /[\uFF20\uFE6B]/; // FULLWIDTH COMMERCIAL AT, SMALL COMMERCIAL AT
const BAD_DOMAIN_ASCII = /[^A-Za-z0-9.\-\u0080-\u{10FFFF}]/u;
const R_LDH = /^(?!xn)..--/;
const BAD_LOCAL_ASCII = /[\x00-\x20"(),:;<>@[\\\]\x7f]/;
const IDNA2008_BAD = /[^.\-\p{Ll}\p{Lo}\p{Lm}\p{Mn}\p{Mc}\p{Nd}\u00B7\u0375\u05F3\u05F4\u30FB\u3007]/u;

/** The full check, in python-email-validator's order where it matters for the message. */
export function checkSlow(address: string): SyntaxResult {
  const at = address.indexOf('@');
  // Outlook exports an Exchange mailbox by its internal X.500 name (`/o=ExchangeLabs/ou=Exchange
  // Administrative Group (FYDIBOHF23SPDLT)/cn=…`): named as what it is before its parentheses can
  // read as an RFC 5322 comment.
  if (at < 0 && /^\/o=/i.test(address)) return fail('syntax.exchange_x500');
  if (address.startsWith('"')) return fail('syntax.quoted_local');
  if (address.includes('(') || address.includes(')')) return fail('syntax.comment');
  if (at < 0) {
    const m = LOOKALIKE_AT.exec(address);
    return m ? fail('syntax.lookalike_at', { char: m[0] }) : fail('syntax.no_at');
  }
  if (address.indexOf('@', at + 1) >= 0) return fail('syntax.multiple_at');
  const rawLocal = address.slice(0, at);
  const rawDomain = address.slice(at + 1);
  if (rawLocal === '') return fail('syntax.empty_local');
  if (rawDomain === '') return fail('syntax.empty_domain');
  if (rawDomain.startsWith('[')) return fail('syntax.domain_literal');
  const space = SPACE.exec(address);
  if (space) return fail('syntax.whitespace', { char: show(space[0]) });
  const unsafe = UNSAFE.exec(address);
  if (unsafe) return fail('syntax.unsafe_character', { char: show(unsafe[0]) });

  // Local part (RFC 5322 §3.2.3 dot-atom; RFC 6531 §3.3 adds every non-ASCII code point).
  // Judged as written, then again after NFC, as python-email-validator does (validate_email.py
  // re-validates the NFC form since 2.2): written `<` + U+0338 is refused for its `<`, though NFC
  // composes it to `≮`, which is allowed when written as such (U+226E is just a non-ASCII symbol).
  for (const ch of rawLocal) {
    const c = ch.charCodeAt(0);
    if (c < 128 && c !== 46 && ATEXT[c] === 0) return fail('syntax.bad_character', { char: show(ch) });
  }
  const local = rawLocal.normalize('NFC');
  // NFC can also produce ASCII punctuation (U+037E GREEK QUESTION MARK becomes `;`).
  const composed = BAD_LOCAL_ASCII.exec(local);
  if (composed) return fail('syntax.bad_character', { char: composed[0] });
  if (LEADING_MARK.test(local)) return fail('syntax.unsafe_character', { char: show(local[0] ?? '') });
  if (local.startsWith('.')) return fail('syntax.leading_dot');
  if (local.endsWith('.')) return fail('syntax.dot_before_at');
  if (local.includes('..')) return fail('syntax.double_dot');

  // Domain (RFC 952/1123 host names; IDNA via UTS #46 as WHATWG URL does, RFC 5891).
  const badAscii = BAD_DOMAIN_ASCII.exec(rawDomain);
  if (badAscii) return fail('syntax.bad_character', { char: show(badAscii[0]) });
  if (LEADING_MARK.test(rawDomain)) return fail('syntax.unsafe_character', { char: show(rawDomain[0] ?? '') });
  const needsIdna = NON_ASCII.test(rawDomain) || /xn--/i.test(rawDomain);
  const ascii = needsIdna ? domainToASCII(rawDomain) : rawDomain.toLowerCase();
  if (ascii === '') return fail('syntax.bad_idn', { domain: rawDomain });
  // UTS #46 mapping can turn full-width forms into ASCII punctuation (`；` → `;`).
  const mapped = /[^a-z0-9.-]/.exec(ascii);
  if (mapped) return fail('syntax.bad_character', { char: mapped[0] });
  if (ascii.startsWith('.')) return fail('syntax.dot_after_at');
  if (ascii.endsWith('.')) return fail('syntax.trailing_dot');
  if (ascii.includes('..')) return fail('syntax.double_dot');
  const labels = ascii.split('.');
  for (const label of labels) {
    if (label.startsWith('-') || label.endsWith('-')) return fail('syntax.hyphen_edge', { label });
    if (R_LDH.test(label)) return fail('syntax.reserved_hyphens', { label });
  }
  // Both limits apply to the ASCII (Punycode) form, the one DNS carries. domainToASCII never checks
  // them (WHATWG URL runs UTS #46 with VerifyDnsLength=false), so a Unicode domain that looks short
  // can be too long here: `ascii` is the only form measured.
  if (ascii.length > DOMAIN_MAX) return fail('syntax.domain_too_long', { length: ascii.length });
  for (const label of labels) {
    if (label.length > LABEL_MAX) return fail('syntax.label_too_long', { length: label.length });
  }
  if (labels.length < 2) return fail('syntax.no_dot_in_domain');
  const tld = labels[labels.length - 1] ?? '';
  if (!isLetter(tld.charCodeAt(tld.length - 1))) return fail('syntax.bad_tld', { tld });
  if (RESERVED_TLDS.has(tld)) return fail('syntax.reserved_domain', { tld });

  const domain = needsIdna ? domainToUnicode(ascii).normalize('NFC') : ascii;
  if (domain === '') return fail('syntax.bad_idn', { domain: rawDomain });
  // UTS #46 (WHATWG) lets symbols such as `©` or emoji through; IDNA 2008 (RFC 5892), which
  // python-email-validator applies, allows only letters, marks, digits, `-` and a few contextual
  // characters (U+00B7, U+0375, U+05F3, U+05F4, U+30FB, U+3007).
  if (needsIdna && IDNA2008_BAD.test(domain)) return fail('syntax.bad_idn', { domain: rawDomain });
  const normalized = `${local}@${domain}`;
  // Three forms must fit in 254 octets of UTF-8 (python-email-validator's validate_email_length):
  // the input, the normalized address, and the local part with the ASCII domain.
  const octets = Math.max(
    Buffer.byteLength(address, 'utf8'),
    Buffer.byteLength(normalized, 'utf8'),
    Buffer.byteLength(local, 'utf8') + 1 + ascii.length,
  );
  if (octets > ADDRESS_MAX) return fail('syntax.too_long', { length: octets });
  return { ok: true, local, domain, asciiDomain: ascii, normalized };
}
