import { FingerprintMap } from './fingerprints.js';
import type { Finding } from '../model/findings.js';

/**
 * Remembers every valid address seen so far (ignoring letter case) and every provider-alias
 * mailbox key (`aliasKey`), with the line it first appeared on. This is the only state that grows
 * with the number of rows, so it is kept as fingerprints in typed arrays (12 bytes a slot).
 */
export class DuplicateTracker {
  private readonly exact = new FingerprintMap();
  private readonly alias = new FingerprintMap();

  /**
   * Checks one address and remembers it. The address is `local@asciiDomain` ignoring the local
   * part's letter case (`asciiDomain` is already lowercase).
   */
  check(local: string, asciiDomain: string, aliasKey: string | undefined, line: number): Finding | undefined {
    const earlier = this.exact.getOrSetAddress(local, asciiDomain, line);
    if (earlier !== undefined) return { code: 'duplicate', why: 'duplicate.same', args: { line: earlier } };
    if (aliasKey === undefined) return undefined;
    const aliasLine = this.alias.getOrSet(aliasKey, line);
    if (aliasLine !== undefined) return { code: 'duplicate_alias', why: 'duplicate.alias', args: { line: aliasLine } };
    return undefined;
  }

  /** Distinct addresses remembered. */
  get size(): number {
    return this.exact.size;
  }
}
