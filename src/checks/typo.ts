/**
 * Typo domains: `gmial.com` → `gmail.com`, `ukr.nte` → `ukr.net`, `firma.cmo` → `firma.com`.
 *
 * The rule is "no false suggestion": a real domain never gets one. So a suggestion must pass
 * - the trusted list (our popular list + email-providers' common list): exact hits are never touched;
 * - the public suffix list (tldts, ICANN section): a domain under a real TLD that is not a known
 *   provider only gets a popular domain when the edit is small for the length of the name, and never
 *   when only one real country TLD is swapped for another (`live.ee` is not `live.se`);
 * - email-providers' `all.json`: it lists typo-squats too (`gmial.com`), so a domain on it is only
 *   corrected for the clearest slips (one swapped pair or one dropped letter) of a big provider.
 * Results are memoised per domain: millions of rows share a few thousand domains.
 */
import { parse } from 'tldts';
import type { Finding } from '../model/findings.js';
import { isSingleTransposition, typoDistance } from './distance.js';
import { KNOWN_MAIL_DOMAINS, POPULAR_DOMAINS, TRUSTED_DOMAINS } from './providers.js';

/** Options of {@link checkTypo}. */
export interface TypoOptions {
  /** extra domains that are never "corrected" (config allowlist, ASCII/punycode form) */
  allowDomains?: ReadonlySet<string>;
  /** maximum edit distance (a neighbouring-key slip counts 0.5, a swapped pair 1); default 2 */
  maxDistance?: number;
}

const DEFAULT_MAX_DISTANCE = 2;
const MEMO_LIMIT = 50_000;

/** A popular domain split once at load: `poczta.onet.pl` → stem `poczta.onet.`, suffix `pl`. */
interface Candidate {
  domain: string;
  stem: string;
  suffix: string;
  /** length of the name in front of the public suffix; short names tolerate fewer edits */
  nameLength: number;
}

const CANDIDATES: readonly Candidate[] = POPULAR_DOMAINS.map((domain) => {
  const p = parse(domain, { allowPrivateDomains: false });
  const suffix = p.publicSuffix ?? '';
  const stem = domain.slice(0, domain.length - suffix.length);
  return { domain, stem, suffix, nameLength: stem.length - 1 };
});

/** Big providers whose typo-squats sit in email-providers' list (`gmial.com`, `yaho.com`). */
const TOP_TIER: ReadonlySet<string> = new Set([
  'gmail.com', 'hotmail.com', 'yahoo.com', 'outlook.com', 'icloud.com', 'googlemail.com',
  'ukr.net', 'libero.it', 'protonmail.com', 'yandex.ru', 'rambler.ru', 'hotmail.it', 'hotmail.fr',
]);

/** Names that hand out mail under one domain only, so `gmail.ru`, `gmail.com.ua` mean gmail.com. */
const BRAND_HOME: ReadonlyMap<string, string> = new Map([
  ['gmail', 'gmail.com'], ['googlemail', 'googlemail.com'], ['icloud', 'icloud.com'],
  ['ukr', 'ukr.net'], ['bigmir', 'bigmir.net'],
]);

/** Real ccTLDs one slip away from `com`/`net` (Colombia, Cameroon, Oman, Niger, Ethiopia). */
const SLIP_OF: ReadonlyMap<string, string> = new Map([
  ['co', 'com'], ['cm', 'com'], ['om', 'com'], ['ne', 'net'], ['et', 'net'],
]);

/** TLDs a misspelt one is corrected to, most used by Kwiga's contacts first (ties go first). */
const COMMON_TLDS: readonly string[] = [
  'com', 'net', 'org', 'ua', 'ru', 'de', 'it', 'pl', 'es', 'fr', 'uk', 'eu', 'info', 'biz', 'at',
  'ch', 'nl', 'be', 'cz', 'sk', 'ro', 'hu', 'pt', 'gr', 'se', 'no', 'dk', 'fi', 'lt', 'lv', 'ee',
  'by', 'kz', 'md', 'ge', 'us', 'ca', 'io', 'edu', 'gov', 'me', 'online',
];

/** Largest edit we accept towards a popular domain whose name has `len` characters. */
function nameLimit(len: number): number {
  if (len <= 3) return 1; // and only a swapped pair, see below
  if (len === 4) return 1;
  if (len === 5) return 1.5;
  return 2;
}

/** Best popular domain for `d` within the limits, or undefined. `listed`: d is in all.json. */
function closestPopular(d: string, suffix: string, suffixKnown: boolean, listed: boolean, max: number): string | undefined {
  let best: string | undefined;
  let bestCost = Infinity;
  for (const c of CANDIDATES) {
    const limit = Math.min(max, nameLimit(c.nameLength));
    if (Math.abs(d.length - c.domain.length) > limit) continue;
    const cost = typoDistance(d, c.domain, limit);
    if (cost >= bestCost || cost === 0) continue;
    // Short names (wp, o2, gmx, ukr) are a keystroke from many real domains: only a swapped pair,
    // and for one- or two-letter names only a slip in the TLD, are taken as typos.
    if (c.nameLength <= 3 && !isSingleTransposition(d, c.domain)) continue;
    if (c.nameLength <= 2 && !d.startsWith(c.stem)) continue;
    if (suffixKnown && suffix !== c.suffix && d.startsWith(c.stem) && d.length === c.stem.length + suffix.length) {
      // Only the TLD differs and both are real: a country swap, unless it is a known slip (gmail.co).
      if (SLIP_OF.get(suffix) !== c.suffix) continue;
    }
    if (listed && !(TOP_TIER.has(c.domain) && isStrongSlip(d, c.domain))) continue;
    best = c.domain;
    bestCost = cost;
  }
  return best;
}

/** One swapped pair or one dropped letter: the slips clear enough to override the provider list. */
function isStrongSlip(d: string, target: string): boolean {
  if (isSingleTransposition(d, target)) return true;
  if (target.length !== d.length + 1) return false;
  let i = 0;
  while (i < d.length && d.charCodeAt(i) === target.charCodeAt(i)) i++;
  return d.slice(i) === target.slice(i + 1);
}

/** A repaired TLD and what the repair cost; `prefix` when letters were only added (`c` → `com`). */
interface TldRepair {
  tld: string;
  cost: number;
  prefix: boolean;
}

/** Closest common TLD to an unknown one (`con` → `com`, `nett` → `net`, `c` → `com`), or undefined. */
function repairTld(tld: string, max: number): TldRepair | undefined {
  // A cut-off TLD (`c`, `u`) becomes the most used TLD it starts; a misspelt one the closest.
  for (const t of COMMON_TLDS) {
    if (t.startsWith(tld)) return t.length - tld.length <= max ? { tld: t, cost: t.length - tld.length, prefix: true } : undefined;
  }
  const limit = Math.min(max, tld.length <= 2 ? 1 : 1.5);
  let best: TldRepair | undefined;
  for (const t of COMMON_TLDS) {
    const cost = typoDistance(tld, t, limit);
    if (cost <= limit && (best === undefined || cost < best.cost)) best = { tld: t, cost, prefix: false };
  }
  return best;
}

/** Memo values: `''` nothing, `=dom` suggest dom, `!tld` unknown TLD. */
type TypoMemo = string;

function decide(d: string, max: number): TypoMemo {
  if (TRUSTED_DOMAINS.has(d)) return '';
  if (d.length === 0 || d.startsWith('.') || d.endsWith('.') || d.includes('..') || !d.includes('.')) return '';
  const p = parse(d, { allowPrivateDomains: false });
  const suffix = p.publicSuffix ?? '';
  const suffixKnown = p.isIcann === true;
  const name = p.domainWithoutSuffix ?? '';
  const home = BRAND_HOME.get(name);
  if (suffixKnown) {
    if (home !== undefined && !p.subdomain && home !== d) return `=${home}`;
    const listed = KNOWN_MAIL_DOMAINS.has(d);
    const popular = closestPopular(d, suffix, true, listed, max);
    return popular === undefined ? '' : `=${popular}`;
  }
  // Unknown TLD (not in the public suffix list): repair the last label, prefer a popular result.
  const dot = d.lastIndexOf('.');
  const tld = d.slice(dot + 1);
  const repair = repairTld(tld, max);
  const repaired = repair === undefined ? undefined : d.slice(0, dot + 1) + repair.tld;
  if (repaired !== undefined && TRUSTED_DOMAINS.has(repaired)) return `=${repaired}`;
  // A listed provider under a TLD that no longer exists (webmail.co.yu): dead, not misspelt.
  if (KNOWN_MAIL_DOMAINS.has(d)) return `!${tld}`;
  const direct = closestPopular(d, suffix, false, false, max);
  if (direct !== undefined) return `=${direct}`;
  if (repair !== undefined && repaired !== undefined) {
    const again = parse(repaired, { allowPrivateDomains: false });
    const popular = closestPopular(repaired, again.publicSuffix ?? '', true, false, max - repair.cost);
    if (popular !== undefined) return `=${popular}`;
    // Only added letters (`firma.c`) is too weak a guess on its own: say the TLD is unknown.
    if (!repair.prefix) return `=${repaired}`;
  }
  return `!${tld}`;
}

const memos = new Map<number, Map<string, TypoMemo>>();

function memoFor(asciiDomain: string, max: number): TypoMemo {
  let memo = memos.get(max);
  if (memo === undefined) {
    memo = new Map();
    memos.set(max, memo);
  }
  let v = memo.get(asciiDomain);
  if (v === undefined) {
    v = decide(asciiDomain, max);
    if (memo.size >= MEMO_LIMIT) memo.clear(); // bounded: a pathological list cannot grow it forever
    memo.set(asciiDomain, v);
  }
  return v;
}

/**
 * Typo check for one syntactically valid address. `domain` is the Unicode lowercase domain (shown
 * to the user), `asciiDomain` its punycode form (what is compared).
 */
export function checkTypo(local: string, domain: string, asciiDomain: string, options?: TypoOptions): Finding | undefined {
  if (TRUSTED_DOMAINS.has(asciiDomain)) return undefined; // O(1) path for the common case
  if (options?.allowDomains?.has(asciiDomain) || options?.allowDomains?.has(domain)) return undefined;
  const v = memoFor(asciiDomain, options?.maxDistance ?? DEFAULT_MAX_DISTANCE);
  if (v === '') return undefined;
  if (v.charCodeAt(0) === 33 /* ! */) {
    // Named as people write it (`.нет`, not `.xn--e1apq`): the last label of the Unicode domain.
    return { code: 'domain_not_found', why: 'domain.unknown_tld', args: { domain, tld: domain.slice(domain.lastIndexOf('.') + 1) } };
  }
  const suggestedDomain = v.slice(1);
  return {
    code: 'possible_typo',
    why: 'typo.domain',
    args: { domain, suggestedDomain },
    suggestion: `${local}@${suggestedDomain}`,
  };
}
