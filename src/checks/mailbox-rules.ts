/**
 * Provider mailbox rules: decides offline that a local part cannot exist at a provider whose
 * mailbox names are Latin-only (`тарас@gmail.com`, `ПЕТРО@ukr.net`), using the table in
 * `data/mailbox-rules.ts`. Unknown domains, company domains and IDN mail services
 * (`олег@пошта.укр`) are never judged: their mailboxes may be anything RFC 6531 allows.
 *
 * Every verdict says how sure it is (`strict`): a Cyrillic letter at Gmail is certain to bounce, a
 * four-letter Gmail name only breaks today's sign-up rule (older accounts exist). A false reject
 * throws a good student away, so only strict findings may reject; the rest is for review.
 * Per-domain lookups are one Map get; the character test is a precomputed byte table.
 */
import { MAILBOX_RULES, type MailboxRule } from './data/mailbox-rules.js';

/** Names of the rules a local part can break. */
export type MailboxRuleName =
  /** a non-ASCII character (Cyrillic, accented, fullwidth …) at a Latin-only provider */
  | 'latin_only'
  /** an ASCII character outside the provider's set (`_` at Gmail) */
  | 'bad_character'
  /** a dot at the start or end (also caught by syntax; kept for a suggestion's own check) */
  | 'edge_dot'
  /** an `_` or `-` at the start or end where the provider wants a letter or digit */
  | 'edge_character'
  /** shorter than the provider's sign-up minimum */
  | 'too_short'
  /** longer than the provider's sign-up maximum */
  | 'too_long';

/** The verdict on one local part. */
export type MailboxVerdict =
  | {
      /** The local part may exist at this domain (or the domain is not judged). */
      ok: true;
    }
  | {
      /** The local part breaks the provider's rule. */
      ok: false;
      /** Which rule. */
      rule: MailboxRuleName;
      /** Provider id from the table (`gmail`, `ukr.net`, …). */
      provider: string;
      /** The offending character, for `latin_only`, `bad_character` and the edge rules. */
      char?: string;
      /** The limit broken, for `too_short` / `too_long`. */
      limit?: number;
      /** Where the rule comes from (data/mailbox-rules.ts). */
      source: string;
      /**
       * True when no mailbox at this provider can break the rule (so the address bounces):
       * `latin_only` always, `bad_character` where the set is documented. False for sign-up rules
       * that older accounts may break, and for our conservative defaults.
       */
      strict: boolean;
    };

/** A table entry with its character set precomputed: 1 = letter/digit, 2 = allowed punctuation. */
interface Compiled {
  rule: MailboxRule;
  chars: Uint8Array;
}

const BY_DOMAIN = new Map<string, Compiled>();
for (const rule of MAILBOX_RULES) {
  const chars = new Uint8Array(128);
  for (let c = 48; c <= 57; c++) chars[c] = 1;
  for (let c = 97; c <= 122; c++) chars[c] = chars[c - 32] = 1;
  for (const p of rule.punctuation.replaceAll(' ', '')) chars[p.charCodeAt(0)] = 2;
  const compiled = { rule, chars };
  for (const d of rule.domains) {
    if (BY_DOMAIN.has(d)) throw new Error(`mailbox-rules: ${d} listed twice`);
    BY_DOMAIN.set(d, compiled);
  }
}

/** The rule for a domain (ASCII, lowercase), or undefined when the domain is not judged. */
export function mailboxRuleFor(asciiDomain: string): MailboxRule | undefined {
  return BY_DOMAIN.get(asciiDomain)?.rule;
}

const OK: MailboxVerdict = Object.freeze({ ok: true });

/**
 * Whether `local` can be a mailbox at `asciiDomain` (lowercase ASCII/punycode form). Only the part
 * before the first `+` is judged (sub-addressing tags are free-form, RFC 5233).
 */
export function checkMailboxRules(local: string, asciiDomain: string): MailboxVerdict {
  const compiled = BY_DOMAIN.get(asciiDomain);
  if (compiled === undefined) return OK;
  const { rule, chars } = compiled;
  const plus = local.indexOf('+');
  const end = plus > 0 ? plus : local.length;
  // One pass with charCodeAt, no slicing: this runs for every row at a big provider.
  let bad = -1;
  let dots = 0;
  for (let i = 0; i < end; i++) {
    const c = local.charCodeAt(i);
    if (c >= 128) return fail(rule, 'latin_only', true, String.fromCodePoint(local.codePointAt(i) ?? c));
    const k = chars[c];
    if (k === 0 && bad < 0) bad = i;
    else if (c === 46) dots++;
  }
  if (bad >= 0) return fail(rule, 'bad_character', rule.documented, local.charAt(bad));
  const first = local.charCodeAt(0);
  const last = local.charCodeAt(end - 1);
  if (first === 46 || last === 46) return fail(rule, 'edge_dot', true, '.');
  if (rule.alnumEdges && (chars[first] !== 1 || chars[last] !== 1)) {
    return fail(rule, 'edge_character', false, chars[first] !== 1 ? local.charAt(0) : local.charAt(end - 1));
  }
  const length = rule.lengthIgnoresDots ? end - dots : end;
  if (rule.minLength !== undefined && length < rule.minLength) return fail(rule, 'too_short', false, undefined, rule.minLength);
  if (rule.maxLength !== undefined && length > rule.maxLength) return fail(rule, 'too_long', false, undefined, rule.maxLength);
  return OK;
}

function fail(rule: MailboxRule, name: MailboxRuleName, strict: boolean, char?: string, limit?: number): MailboxVerdict {
  const v: MailboxVerdict = { ok: false, rule: name, provider: rule.provider, source: rule.source, strict };
  if (char !== undefined) v.char = char;
  if (limit !== undefined) v.limit = limit;
  return v;
}

/** Whether a would-be suggestion passes every certain rule of the domain (advisory rules aside). */
export function passesStrictRules(local: string, asciiDomain: string): boolean {
  const v = checkMailboxRules(local, asciiDomain);
  return v.ok || !v.strict;
}
