/**
 * The match key of an address: the local part lowercased, `@`, the domain in lowercase ASCII
 * (punycode). Lowercasing the local part is what every ESP does for its lists, and what hashed
 * lists assume ("hash of the trimmed, lowercased address"), though RFC 5321 §2.4 lets a server
 * treat it as case-sensitive. Listed addresses and input rows are both found by the same
 * extraction and syntax check (normalize.ts, syntax.ts) before they get a key.
 */

/** The key of an address from its checked parts (`asciiDomain` already lowercase). */
export function rowKey(local: string, asciiDomain: string): string {
  return `${local.toLowerCase()}@${asciiDomain}`;
}
