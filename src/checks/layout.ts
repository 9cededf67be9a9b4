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

/** Shift layer symbols that differ: `"` is Shift+2 (QWERTY `@`), `№` is Shift+3 (`#`). */
const SYMBOLS: Record<string, string> = { '"': '@', '№': '#' };

const CYRILLIC = /\p{Script=Cyrillic}/u;
const CYRILLIC_VOWELS = new Set('аеёиоуыэюяіїє');
const LATIN_VOWELS = new Set('aeiouy');

/** The QWERTY reading of a string typed on ЙЦУКЕН; characters not on the map pass unchanged. */
export function toQwerty(s: string): string {
  let out = '';
  for (const ch of s) {
    const lower = ch.toLowerCase();
    const key = KEYS[lower];
    if (key !== undefined) out += lower === ch ? key : key.toUpperCase();
    else out += SYMBOLS[ch] ?? ch;
  }
  return out;
}

/** Share of vowels among the letters of `s` in the given vowel set. */
function vowelShare(s: string, vowels: ReadonlySet<string>): number {
  let letters = 0;
  let v = 0;
  for (const ch of s.toLowerCase()) {
    if (/\p{L}/u.test(ch)) {
      letters++;
      if (vowels.has(ch)) v++;
    }
  }
  return letters === 0 ? 0 : v / letters;
}

/** A plain dot-atom address after conversion (RFC 5322 §3.4.1 atext, ASCII only). */
const PLAIN_ADDRESS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[a-z0-9-]+(\.[a-z0-9-]+)+$/;

/** Whether every label is wholly Cyrillic or wholly not: a single Cyrillic letter among Latin ones is a look-alike, not a layout slip. */
function labelsArePure(domain: string): boolean {
  for (const label of domain.split('.')) {
    let cyr = 0;
    let other = 0;
    for (const ch of label) {
      if (CYRILLIC.test(ch)) cyr++;
      else if (/[a-z]/i.test(ch)) other++;
    }
    if (cyr > 0 && other > 0) return false;
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
  if (!CYRILLIC.test(address)) return undefined;
  const at = address.includes('@') ? address.lastIndexOf('@') : address.lastIndexOf('"');
  if (at <= 0) return undefined;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  if (!labelsArePure(domain)) return undefined;
  let latin = `${toQwerty(local)}@${toQwerty(domain).toLowerCase()}`;
  if (!PLAIN_ADDRESS.test(latin)) return undefined;
  const latinDomain = latin.slice(latin.lastIndexOf('@') + 1);
  if (CYRILLIC.test(domain)) {
    if (!KNOWN_MAIL_DOMAINS.has(latinDomain)) {
      // Only the TLD tells a typed-wrong domain from a real Cyrillic one (.укр, .рф, .ком are real).
      const tld = domain.slice(domain.lastIndexOf('.') + 1);
      if (!CYRILLIC.test(tld) || icannTld(domain) || !icannTld(latinDomain)) return undefined;
    }
  } else {
    // Latin domain, Cyrillic local part: real names have vowels; layout gibberish (`шмфт`) has few.
    if (!CYRILLIC.test(local)) return undefined;
    if (vowelShare(local, CYRILLIC_VOWELS) >= 0.2) return undefined;
    if (vowelShare(toQwerty(local), LATIN_VOWELS) < 0.2) return undefined;
  }
  // The Latin reading may itself be misspelt (`пьшфд` → gmial.com): offer the corrected one.
  const localPart = latin.slice(0, latin.lastIndexOf('@'));
  const typo = checkTypo(localPart, latinDomain, latinDomain);
  if (typo?.code === 'possible_typo' && typo.suggestion !== undefined) latin = typo.suggestion;
  return { code: 'wrong_keyboard_layout', why: 'layout.cyrillic', args: { suggestion: latin }, suggestion: latin };
}
