/**
 * The `checks/` folder: what lists and knowledge say about an address — typo domains, keyboard
 * layout, look-alike characters, disposable services, role names, mail providers — each in its own
 * file, each returning findings as data. This file decides them once per domain for a run.
 */
import { checkConfusables } from './confusables.js';
import { checkDisposable } from './disposable.js';
import { isFreeProvider } from './providers.js';
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
  // A deny list is a suppression list of whole domains (SPEC: `suppressed`, "a list that gives no reason").
  if (options.denyDomains?.has(asciiDomain)) {
    facts.denied = { code: 'suppressed', why: 'config.deny_domain', args: { domain: detach(domain) } };
  }
  if (options.allowDomains?.has(asciiDomain)) return facts;
  const typo = checkTypo('', detach(domain), asciiDomain, {
    ...(options.allowDomains ? { allowDomains: options.allowDomains } : {}),
    ...(options.typoMaxDistance !== undefined ? { maxDistance: options.typoMaxDistance } : {}),
  });
  if (typo) facts.typo = typo;
  // The local part is checked per row; an empty one makes this the domain's own verdict.
  const confusable = checkConfusables('', detach(domain));
  if (confusable) facts.confusable = confusable;
  const disposable = checkDisposable(asciiDomain, options.disposableAllow);
  if (disposable) facts.disposable = disposable;
  return facts;
}

/** A domain-level finding with its suggestion completed for this row's mailbox. */
export function forMailbox(finding: Finding, local: string): Finding {
  // Only the typo and look-alike findings carry a suggested domain.
  const suggested = (finding.args as { suggestedDomain?: string } | undefined)?.suggestedDomain;
  if (finding.suggestion === undefined || suggested === undefined) return finding;
  return { ...finding, suggestion: `${local}@${String(suggested)}` };
}
