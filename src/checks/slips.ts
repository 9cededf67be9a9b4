/**
 * Punctuation slips with one obvious fix (issue 17 §3): `u@gmail.com.com`, `u@gmail,com`,
 * `u@gmailcom`, `u @gmail.com`, `u@gmail.com.`, `<u@gmail.com`, a zero-width space inside, and the
 * `Name (addr@x)` comment form Outlook writes.
 *
 * Which fixes are silent (the row goes to clean.csv with the fixed address, as `u@gmail.com;`
 * already does) and which go to review with the fix — the rule of thumb, also in docs/slips.md:
 * SILENT only when the fix removes characters that can never be part of an address (white space,
 * invisible format characters, `< > ( ) [ ] "` and typographic quotes at the edges, a trailing
 * `.` `,` `;` `/` after the domain, a comment, a doubled `@`) and leaves exactly one valid address.
 * REVIEW when the fix changes or adds characters (`,` → `.`, a missing dot or TLD) or removes
 * characters that could belong to a real address (`'` at an edge, a repeated `.com`: `com.com` is
 * a real domain).
 *
 * The rules are data (RULES below): each names its slip, whether it is silent, and a pure fix.
 * They are applied one after another until the address passes `checkSyntax`; nothing is returned
 * unless exactly one address results.
 */
import { parse } from 'tldts';
import { POPULAR_DOMAINS, TRUSTED_DOMAINS } from './providers.js';
import { checkSyntax } from '../address/syntax.js';
import type { Finding } from '../model/findings.js';

/** The kinds of slip. */
export type SlipKind =
  /** `gmail.com.com`, `ukr.net.net`, `gmail.com.net`: a TLD typed twice */
  | 'double_tld'
  /** `gmail,com`: a comma for a dot in the domain */
  | 'comma_for_dot'
  /** `gmailcom`, `ukrnet`: a popular domain with its dot left out */
  | 'missing_dot'
  /** `gmail`, `ukr`: a brand with one mail domain, its TLD left out */
  | 'missing_tld'
  /** white space around the `@` or inside the domain */
  | 'space'
  /** `.` `,` `;` `:` `/` `\` `!` `?` after the domain */
  | 'trailing_punct'
  /** `< > ( ) [ ] "` quotes or brackets at the edges */
  | 'edge_brackets'
  /** `'` or a backtick at the edges: could be part of a local part, so not silent */
  | 'edge_quote'
  /** a zero-width or other invisible format character inside */
  | 'zero_width'
  /** `@@` */
  | 'double_at'
  /** `Name (addr@x)` or `addr@x (Name)` (RFC 5322 comment) */
  | 'comment_form';

/** One fix. */
export interface Slip {
  /** The fixed address (still to be normalized by the syntax check). */
  fixed: string;
  /** The first (main) slip found. */
  slip: SlipKind;
  /** Every slip fixed, in the order applied. */
  slips: SlipKind[];
  /** Whether the fix may be applied without a person: true only when every slip fixed is silent. */
  silent: boolean;
}

/** One data-driven rule. */
interface SlipRule {
  slip: SlipKind;
  silent: boolean;
  /** The text with this slip fixed, or undefined when the rule does not apply. */
  fix(s: string): string | undefined;
}

/** Invisible format characters: zero-width space/joiners, word joiner, BOM, soft hyphen, bidi marks and isolates. */
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;
const SPACE = /[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]/u;
const SPACES = /[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+/gu;
/** Never part of an unquoted address (RFC 5322 specials outside a quoted string). */
const EDGE_SILENT = '<>()[]"«»“”„‹›';
const EDGE_REVIEW = "'`‘’";
const TRAILING = '.,;:/\\!?';
/** TLDs that a second, different TLD after a popular domain is taken as a slip for (`gmail.com.net`). */
const EXTRA_TLDS = new Set(['com', 'net', 'org']);

/** Popular domains with their dots removed (`gmailcom` → gmail.com); ambiguous keys dropped. */
const WITHOUT_DOTS = new Map<string, string | null>();
for (const d of POPULAR_DOMAINS) {
  const key = d.replaceAll('.', '');
  WITHOUT_DOTS.set(key, WITHOUT_DOTS.has(key) ? null : d);
}

/** Brands with one mail domain: the TLD may be added (typo.ts's BRAND_HOME plus a few). */
const BRAND_HOME: ReadonlyMap<string, string> = new Map([
  ['gmail', 'gmail.com'], ['googlemail', 'googlemail.com'], ['icloud', 'icloud.com'], ['ukr', 'ukr.net'],
  ['bigmir', 'bigmir.net'], ['protonmail', 'protonmail.com'],
]);

function atIndex(s: string): number {
  const at = s.indexOf('@');
  return at > 0 && s.indexOf('@', at + 1) < 0 ? at : -1;
}

function splitAt(s: string, f: (local: string, domain: string) => string | undefined): string | undefined {
  const at = atIndex(s);
  return at < 0 ? undefined : f(s.slice(0, at), s.slice(at + 1));
}

function stripEdges(s: string, chars: string): string | undefined {
  let a = 0;
  let b = s.length;
  while (a < b && chars.includes(s.charAt(a))) a++;
  while (b > a && chars.includes(s.charAt(b - 1))) b--;
  return a === 0 && b === s.length ? undefined : s.slice(a, b).trim();
}

const COMMENT_AFTER = /^\s*([^\s()]+@[^\s()]+)\s*\([^()@]*\)\s*$/u;
const COMMENT_AROUND = /^[^()@]*[^\s()@][^()@]*\(\s*([^\s()]+@[^\s()]+)\s*\)\s*$/u;

const RULES: readonly SlipRule[] = [
  { slip: 'comment_form', silent: true, fix: (s) => (COMMENT_AROUND.exec(s) ?? COMMENT_AFTER.exec(s))?.[1] },
  { slip: 'zero_width', silent: true, fix: (s) => (INVISIBLE.test(s) ? s.replace(INVISIBLE, '') : undefined) },
  { slip: 'edge_brackets', silent: true, fix: (s) => stripEdges(s, EDGE_SILENT) },
  { slip: 'edge_quote', silent: false, fix: (s) => stripEdges(s, EDGE_REVIEW) },
  {
    slip: 'trailing_punct',
    silent: true,
    fix: (s) => (atIndex(s) > 0 && TRAILING.includes(s.charAt(s.length - 1)) ? s.replace(/[.,;:/\\!?]+$/u, '') : undefined),
  },
  { slip: 'double_at', silent: true, fix: (s) => (/^[^@]+@@[^@]+$/u.test(s) ? s.replace('@@', '@') : undefined) },
  { slip: 'space', silent: true, fix: (s) => splitAt(s, fixSpaces) },
  {
    slip: 'comma_for_dot',
    silent: false,
    fix: (s) => splitAt(s, (l, d) => (/^[^,\s]+(,[^,\s]+)+$/u.test(d) ? `${l}@${d.replaceAll(',', '.')}` : undefined)),
  },
  {
    slip: 'missing_dot',
    silent: false,
    fix: (s) => splitAt(s, (l, d) => {
      const home = d.includes('.') ? undefined : WITHOUT_DOTS.get(d.toLowerCase());
      return home ? `${l}@${home}` : undefined;
    }),
  },
  {
    slip: 'missing_tld',
    silent: false,
    fix: (s) => splitAt(s, (l, d) => {
      const home = d.includes('.') ? undefined : BRAND_HOME.get(d.toLowerCase());
      return home ? `${l}@${home}` : undefined;
    }),
  },
];

/** Removes white space around the `@` and next to dots in the domain; elsewhere in the domain only when a trusted domain results. */
function fixSpaces(local: string, domain: string): string | undefined {
  if (!SPACE.test(local + domain)) return undefined;
  const l = local.trimEnd();
  if (SPACE.test(l)) return undefined; // a space inside the name: which separator was meant is unknown
  let d = domain.trimStart().replace(/\s*\.\s*/gu, '.');
  if (SPACE.test(d)) {
    const joined = d.replace(SPACES, '');
    if (!TRUSTED_DOMAINS.has(joined.toLowerCase())) return undefined;
    d = joined;
  }
  return `${l}@${d}`;
}

/** `gmail.com.com` → `gmail.com`: the last label repeated, or a popular domain followed by `.com`/`.net`/`.org`. */
function fixDoubleTld(address: string): string | undefined {
  const at = atIndex(address);
  if (at < 0) return undefined;
  const domain = address.slice(at + 1).toLowerCase();
  const dot = domain.lastIndexOf('.');
  const prev = domain.lastIndexOf('.', dot - 1);
  if (prev < 0 || TRUSTED_DOMAINS.has(domain)) return undefined;
  const last = domain.slice(dot + 1);
  const head = domain.slice(0, dot);
  const repeated = domain.slice(prev + 1, dot) === last;
  if (!repeated && !(EXTRA_TLDS.has(last) && TRUSTED_DOMAINS.has(head))) return undefined;
  const p = parse(head, { allowPrivateDomains: false });
  if (p.isIcann !== true || !p.domainWithoutSuffix) return undefined; // `com.com` → `com` is no domain
  return `${address.slice(0, at)}@${head}`;
}

const DOUBLE_TLD: SlipRule = { slip: 'double_tld', silent: false, fix: fixDoubleTld };
const MAX_STEPS = 4;

/**
 * The one obvious fix of a slip in an address cell (or a single extracted candidate), or undefined.
 * Cells with several addresses are left alone (two `@` that are not a doubled `@@`).
 */
export function findSlip(cell: string): Slip | undefined {
  let s = cell.trim();
  if (/^mailto:/iu.test(s)) s = s.slice(7); // SPEC normalization, not a slip
  const slips: SlipKind[] = [];
  let silent = true;
  for (let step = 0; step < MAX_STEPS && !checkSyntax(s).ok; step++) {
    const rule = RULES.find((r) => {
      const fixed = r.fix(s);
      return fixed !== undefined && fixed !== s && fixed !== '';
    });
    if (rule === undefined) return undefined;
    s = rule.fix(s) as string;
    if (!slips.includes(rule.slip)) slips.push(rule.slip);
    silent &&= rule.silent;
  }
  if (!checkSyntax(s).ok) return undefined;
  const undoubled = DOUBLE_TLD.fix(s);
  if (undoubled !== undefined && checkSyntax(undoubled).ok) {
    s = undoubled;
    slips.push('double_tld');
    silent = false;
  }
  if (slips.length === 0) return undefined;
  return { fixed: s, slip: slips[0]!, slips, silent };
}

/**
 * The `punctuation_slip` finding of a slip that needs a person, or undefined for a silent one.
 * `original` is the address as written, `fixed` the normalized fix. The message names the first
 * slip that is not silent (`<olena@gmail.com.com>` is about the repeated ending, not the brackets).
 */
export function slipFinding(slip: Slip, original: string, fixed: string): Finding | undefined {
  if (slip.silent) return undefined;
  const kind = slip.slips.find((k) => !SILENT.has(k)) ?? slip.slip;
  if (kind === 'double_tld') {
    const domain = original.slice(original.lastIndexOf('@') + 1).toLowerCase();
    return { code: 'punctuation_slip', why: 'slip.double_tld', args: { domain, suggestedDomain: fixed.slice(fixed.lastIndexOf('@') + 1) }, suggestion: fixed };
  }
  const why = kind === 'comma_for_dot' || kind === 'missing_dot' || kind === 'missing_tld' ? (`slip.${kind}` as const) : 'slip.edge_quote';
  return { code: 'punctuation_slip', why, args: { suggestion: fixed }, suggestion: fixed };
}

/** The slips fixed without a person. */
const SILENT: ReadonlySet<SlipKind> = new Set([...RULES.filter((r) => r.silent).map((r) => r.slip)]);
