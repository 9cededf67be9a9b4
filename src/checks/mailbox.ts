/**
 * What a row's local part says, as findings (issue 17 §1, §2, §4): provider mailbox rules
 * (mailbox-rules.ts), the Latin reading of a Cyrillic name at a Latin-only provider
 * (latin-reading.ts: layout flip vs KMU 2010 transliteration vs look-alike), and the NFKC fold of
 * fullwidth and other compatibility forms (lookalike-domain.ts).
 *
 * The fact and the fix are separate findings: `mailbox_not_allowed` says the mailbox cannot exist
 * (rejected), a reading (`cyrillic_mailbox`, `wrong_keyboard_layout`, `confusable_characters`)
 * carries the likely address. `classify` lets a known fix explain the fact, as a typo fix explains
 * `domain_not_found`; when the fix fails its own checks, the fact stands and the row is rejected.
 *
 * How sure each verdict is: a non-ASCII name at a big provider is certain to bounce (none hands out
 * internationalized mailbox names), and so is an ASCII character outside a *documented* set (`_` at
 * Gmail). A documented sign-up rule (Gmail's 6–30 characters) only makes the name unlikely: older
 * accounts break it. Rules we only guessed (ukr.net, i.ua, …: nothing in writing) never flag a
 * Latin name, since a good student sent to review for nothing is noise.
 */
import { checkConfusables } from './confusables.js';
import { latinReading, type LatinReading } from './latin-reading.js';
import { foldCompatibility } from './lookalike-domain.js';
import { checkMailboxRules, mailboxRuleFor, passesStrictRules, type MailboxVerdict } from './mailbox-rules.js';
import { checkSyntax } from '../address/syntax.js';
import type { Finding } from '../model/findings.js';
import { isAsciiText } from '../model/strings.js';

/** What the local part of one address gave. */
export interface MailboxCheck {
  /** Findings, fact first, then the fix. */
  findings: Finding[];
  /** The NFKC form of the local part when it differs (`ｕｓｅｒ` → `user`): the duplicate key. */
  folded?: string;
}

const NONE: MailboxCheck = Object.freeze({ findings: [] }) as MailboxCheck;

/**
 * Checks `local` at `domain` (Unicode, for messages) / `asciiDomain` (lowercase ASCII). `rules` is
 * the domain's kind of provider rules (DomainFacts.mailboxRules) and `ascii` whether the local part
 * is ASCII, so the common rows return at once: an ASCII name at a company domain, or at a provider
 * whose only certain rule is "no non-ASCII name".
 */
export function checkMailbox(
  local: string,
  domain: string,
  asciiDomain: string,
  rules: 'documented' | 'latin_only' | undefined,
  ascii = isAsciiText(local),
): MailboxCheck {
  if (ascii && rules !== 'documented') return NONE;
  const folded = ascii ? undefined : foldCompatibility(local);
  const out: MailboxCheck = { findings: [] };
  if (folded !== undefined) out.folded = folded;
  if (!rules) {
    // Fullwidth or ligature letters are never a real mailbox name anywhere: offer the plain form.
    if (folded !== undefined && checkSyntax(`${folded}@${asciiDomain}`).ok) out.findings.push(compatibility(local, folded, domain));
    return out;
  }
  const verdict = checkMailboxRules(local, asciiDomain);
  if (verdict.ok) return folded === undefined ? NONE : out;
  const fact = ruleFinding(verdict, local, domain, asciiDomain);
  if (fact) out.findings.push(fact);
  if (verdict.rule === 'latin_only') {
    const fix = latinFix(local, folded, domain, asciiDomain);
    if (fix) out.findings.push(fix);
  }
  return out;
}

/** The finding for a broken rule, or undefined when the rule is only our guess. */
function ruleFinding(verdict: Exclude<MailboxVerdict, { ok: true }>, local: string, domain: string, asciiDomain: string): Finding | undefined {
  const char = verdict.char ?? '';
  switch (verdict.rule) {
    case 'latin_only':
      return { code: 'mailbox_not_allowed', why: 'mailbox.latin_only', args: { local, domain, char } };
    case 'bad_character':
      if (verdict.strict) return { code: 'mailbox_not_allowed', why: 'mailbox.bad_character', args: { domain, char } };
      return undefined; // an undocumented set: our guess, never a finding
    default: {
      // Sign-up rules: only the provider's own documentation makes a name unlikely.
      if (mailboxRuleFor(asciiDomain)?.documented !== true) return undefined;
      const limit = verdict.limit ?? 0;
      if (verdict.rule === 'too_short') return { code: 'mailbox_unlikely', why: 'mailbox.too_short', args: { domain, limit } };
      if (verdict.rule === 'too_long') return { code: 'mailbox_unlikely', why: 'mailbox.too_long', args: { domain, limit } };
      return { code: 'mailbox_unlikely', why: 'mailbox.edge_character', args: { domain, char } };
    }
  }
}

/** The likely Latin mailbox of a non-ASCII name: its plain (NFKC) form, else its Latin reading, else a look-alike. */
function latinFix(local: string, folded: string | undefined, domain: string, asciiDomain: string): Finding | undefined {
  const name = folded ?? local;
  if (folded !== undefined && isAsciiText(folded)) {
    return passesStrictRules(folded, asciiDomain) && checkSyntax(`${folded}@${asciiDomain}`).ok
      ? compatibility(local, folded, domain)
      : undefined;
  }
  const reading = latinReading(name, asciiDomain);
  if (reading) return readingFinding(local, reading, domain);
  // No Cyrillic reading: a Greek or other look-alike inside a Latin word (`irυna`), as confusables.ts reads it.
  return checkConfusables(name, domain);
}

function readingFinding(local: string, reading: LatinReading, domain: string): Finding {
  const suggestion = `${reading.local}@${domain}`;
  switch (reading.via) {
    case 'layout':
      return { code: 'wrong_keyboard_layout', why: 'layout.cyrillic', args: { suggestion }, suggestion };
    case 'lookalike':
      return {
        code: 'confusable_characters',
        why: 'confusable.local_mixed_script',
        args: { local, script: 'Cyrillic', suggestedLocal: reading.local },
        suggestion,
      };
    default:
      return { code: 'cyrillic_mailbox', why: 'mailbox.cyrillic_name', args: { local, domain, suggestedLocal: reading.local }, suggestion };
  }
}

function compatibility(local: string, folded: string, domain: string): Finding {
  return { code: 'confusable_characters', why: 'confusable.compatibility', args: { local, suggestedLocal: folded }, suggestion: `${folded}@${domain}` };
}
