/**
 * Wrong keyboard layout: an address typed while the Ukrainian or Russian layout was switched on
 * (`шмфт"пьфшдюсщь` is `ivan@gmail.com` typed on ЙЦУКЕН). Each Cyrillic letter is mapped back to
 * the QWERTY key it sits on (Windows/macOS standard layouts; the two differ only in і/ы, ї/ъ, є/э
 * and ґ/ё, which share keys, so one table serves both). Shift+2 gives `"` in both, where QWERTY has
 * `@`; the `б`/`ю` keys are QWERTY's `,`/`.`.
 *
 * A real Cyrillic address (`ivan@почта.укр`, `info@пример.рф`) must stay untouched, so the Latin
 * reading is only offered when it is clearly better: the converted domain is a known mail domain, or
 * its TLD was typed in Cyrillic too and becomes a real TLD while the Cyrillic one is none.
 */
import { parse } from 'tldts';
import type { Finding } from '../model/findings.js';
import { KNOWN_MAIL_DOMAINS } from './providers.js';
import { checkTypo } from './typo.js';

/** Cyrillic key → the QWERTY character on the same key (lower case; upper case is the Shift layer). */
const KEYS: Record<string, string> = {
  й: 'q', ц: 'w', у: 'e', к: 'r', е: 't', н: 'y', г: 'u', ш: 'i', щ: 'o', з: 'p', х: '[',
  ъ: ']', ї: ']',
  ф: 'a', ы: 's', і: 's', в: 'd', а: 'f', п: 'g', р: 'h', о: 'j', л: 'k', д: 'l', ж: ';',
  э: "'", є: "'",
  я: 'z', ч: 'x', с: 'c', м: 'v', и: 'b', т: 'n', ь: 'm', б: ',', ю: '.',
  ё: '`', ґ: '`', // ё on the backtick key (Russian); ґ there on macOS Ukrainian (Windows: AltGr+г)
};

/**
 * The same map as a table over U+0400–U+04FF, both cases (a Cyrillic capital's key in upper case):
 * one array read per character instead of a lowercasing and an object lookup.
 */
const QWERTY: (string | undefined)[] = new Array<string | undefined>(0x100);
for (const [ch, key] of Object.entries(KEYS)) {
  QWERTY[ch.charCodeAt(0) - 0x400] = key;
  QWERTY[ch.toUpperCase().charCodeAt(0) - 0x400] = key.toUpperCase();
}

/** Shift layer symbols that differ: `"` is Shift+2 (QWERTY `@`), `№` is Shift+3 (`#`). */
const QUOTE = 0x22;
const NUMERO = 0x2116;

const CYRILLIC_SCRIPT = /\p{Script=Cyrillic}/u;

/** Cyrillic by code point: the Cyrillic blocks U+0400–U+052F at once, the rare others by Unicode's Script property. */
function isCyrillic(c: number): boolean {
  if (c < 0x400) return false;
  if (c <= 0x52f) return true;
  return c >= 0x1c80 && CYRILLIC_SCRIPT.test(String.fromCharCode(c));
}

function hasCyrillic(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (isCyrillic(s.charCodeAt(i))) return true;
  return false;
}

/** Vowels (lower case) as code points: Cyrillic (Ukrainian and Russian) and Latin. */
const CYRILLIC_VOWELS = new Set([...'аеёиоуыэюяіїє'].map((c) => c.charCodeAt(0)));
const LATIN_VOWELS = new Set([...'aeiouy'].map((c) => c.charCodeAt(0)));

const LETTER = /\p{L}/u;

/** A letter: ASCII and Cyrillic letters by range, anything else by Unicode's Letter category. */
function isLetter(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  if (c >= 0x400 && c <= 0x4ff) return c < 0x482 || c > 0x489;
  return LETTER.test(String.fromCharCode(c));
}

/** The QWERTY reading of a string typed on ЙЦУКЕН; characters not on the map pass unchanged. */
export function toQwerty(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const key = c >= 0x400 && c <= 0x4ff ? QWERTY[c - 0x400] : undefined;
    if (key !== undefined) out += key;
    else if (c === QUOTE) out += '@';
    else if (c === NUMERO) out += '#';
    else out += s.charAt(i);
  }
  return out;
}

/** Share of vowels among the letters of `s` in the given vowel set. */
function vowelShare(s: string, vowels: ReadonlySet<number>): number {
  const lower = s.toLowerCase();
  let letters = 0;
  let v = 0;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (!isLetter(c)) continue;
    letters++;
    if (vowels.has(c)) v++;
  }
  return letters === 0 ? 0 : v / letters;
}

/** A plain dot-atom address after conversion (RFC 5322 §3.4.1 atext, ASCII only). */
const PLAIN_ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[a-z0-9-]+(\.[a-z0-9-]+)+$/;

/** Whether every label is wholly Cyrillic or wholly not: a single Cyrillic letter among Latin ones is a look-alike, not a layout slip. */
function labelsArePure(domain: string): boolean {
  let cyr = 0;
  let other = 0;
  for (let i = 0; i <= domain.length; i++) {
    const c = i < domain.length ? domain.charCodeAt(i) : 46;
    if (c === 46) {
      if (cyr > 0 && other > 0) return false;
      cyr = other = 0;
    } else if (isCyrillic(c)) cyr++;
    else if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) other++;
  }
  return true;
}

function icannTld(domain: string): boolean {
  return parse(domain, { allowPrivateDomains: false }).isIcann === true;
}

/**
 * `wrong_keyboard_layout` with the Latin address as suggestion, or undefined. Call for addresses that
 * contain a Cyrillic letter, before the syntax verdict (the `"` for `@` makes them look invalid).
 */
export function checkLayout(address: string): Finding | undefined {
  if (!hasCyrillic(address)) return undefined;
  const at = address.includes('@') ? address.lastIndexOf('@') : address.lastIndexOf('"');
  if (at <= 0) return undefined;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  const cyrillicDomain = hasCyrillic(domain);
  // Latin domain, Cyrillic local part: real names have vowels; layout gibberish (`шмфт`) has few.
  // The cheapest test first: most Cyrillic local parts are real names.
  if (!cyrillicDomain && vowelShare(local, CYRILLIC_VOWELS) >= 0.2) return undefined;
  if (!labelsArePure(domain)) return undefined;
  let latin = `${toQwerty(local)}@${toQwerty(domain).toLowerCase()}`;
  if (!PLAIN_ADDRESS.test(latin)) return undefined;
  const latinDomain = latin.slice(latin.lastIndexOf('@') + 1);
  if (cyrillicDomain) {
    if (!KNOWN_MAIL_DOMAINS.has(latinDomain)) {
      // Only the TLD tells a typed-wrong domain from a real Cyrillic one (.укр, .рф, .ком are real).
      const tld = domain.slice(domain.lastIndexOf('.') + 1);
      if (!hasCyrillic(tld) || icannTld(domain) || !icannTld(latinDomain)) return undefined;
    }
  } else {
    if (!hasCyrillic(local)) return undefined;
    if (vowelShare(toQwerty(local), LATIN_VOWELS) < 0.2) return undefined;
  }
  // The Latin reading may itself be misspelt (`пьшфд` → gmial.com): offer the corrected one.
  const localPart = latin.slice(0, latin.lastIndexOf('@'));
  const typo = checkTypo(localPart, latinDomain, latinDomain);
  if (typo?.code === 'possible_typo' && typo.suggestion !== undefined) latin = typo.suggestion;
  return { code: 'wrong_keyboard_layout', why: 'layout.cyrillic', args: { suggestion: latin }, suggestion: latin };
}
