// Two verdicts for one email cell, for scripts/ukrainian-eval.mjs and test/ukrainian-corpus.test.ts:
// - before(): today's pipeline (checkAddress + classify, DEFAULT_POLICY);
// - modules(): a reference composition of issue 17's new modules in front of today's pipeline, the
//   order phase 2 is meant to wire them in: slips → syntax → reserved → look-alike domain →
//   compatibility fold → provider mailbox rules (+ Latin reading) → today's checks. The new reason
//   codes it uses are proposals (see test/corpora/ukrainian/addresses.json "reasons").
// Reads the built modules in dist/ (run `npm run build` first).
import { checkAddress } from '../dist/pipeline/check-address.js';
import { classify } from '../dist/pipeline/classify.js';
import { DEFAULT_POLICY } from '../dist/model/policy.js';
import { extractAddress } from '../dist/address/extract.js';
import { checkSyntax } from '../dist/address/syntax.js';
import { findSlip } from '../dist/checks/slips.js';
import { checkReserved } from '../dist/checks/reserved.js';
import { checkLookalikeDomain, foldCompatibility } from '../dist/checks/lookalike-domain.js';
import { checkMailboxRules, mailboxRuleFor } from '../dist/checks/mailbox-rules.js';
import { latinReading } from '../dist/checks/latin-reading.js';

/** Today's verdict: bucket, reason, suggestion, and the address clean.csv would hold. */
export function before(cell) {
  const c = checkAddress(cell);
  const v = classify(c.findings, DEFAULT_POLICY);
  return { bucket: v.bucket, reason: v.primary?.code, suggestion: v.suggestion, address: c.facts.normalized };
}

const READING_REASON = { layout: 'wrong_keyboard_layout', translit: 'cyrillic_mailbox', mixed: 'cyrillic_mailbox', lookalike: 'confusable_characters' };

/** The verdict with the new modules in front. */
export function modules(cell) {
  const slip = findSlip(cell);
  let address = slip?.fixed;
  if (address === undefined) {
    const x = extractAddress(cell);
    if (x.kind !== 'single') return before(cell);
    address = x.address;
  }
  // Reserved names first: syntax.ts refuses some reserved TLDs as bad syntax.
  const rawDomain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  if (address.includes('@') && checkReserved(rawDomain)) return { bucket: 'rejected', reason: 'reserved_domain' };
  const syntax = checkSyntax(address);
  if (!syntax.ok) return before(cell);
  const { local, domain, asciiDomain, normalized } = syntax;
  const review = (reason, suggestion) => ({ bucket: 'review', reason, suggestion });
  if (checkReserved(asciiDomain)) return { bucket: 'rejected', reason: 'reserved_domain' };
  const look = checkLookalikeDomain(domain);
  if (look) return review('confusable_characters', `${local}@${look.target}`);
  const folded = foldCompatibility(local);
  if (folded !== undefined && checkSyntax(`${folded}@${domain}`).ok) return review('confusable_characters', `${folded}@${domain}`);
  const rule = checkMailboxRules(local, asciiDomain);
  if (!rule.ok) {
    if (rule.rule === 'latin_only') {
      const reading = latinReading(local, asciiDomain);
      if (reading) return review(READING_REASON[reading.via], `${reading.local}@${domain}`);
      return { bucket: 'rejected', reason: 'mailbox_not_allowed' };
    }
    return rule.strict ? { bucket: 'rejected', reason: 'mailbox_not_allowed' } : review('mailbox_unlikely');
  }
  const today = before(normalized);
  // At a Latin-only provider the mailbox rule and the Latin reading replace today's blind flip of a
  // Cyrillic local part (here only a +tag can still hold Cyrillic, and the tag is free-form).
  if (rule.ok && today.reason === 'wrong_keyboard_layout' && mailboxRuleFor(asciiDomain)) {
    return { bucket: 'clean', address: normalized };
  }
  if (slip && !slip.silent && today.bucket === 'clean') return review('punctuation_slip', normalized);
  return today;
}
