/**
 * Look-alike characters in the domain (Unicode TR39 §4 "Confusable Detection"):
 * - mixed script: one label mixes Latin with Cyrillic/Greek/… letters (`gmаil.com` with Cyrillic `а`);
 *   TR39's "highly restrictive" profile forbids Latin with Cyrillic or Greek in one identifier, and no
 *   real mail domain does it, so the plain-Latin reading is suggested;
 * - whole-script look-alike: the domain's TR39 skeleton equals a popular domain's (`раураl.com`, all
 *   Cyrillic, against paypal.com; `аррӏе.com`).
 * Single-script IDN domains (`пошта.укр`, `пример.рф`, `münchen.de`) are not flagged.
 *
 * Data: the `unhomoglyph` package (nodeca, MIT) ships the prototype map of Unicode's
 * confusables.txt (version 13.0.0) as data.json; the skeleton is NFD → map → NFD (TR39 §4).
 */
import { createRequire } from 'node:module';
import type { Finding } from '../model/findings.js';
import { POPULAR_DOMAINS, TRUSTED_DOMAINS } from './providers.js';
import { isAsciiText } from '../model/strings.js';

const require = createRequire(import.meta.url);
const PROTOTYPES = new Map(Object.entries(require('unhomoglyph/data.json') as Record<string, string>));

/** TR39 skeleton: NFD, every character replaced by its prototype, NFD again. */
export function skeleton(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFD')) out += PROTOTYPES.get(ch) ?? ch;
  return out.normalize('NFD');
}

/** Skeleton → popular domain, so a whole-script look-alike is one Map lookup. */
const BY_SKELETON = new Map<string, string>();
for (const d of [...POPULAR_DOMAINS, ...TRUSTED_DOMAINS]) {
  const k = skeleton(d);
  if (!BY_SKELETON.has(k)) BY_SKELETON.set(k, d);
}

const SCRIPTS: ReadonlyArray<[string, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
];
const SCRIPT_NAMES = ['', 'Latin', 'Cyrillic', 'Greek', 'Armenian', 'Cherokee', 'Other', 'Common'];

/**
 * Script ids of the BMP, filled on first sight of a character (0 = not seen yet): one array read
 * per character after that, instead of up to six Unicode-property regexes.
 */
const SCRIPT_OF = new Uint8Array(0x10000);

function scriptIdOf(ch: string): number {
  for (let k = 0; k < SCRIPTS.length; k++) if (SCRIPTS[k]![1].test(ch)) return k + 1;
  return /\p{L}/u.test(ch) ? 6 : 7;
}

/** The script of a letter, `Common` for digits and hyphens, `Other` for the rest. */
function scriptOf(ch: string): string {
  const c = ch.charCodeAt(0);
  if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) return 'Latin';
  if (c < 0x80) return 'Common';
  if (ch.length > 1) return SCRIPT_NAMES[scriptIdOf(ch)]!;
  let id = SCRIPT_OF[c]!;
  if (id === 0) SCRIPT_OF[c] = id = scriptIdOf(ch);
  return SCRIPT_NAMES[id]!;
}

/** Latin readings by character, remembered (null: none); the set of characters met is small. */
const LATIN_OF = new Map<string, string | null>();

/** The Latin reading of a non-ASCII character, when its prototype is one ASCII letter or digit. */
function latinOf(ch: string): string | undefined {
  let l = LATIN_OF.get(ch);
  if (l === undefined) {
    const p = PROTOTYPES.get(ch) ?? PROTOTYPES.get(ch.normalize('NFD'));
    const lower = p?.toLowerCase();
    l = lower !== undefined && /^[a-z0-9]+$/.test(lower) ? lower : null;
    if (LATIN_OF.size < 10_000) LATIN_OF.set(ch, l);
  }
  return l ?? undefined;
}

/** Plain-Latin domain when every non-ASCII letter has an ASCII prototype, else undefined. */
function latinize(domain: string): string | undefined {
  let out = '';
  for (const ch of domain) {
    if (ch.charCodeAt(0) < 0x80) out += ch;
    else {
      const l = latinOf(ch);
      if (l === undefined) return undefined;
      out += l;
    }
  }
  return out;
}

function finding(
  local: string,
  domain: string,
  suggestedDomain: string,
  why: 'confusable.mixed_script' | 'confusable.lookalike',
  script: string,
): Finding {
  return {
    code: 'confusable_characters',
    why,
    args: { domain, suggestedDomain, script },
    suggestion: `${local}@${suggestedDomain}`,
  };
}

/**
 * `confusable_characters` for a domain that mixes scripts inside a label, or looks exactly like a
 * popular domain in another script; undefined otherwise. `domain` is the Unicode lowercase domain.
 */
export function checkConfusables(local: string, domain: string): Finding | undefined {
  return checkDomainPart(local, domain) ?? checkLocal(local, domain);
}

/**
 * A local part that mixes Latin with Cyrillic/Greek look-alikes (`irуna` with Cyrillic `у`): the
 * same TR39 rule as for domains. Such an address is almost always a slip of the keyboard, and the
 * big providers (Gmail, Outlook, Yahoo) accept only ASCII mailbox names, so it would bounce.
 * A whole-Cyrillic local part (`олег@пошта.укр`) is a real internationalized address and stays.
 */
function checkLocal(local: string, domain: string): Finding | undefined {
  if (isAsciiText(local)) return undefined;
  let latin = false;
  let other: string | undefined;
  for (const ch of local) {
    const s = scriptOf(ch);
    if (s === 'Latin') latin = true;
    else if (s !== 'Common' && s !== 'Other') other = s;
  }
  if (!latin || other === undefined) return undefined;
  const plain = latinize(local.toLowerCase());
  if (plain === undefined) return undefined;
  return {
    code: 'confusable_characters',
    why: 'confusable.local_mixed_script',
    args: { local, script: other, suggestedLocal: plain },
    suggestion: `${plain}@${domain}`,
  };
}

function checkDomainPart(local: string, domain: string): Finding | undefined {
  if (isAsciiText(domain)) return undefined; // the common case: nothing to look alike
  let mixedScript: string | undefined;
  let foreign: string | undefined;
  for (const label of domain.split('.')) {
    let latin = false;
    let other: string | undefined;
    for (const ch of label) {
      const s = scriptOf(ch);
      if (s === 'Latin') latin = true;
      else if (s !== 'Common') other = s;
    }
    if (other !== undefined) foreign = other;
    if (latin && other !== undefined && other !== 'Other') mixedScript = other;
  }
  const script = mixedScript ?? foreign ?? 'Other';
  if (mixedScript !== undefined) {
    const plain = latinize(domain);
    if (plain !== undefined && plain !== domain) return finding(local, domain, plain, 'confusable.mixed_script', script);
  }
  const plain = latinize(domain);
  const lookalike = plain !== undefined && TRUSTED_DOMAINS.has(plain) ? plain : BY_SKELETON.get(skeleton(domain));
  if (lookalike !== undefined && lookalike !== domain) {
    return finding(local, domain, lookalike, 'confusable.lookalike', script);
  }
  return undefined;
}
