import type { Finding } from './findings.js';

/**
 * Remembers every valid address seen so far (ignoring letter case) and every provider-alias
 * mailbox key (`aliasKey`), with the line it first appeared on. This is the only state that grows
 * with the number of rows: one short string and a number per distinct address.
 */
export class DuplicateTracker {
  private readonly exact = new Map<string, number>();
  private readonly alias = new Map<string, number>();

  /** Checks one address and remembers it. `lower` is the normalized address lowercased. */
  check(lower: string, aliasKey: string | undefined, line: number): Finding | undefined {
    const earlier = this.exact.get(lower);
    if (earlier !== undefined) return { code: 'duplicate', why: 'duplicate.same', args: { line: earlier } };
    this.exact.set(lower, line);
    if (aliasKey === undefined) return undefined;
    const aliasLine = this.alias.get(aliasKey);
    if (aliasLine !== undefined) return { code: 'duplicate_alias', why: 'duplicate.alias', args: { line: aliasLine } };
    this.alias.set(aliasKey, line);
    return undefined;
  }

  /** Distinct addresses remembered. */
  get size(): number {
    return this.exact.size;
  }
}
