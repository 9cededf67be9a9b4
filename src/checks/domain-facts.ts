/**
 * The `checks/` folder: what lists and knowledge say about an address — typo domains, keyboard
 * layout, look-alike characters, disposable services, role names, mail providers — each in its own
 * file, each returning findings as data. This file decides them once per domain for a run.
 */
import { checkConfusables } from './confusables.js';
import { checkDisposable } from './disposable.js';
import { checkLookalikeDomain } from './lookalike-domain.js';
import { mailboxRuleFor } from './mailbox-rules.js';
import { isFreeProvider } from './providers.js';
import { checkReserved } from './reserved.js';
import { findSlip } from './slips.js';
import { checkTypo } from './typo.js';
import type { Finding } from '../model/findings.js';
import type { DomainFacts } from '../model/row.js';
import { detach } from '../model/strings.js';

/** The settings the domain-level checks depend on. */
export interface DomainCheckOptions {
  /** Domains (ASCII) never corrected, flagged disposable or look-alike. */
  allowDomains?: ReadonlySet<string>;
  /** Domains (ASCII) whose rows are rejected as suppressed. */
  denyDomains?: ReadonlySet<string>;
  /** Disposable-list exceptions (ASCII). */
  disposableAllow?: ReadonlySet<string>;
  /** Maximum edit distance for typo suggestions. */
  typoMaxDistance?: number;
}

const LIMIT = 100_000;

/** Per-domain memo for one set of options (one run). */
export class DomainFactsCache {
  private readonly memo = new Map<string, DomainFacts>();

  constructor(private readonly options: DomainCheckOptions = {}) {}

  /** The facts of `asciiDomain` (`domain` is its Unicode form, used in messages). */
  get(domain: string, asciiDomain: string): DomainFacts {
    let facts = this.memo.get(asciiDomain);
    if (facts === undefined) {
      if (this.memo.size >= LIMIT) this.memo.clear(); // bounded, whatever the list
      facts = decide(domain, asciiDomain, this.options);
      this.memo.set(detach(asciiDomain), facts);
    }
    return facts;
  }
}

function decide(domain: string, asciiDomain: string, options: DomainCheckOptions): DomainFacts {
  const facts: DomainFacts = { free: isFreeProvider(asciiDomain) };
  const rule = mailboxRuleFor(asciiDomain);
  if (rule) facts.mailboxRules = rule.documented ? 'documented' : 'latin_only';
  // A deny list is a suppression list of whole domains (SPEC: `suppressed`, "a list that gives no reason").
  if (options.denyDomains?.has(asciiDomain)) {
    facts.denied = { code: 'suppressed', why: 'config.deny_domain', args: { domain: detach(domain) } };
  }
  // RFC 2606/6761 names receive no mail whatever a config allows (IANA gives example.com a null MX).
  const reserved = checkReserved(asciiDomain);
  if (reserved) facts.reserved = { code: 'reserved_domain', why: 'reserved.domain', args: { domain: detach(domain), rfc: reserved.rfc } };
  if (options.allowDomains?.has(asciiDomain)) return facts;
  const typo = checkTypo('', detach(domain), asciiDomain, {
    ...(options.allowDomains ? { allowDomains: options.allowDomains } : {}),
    ...(options.typoMaxDistance !== undefined ? { maxDistance: options.typoMaxDistance } : {}),
  });
  if (typo) facts.typo = typo;
  // The local part is checked per row; an empty one makes this the domain's own verdict.
  const confusable = checkConfusables('', detach(domain)) ?? lookalike(detach(domain));
  if (confusable) facts.confusable = confusable;
  const slip = repeatedEnding(asciiDomain);
  if (slip) facts.slip = slip;
  const disposable = checkDisposable(asciiDomain, options.disposableAllow);
  if (disposable) facts.disposable = disposable;
  return facts;
}

/**
 * A whole-script look-alike of a popular domain or brand that confusables.ts misses (`аррӏе.com`:
 * the palochka's TR39 prototype is `i`, not `l`; lookalike-domain.ts compares `i l 1 |` as one).
 */
function lookalike(domain: string): Finding | undefined {
  const found = checkLookalikeDomain(domain);
  if (!found?.known) return undefined;
  return {
    code: 'confusable_characters',
    why: 'confusable.lookalike',
    args: { domain, script: found.script, suggestedDomain: found.target },
    suggestion: `@${found.target}`,
  };
}

/** `gmail.com.com` → gmail.com (slips.ts: a repeated or extra ending after a popular domain). */
function repeatedEnding(asciiDomain: string): Finding | undefined {
  const slip = findSlip(`x@${asciiDomain}`);
  if (slip?.slip !== 'double_tld') return undefined;
  const suggestedDomain = slip.fixed.slice(2);
  return { code: 'punctuation_slip', why: 'slip.double_tld', args: { domain: asciiDomain, suggestedDomain }, suggestion: `@${suggestedDomain}` };
}

/** A domain-level finding with its suggestion completed for this row's mailbox. */
export function forMailbox(finding: Finding, local: string): Finding {
  // Only the typo and look-alike findings carry a suggested domain.
  const suggested = (finding.args as { suggestedDomain?: string } | undefined)?.suggestedDomain;
  if (finding.suggestion === undefined || suggested === undefined) return finding;
  return { ...finding, suggestion: `${local}@${String(suggested)}` };
}
