import { domainToASCII } from 'node:url';
import { isAsciiText } from '../strings.js';

/**
 * The match key of a listed address: local part lowercased, `@`, domain in lowercase ASCII
 * (punycode). Lowercasing the local part is what every ESP does for its lists, and what hashed lists
 * assume ("hash of the trimmed, lowercased address"), though RFC 5321 §2.4 lets a server treat it
 * as case-sensitive.
 */

/** White space SPEC's normalization trims: ASCII, no-break, zero-width and BOM. */
const EDGE_SPACE = /^[\s\u00a0\u200b\u200c\u200d\u2060\ufeff]+|[\s\u00a0\u200b\u200c\u200d\u2060\ufeff]+$/g;

/** Trim, strip `mailto:` and a `Name <addr>` wrapper. */
export function cleanValue(cell: string): string {
  let v = cell.replace(EDGE_SPACE, '');
  if (v.length > 7 && v.slice(0, 7).toLowerCase() === 'mailto:') v = v.slice(7);
  if (v.endsWith('>')) {
    const lt = v.lastIndexOf('<');
    if (lt >= 0) v = v.slice(lt + 1, -1).trim();
  }
  return v;
}

/** Is every char of `s` ASCII? */
/** Is `d` (lowercase ASCII) a plausible host name: letters, digits, `-`, `_`, dots between labels? */
function isHostName(d: string): boolean {
  if (d === '' || d.charCodeAt(0) === 46 || !d.includes('.') || d.includes('..')) return false;
  for (let i = 0; i < d.length; i++) {
    const c = d.charCodeAt(i);
    const ok = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === 95;
    if (!ok) return false;
  }
  return true;
}

/** Lowercase ASCII form of a domain, undefined when it is not a plausible host name. */
export function domainKey(raw: string): string | undefined {
  let d = raw.toLowerCase();
  if (d.endsWith('.')) d = d.slice(0, -1);
  if (!isAsciiText(d)) d = domainToASCII(d.normalize('NFC'));
  return isHostName(d) ? d : undefined;
}

/** The match key of an address cell, undefined when it is not an address. */
export function addressKey(value: string): string | undefined {
  const at = value.lastIndexOf('@');
  if (at <= 0 || at === value.length - 1) return undefined;
  for (let i = 0; i < at; i++) if (value.charCodeAt(i) <= 32) return undefined;
  if (isAsciiText(value) && value.charCodeAt(value.length - 1) !== 46) {
    // Common case: one flat lowercase string, no pieces glued together (a Map key built from
    // concatenated parts keeps every part alive: ~2× the memory on a million-address list).
    const key = value.toLowerCase();
    return isHostName(key.slice(at + 1)) ? key : undefined;
  }
  const domain = domainKey(value.slice(at + 1));
  if (domain === undefined) return undefined;
  return `${value.slice(0, at).normalize('NFC').toLowerCase()}@${domain}`;
}

/** The key of a row's address, from the facts the pipeline already computed. */
export function rowKey(local: string, asciiDomain: string): string {
  return `${local.toLowerCase()}@${asciiDomain}`;
}
