/**
 * Reserved names that can never receive mail, decided offline (issue 17 §5). Today
 * `a@example.com` is clean offline; online the DNS stage finds example.com's null MX, but a list
 * checked with `--offline` must not pass it either.
 *
 * - RFC 2606 §3 and RFC 6761 §6.5: `example.com`, `example.net`, `example.org` (and every name under
 *   them) are reserved for documentation; IANA publishes a null MX for them (RFC 7505).
 * - RFC 2606 §2 and RFC 6761 §6.2–6.4: the TLDs `.test`, `.example`, `.invalid`, `.localhost`.
 * - Further special-use TLDs with no mail: `.local` (RFC 6762, multicast DNS), `.onion` (RFC 7686,
 *   Tor), `.alt` (RFC 9476), and `home.arpa` (RFC 8375, home networks).
 * syntax.ts already refuses some of these TLDs (`syntax.reserved_domain`); this module names them
 * all, with the RFC, so the reason can say "placeholder address" rather than "bad syntax".
 */

/** Why a domain is reserved. */
export type ReservedKind =
  /** example.com / .net / .org or a name under them */
  | 'example_domain'
  /** a special-use TLD (`.test`, `.example`, `.invalid`, `.localhost`, `.local`, `.onion`, `.alt`) */
  | 'special_use_tld'
  /** home.arpa */
  | 'special_use_domain';

/** A reserved-name verdict. */
export interface Reserved {
  /** What kind of reservation. */
  kind: ReservedKind;
  /** The reserved name matched (`example.com`, `test`, …). */
  name: string;
  /** The RFC that reserves it. */
  rfc: string;
}

const EXAMPLE_DOMAINS: ReadonlyMap<string, string> = new Map([
  ['example.com', 'RFC 2606 §3'], ['example.net', 'RFC 2606 §3'], ['example.org', 'RFC 2606 §3'],
]);
const SPECIAL_TLDS: ReadonlyMap<string, string> = new Map([
  ['test', 'RFC 6761 §6.2'], ['localhost', 'RFC 6761 §6.3'], ['invalid', 'RFC 6761 §6.4'],
  ['example', 'RFC 2606 §2'], ['local', 'RFC 6762'], ['onion', 'RFC 7686'], ['alt', 'RFC 9476'],
]);
const SPECIAL_DOMAINS: ReadonlyMap<string, string> = new Map([['home.arpa', 'RFC 8375']]);

/** The reservation of the domain or of the last two labels, if any. */
function matchSuffix(domain: string, names: ReadonlyMap<string, string>): [string, string] | undefined {
  for (const [name, rfc] of names) {
    if (domain === name || (domain.endsWith(name) && domain.charCodeAt(domain.length - name.length - 1) === 46)) {
      return [name, rfc];
    }
  }
  return undefined;
}

/**
 * Whether `asciiDomain` (lowercase ASCII/punycode, no trailing dot) is reserved. A few string
 * comparisons, no allocation on the common path: safe to call for every row.
 */
export function checkReserved(asciiDomain: string): Reserved | undefined {
  const dot = asciiDomain.lastIndexOf('.');
  const tld = asciiDomain.slice(dot + 1);
  const rfc = SPECIAL_TLDS.get(tld);
  if (rfc !== undefined) return { kind: 'special_use_tld', name: tld, rfc };
  if (tld === 'com' || tld === 'net' || tld === 'org') {
    const m = matchSuffix(asciiDomain, EXAMPLE_DOMAINS);
    if (m) return { kind: 'example_domain', name: m[0], rfc: m[1] };
  } else if (tld === 'arpa') {
    const m = matchSuffix(asciiDomain, SPECIAL_DOMAINS);
    if (m) return { kind: 'special_use_domain', name: m[0], rfc: m[1] };
  }
  return undefined;
}
