/**
 * Throwaway mailboxes. Data: the `disposable-email-domains` package (ivolo/disposable-email-domains,
 * MIT; ~121,000 domains in index.json, plus wildcard.json whose entries stand for every subdomain,
 * e.g. the `*.33mail.com` alias services). A listed domain also covers its subdomains
 * (`x.mailinator.com`), since these services hand out subdomains freely.
 */
import { createRequire } from 'node:module';
import type { Finding } from '../model/findings.js';
import { POPULAR_SET } from './providers.js';

const require = createRequire(import.meta.url);
const LISTED: ReadonlySet<string> = new Set(require('disposable-email-domains/index.json') as string[]);
const WILDCARD: ReadonlySet<string> = new Set(require('disposable-email-domains/wildcard.json') as string[]);

/**
 * Listed domains that are real mail providers, not throwaway ones; kept out as false positives.
 * 21cn.com is China Telecom's mail service (listed by email-providers' common list too).
 */
const NEVER_DISPOSABLE: ReadonlySet<string> = new Set(['21cn.com']);

function isListed(d: string): boolean {
  return LISTED.has(d) || WILDCARD.has(d);
}

/** `disposable` when the domain or a parent of it is listed; `allow` is the config allowlist. */
export function checkDisposable(asciiDomain: string, allow?: ReadonlySet<string>): Finding | undefined {
  // Walk from the full domain to its parents: a.b.mailinator.com, b.mailinator.com, mailinator.com.
  let d = asciiDomain;
  for (;;) {
    if (allow?.has(d) || POPULAR_SET.has(d) || NEVER_DISPOSABLE.has(d)) return undefined;
    if (isListed(d)) {
      return d === asciiDomain
        ? { code: 'disposable', why: 'disposable.listed', args: { domain: asciiDomain } }
        : { code: 'disposable', why: 'disposable.subdomain', args: { domain: asciiDomain, listed: d } };
    }
    const dot = d.indexOf('.');
    if (dot < 0 || d.indexOf('.', dot + 1) < 0) return undefined; // stop at the registrable name
    d = d.slice(dot + 1);
  }
}
