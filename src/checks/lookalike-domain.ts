/**
 * Look-alike domains and compatibility forms (issue 17 §4).
 *
 * What confusables.ts misses today, and why (measured on every popular/trusted domain whose name can
 * be written wholly in Cyrillic look-alikes; test/lookalike-domain.test.ts keeps the list):
 * 1. Every whole-script Cyrillic look-alike of a domain with an `l` (`аоӏ.com`, `ӏіѵе.com`,
 *    `раураӏ.com`, `аррӏе.com`: 29 of 74). The only Cyrillic letter that looks like `l` is the
 *    palochka `Ӏ`, which UTS #46 lowercases to `ӏ` (U+04CF), and confusables.txt gives `ӏ` the
 *    prototype `i`, not `l`. So its TR39 skeleton is `appie.com`, not `apple.com`, and the exact
 *    skeleton lookup fails. Here `i`, `l`, `1` and `|` are one class when comparing.
 * 2. Domains that are not on the popular/trusted lists: `apple.com` is on none of them. A few brands
 *    that phishing imitates most are added (BRANDS).
 * 3. The punycode form (`xn--80ak6aa92e.com`) is the same case once decoded (syntax.ts decodes it);
 *    this function decodes `xn--` labels itself, so it can be called with either form.
 * Mixed-script labels (`gmаil.com`) were and are caught; real single-script IDN domains
 * (`пошта.укр`, `münchen.de`) are not flagged unless their look-alike reading is a known domain.
 * Policy source: Chromium's IDN spoof checker (components/url_formatter/spoof_checks, steps 10
 * whole-script confusables and 13 top-domain skeletons) and Unicode TR39 §4.
 *
 * Fullwidth and other compatibility forms (`ｕｓｅｒ@gmail.com`) fold with NFKC (UAX #15) for the
 * comparison, the suggestion and duplicate detection.
 */
import { createRequire } from 'node:module';
import { domainToUnicode } from 'node:url';
import { POPULAR_DOMAINS, TRUSTED_DOMAINS } from './providers.js';

const require = createRequire(import.meta.url);
const PROTOTYPES = require('unhomoglyph/data.json') as Record<string, string>;

/** Brands imitated most by look-alike domains (anti-phishing reports); not mail providers, but never real in Cyrillic. */
const BRANDS = [
  'apple.com', 'paypal.com', 'google.com', 'microsoft.com', 'amazon.com', 'facebook.com', 'instagram.com',
  'linkedin.com', 'netflix.com', 'privatbank.ua', 'monobank.ua', 'kwiga.com',
];

/** How the look-alike is built. */
export type LookalikeKind =
  /** every letter of a label is from one non-Latin script (`уаһоо.com`) */
  | 'whole_script'
  /** a label mixes Latin with another script (`gmаil.com`) */
  | 'mixed_script'
  /** Latin letters that only look like plain ones (`ɡmail.com` with U+0261) */
  | 'same_script';

/** A domain that imitates another. */
export interface LookalikeDomain {
  /** How it imitates. */
  kind: LookalikeKind;
  /** The non-Latin script used (`Cyrillic`, `Greek`, …), or `Latin`. */
  script: string;
  /** The domain it imitates (a popular/trusted one, or for a mixed label its plain-Latin reading). */
  target: string;
  /** Whether `target` is on our popular/trusted/brand lists. */
  known: boolean;
}

/** The plain letter a non-ASCII character looks like; `i`, `l`, `1`, `|` share the class `l`. */
const LATIN_OF = new Map<string, string>();
for (const [ch, proto] of Object.entries(PROTOTYPES)) {
  if (ch.length > 2 || [...ch].length !== 1 || ch.charCodeAt(0) < 0x80) continue;
  const p = proto.toLowerCase();
  if (/^[a-z0-9]$/.test(p)) LATIN_OF.set(ch, p);
}

/** Comparison key: lower-case, look-alikes replaced, `i l 1 |` folded to `l`; undefined when a character has no plain reading. */
function looseKey(domain: string): string | undefined {
  let out = '';
  for (const ch of domain) {
    const c = ch.charCodeAt(0);
    let p: string | undefined;
    if (c < 0x80) p = ch.toLowerCase();
    else p = LATIN_OF.get(ch) ?? LATIN_OF.get(ch.normalize('NFD'));
    if (p === undefined) return undefined;
    out += p === 'i' || p === '1' || p === '|' ? 'l' : p;
  }
  return out;
}

const INDEX = new Map<string, string>();
for (const d of [...POPULAR_DOMAINS, ...TRUSTED_DOMAINS, ...BRANDS]) {
  const k = looseKey(d);
  if (k !== undefined && !INDEX.has(k)) INDEX.set(k, d);
}

function scriptOf(c: number): string {
  if (c < 0x80 || (c >= 0xc0 && c <= 0x24f) || (c >= 0x1e00 && c <= 0x1eff) || c === 0x261) return 'Latin';
  if (c >= 0x400 && c <= 0x52f) return 'Cyrillic';
  if ((c >= 0x370 && c <= 0x3ff) || (c >= 0x1f00 && c <= 0x1fff)) return 'Greek';
  if (c >= 0x530 && c <= 0x58f) return 'Armenian';
  if (c >= 0x13a0 && c <= 0x13ff) return 'Cherokee';
  return 'Other';
}

/** Kind and script: mixed when one label has ASCII letters and another script's letters. */
function kindOf(domain: string): { kind: LookalikeKind; script: string } {
  let foreign: string | undefined;
  let mixed = false;
  for (const label of domain.split('.')) {
    let latin = false;
    let other: string | undefined;
    for (const ch of label) {
      const c = ch.charCodeAt(0);
      if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) latin = true;
      else if (c >= 0x80) {
        const s = scriptOf(c);
        if (s !== 'Latin') other = s;
      }
    }
    if (other !== undefined) foreign = other;
    if (latin && other !== undefined) mixed = true;
  }
  if (foreign === undefined) return { kind: 'same_script', script: 'Latin' };
  return { kind: mixed ? 'mixed_script' : 'whole_script', script: foreign };
}

/**
 * ASCII and Cyrillic letters only (U+0400–U+04FF but the combining marks U+0483–U+0489): every such
 * character is its own NFKC form and none composes with a neighbour, so the string folds to itself.
 * Most non-ASCII local parts of a Ukrainian list are like that, and two normalizations per row cost.
 */
function isPlainCyrillic(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 && (c < 0x400 || c > 0x4ff || (c >= 0x483 && c <= 0x489))) return false;
  }
  return true;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return false;
  return true;
}

function decide(domain: string): LookalikeDomain | null {
  const key = looseKey(domain);
  if (key === undefined) return null;
  const { kind, script } = kindOf(domain);
  const target = INDEX.get(key);
  if (target !== undefined && target !== domain) return { kind, script, target, known: true };
  if (kind !== 'mixed_script') return null; // a real IDN domain may look like an unknown one
  // A mixed label is never real (TR39 highly restrictive): its plain reading, with `l` where the
  // class stands (a Cyrillic palochka is an `l`; Ukrainian `і` is an `i`).
  let plain = '';
  for (const ch of domain) plain += ch.charCodeAt(0) < 0x80 ? ch.toLowerCase() : ch === 'ӏ' || ch === 'Ӏ' ? 'l' : LATIN_OF.get(ch) ?? '';
  return { kind, script, target: plain, known: false };
}

const memo = new Map<string, LookalikeDomain | null>();
const MEMO_LIMIT = 20_000;

/**
 * Whether `domain` (Unicode or punycode, lower case) imitates a popular domain. ASCII domains
 * without `xn--` return at once; others are memoised per domain.
 */
export function checkLookalikeDomain(domain: string): LookalikeDomain | undefined {
  if (isAscii(domain) && !domain.includes('xn--')) return undefined;
  let r = memo.get(domain);
  if (r === undefined) {
    const unicode = domain.includes('xn--') ? domainToUnicode(domain) : domain;
    r = unicode === '' || isAscii(unicode) ? null : decide(unicode);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(domain, r);
  }
  return r ?? undefined;
}

/**
 * The NFKC form of a local part when it differs from the NFC form (`ｕｓｅｒ` → `user`,
 * `𝐢𝐯𝐚𝐧` → `ivan`, `ﬁlip` → `filip`), else undefined. ASCII input returns at once.
 */
export function foldCompatibility(local: string): string | undefined {
  if (isPlainCyrillic(local)) return undefined;
  const folded = local.normalize('NFKC');
  return folded === local.normalize('NFC') ? undefined : folded;
}

/** Duplicate key of an address: NFKC, then lower case (ASCII input: lower case only). */
export function compatibilityKey(address: string): string {
  return isAscii(address) ? address.toLowerCase() : address.normalize('NFKC').toLowerCase();
}
