import { aliasKey } from './alias.js';
import { checkConfusables } from './checks/confusables.js';
import { checkLayout } from './checks/layout.js';
import { POPULAR_SET } from './checks/providers.js';
import { checkRole } from './checks/role.js';
import type { Finding } from './findings.js';
import { extractAddress } from './normalize.js';
import type { AddressFacts } from './row.js';
import { DomainFactsCache, forMailbox, type DomainCheckOptions } from './domain-facts.js';
import { checkSyntax } from './syntax.js';
import { isAsciiText } from './strings.js';

/** Settings of the offline address checks (from the config file). */
export interface AddressCheckOptions extends DomainCheckOptions {
  /** Extra role names (local parts) to flag. */
  roleNames?: ReadonlySet<string>;
}

/** What the offline address stages found in one email cell. */
export interface AddressCheck {
  /** Normalized address facts. */
  facts: AddressFacts;
  /** Findings, in stage order. */
  findings: Finding[];
  /** Whether the address is valid enough to look up and to match against lists. */
  usable: boolean;
  /** Provider-alias mailbox key, when the provider aliases. */
  alias?: string;
}

const CYRILLIC = /[\u0400-\u04FF]/u;

/**
 * The pure, offline part of the checks for one cell: extraction, keyboard layout, syntax, typo,
 * look-alikes, disposable and role. Duplicates, suppression and DNS need state and run after.
 */
export function checkAddress(cell: string, options: AddressCheckOptions = {}): AddressCheck {
  const extraction = extractAddress(cell);
  if (extraction.kind === 'empty') {
    return { facts: { original: cell }, findings: [{ code: 'missing_email' }], usable: false };
  }
  if (extraction.kind === 'multiple') return checkMultiple(cell, extraction.addresses, options);
  const address = extraction.address;
  if (CYRILLIC.test(address)) {
    const layout = checkLayout(address);
    if (layout) return { facts: { original: cell, normalized: address }, findings: [layout], usable: false };
  }
  const syntax = checkSyntax(address);
  if (!syntax.ok) {
    const finding: Finding = { code: 'invalid_syntax', why: syntax.why };
    if (syntax.args) finding.args = syntax.args;
    if (syntax.why === 'syntax.no_at') {
      const fix = missingAtFix(address);
      if (fix !== undefined) finding.suggestion = fix;
    }
    return { facts: { original: cell, normalized: address }, findings: [finding], usable: false };
  }
  const { local, domain, asciiDomain, normalized } = syntax;
  const facts: AddressFacts = { original: cell, normalized, local, domain, asciiDomain };
  const findings: Finding[] = [];
  const domainFacts = factsCacheFor(options).get(domain, asciiDomain);
  facts.freeProvider = domainFacts.free;
  facts.domainFacts = domainFacts;
  if (domainFacts.denied) findings.push(domainFacts.denied);
  if (domainFacts.typo) findings.push(forMailbox(domainFacts.typo, local));
  if (domainFacts.confusable) findings.push(forMailbox(domainFacts.confusable, local));
  else if (!allowed(options, asciiDomain) && !isAsciiText(local)) {
    const confusable = checkConfusables(local, domain);
    if (confusable) findings.push(confusable);
  }
  if (domainFacts.disposable) findings.push(domainFacts.disposable);
  const role = checkRole(local, options.roleNames);
  if (role) findings.push(role);
  const check: AddressCheck = { facts, findings, usable: true };
  const alias = aliasKey(local, asciiDomain);
  if (alias !== undefined) check.alias = alias;
  return check;
}

/** One domain memo per options object: a run passes the same options for every row. */
const caches = new WeakMap<AddressCheckOptions, DomainFactsCache>();
let lastOptions: AddressCheckOptions | undefined;
let lastCache: DomainFactsCache | undefined;

function factsCacheFor(options: AddressCheckOptions): DomainFactsCache {
  if (options === lastOptions && lastCache) return lastCache;
  let cache = caches.get(options);
  if (!cache) caches.set(options, (cache = new DomainFactsCache(options)));
  lastOptions = options;
  lastCache = cache;
  return cache;
}

function allowed(options: AddressCheckOptions, asciiDomain: string): boolean {
  return options.allowDomains?.has(asciiDomain) ?? false;
}

/**
 * `nadia.lysenko.gmail.com`, `olenagmail.com`: an address whose `@` was lost in front of a popular
 * domain. The row stays rejected (SPEC: no `@` is not an address), but the creator gets the fix.
 */
function missingAtFix(address: string): string | undefined {
  const lower = address.toLowerCase();
  let best: string | undefined;
  for (let i = lower.indexOf('.'); i > 0; i = lower.indexOf('.', i + 1)) {
    // Try every suffix that starts after a dot, then the same suffix glued to the name.
    for (let start = lower.lastIndexOf('.', i - 1) + 1; start < i; start++) {
      const domain = lower.slice(start);
      if (!POPULAR_SET.has(domain)) continue;
      let local = address.slice(0, start);
      if (/[.,_-]$/.test(local)) local = local.slice(0, -1);
      const candidate = `${local}@${domain}`;
      if (local && checkSyntax(candidate).ok && (best === undefined || candidate.length > best.length)) best = candidate;
      break;
    }
  }
  return best;
}

/** A cell with several addresses: review, suggesting the first valid one. */
function checkMultiple(cell: string, addresses: string[], options: AddressCheckOptions): AddressCheck {
  const finding: Finding = {
    code: 'multiple_addresses',
    why: 'multiple.none_valid',
    args: { count: addresses.length, list: addresses.join(', ') },
  };
  // SPEC: "the first good one". Good means it would pass the offline checks on its own; failing
  // that, the fix of the first misspelt one; failing that, the first that is at least an address.
  let fallback: string | undefined;
  for (const address of addresses) {
    const syntax = checkSyntax(address);
    if (!syntax.ok) continue;
    finding.why = 'multiple.found';
    const facts = factsCacheFor(options).get(syntax.domain, syntax.asciiDomain);
    if (!facts.denied && !facts.typo && !facts.confusable && !facts.disposable && !checkRole(syntax.local, options.roleNames)) {
      finding.suggestion = syntax.normalized;
      break;
    }
    if (facts.typo?.code === 'possible_typo' && !facts.disposable) fallback ??= forMailbox(facts.typo, syntax.local).suggestion;
    fallback ??= syntax.normalized;
  }
  if (finding.suggestion === undefined && fallback !== undefined) finding.suggestion = fallback;
  return { facts: { original: cell }, findings: [finding], usable: false };
}
