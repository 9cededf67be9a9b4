/**
 * Mail-provider data shared by the typo, look-alike and free-provider checks, loaded once at module
 * start. Sources:
 * - our own popular list (`data/popular-domains.ts`), tuned to Kwiga's audience;
 * - the `email-providers` package (derhuerst/email-providers, ISC, from goware/emailproviders):
 *   `all.json` (~8,700 domains that hand out mailboxes: free providers, ISPs, and also some
 *   typo-squats and throwaway services) and `common.json` (~350 of them ranked in the Majestic
 *   Million top 100,000).
 */
import { createRequire } from 'node:module';
import { EXTRA_REAL_DOMAINS, POPULAR_DOMAIN_LIST } from './data/popular-domains.js';

const require = createRequire(import.meta.url);
const ALL_PROVIDERS = require('email-providers/all.json') as readonly string[];
const COMMON_PROVIDERS = require('email-providers/common.json') as readonly string[];

/** The popular list used for typo suggestions, most used first. */
export const POPULAR_DOMAINS: readonly string[] = POPULAR_DOMAIN_LIST;

/** Popular domains, for O(1) lookups. */
export const POPULAR_SET: ReadonlySet<string> = new Set(POPULAR_DOMAIN_LIST);

/**
 * Domains we trust to be real and never "correct": our popular list, email-providers' common list
 * (high-traffic sites, so not typo-squats), and the hand-checked extras.
 */
export const TRUSTED_DOMAINS: ReadonlySet<string> = new Set([
  ...POPULAR_DOMAIN_LIST,
  ...COMMON_PROVIDERS,
  ...EXTRA_REAL_DOMAINS,
]);

/**
 * Every domain known to hand out mailboxes (email-providers' `all.json` plus ours). Some of these
 * are typo-squats of big providers (`gmial.com`, `hotmial.com`); the typo check still corrects
 * those, but only for the clearest slips (see typo.ts).
 */
export const KNOWN_MAIL_DOMAINS: ReadonlySet<string> = new Set([...ALL_PROVIDERS, ...TRUSTED_DOMAINS]);

/** Whether the domain belongs to a mailbox provider (gmail.com, ukr.net …) rather than a company. */
export function isFreeProvider(asciiDomain: string): boolean {
  return KNOWN_MAIL_DOMAINS.has(asciiDomain);
}
