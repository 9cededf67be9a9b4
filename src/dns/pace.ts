/**
 * How many lookup chains run at once, when the resolver sheds load. A rate-limiting resolver
 * (unbound `ip-ratelimit`, BIND `rate-limit`, a public resolver's per-client limit) drops or
 * refuses the questions over its limit while it keeps answering the others: at --concurrency 64
 * against unbound with `ip-ratelimit: 20`, 818 of 3,000 domains became dns_error (every attempt of
 * theirs fell in an over-limit second). One such domain alone is a dead domain (its dns_error
 * stands); several within one attempt time are the resolver shedding load. Then the chains in
 * flight are halved (at most once per attempt time) and the domain is asked once more; each round
 * of answered chains adds one back, up to --concurrency (additive increase, multiplicative
 * decrease, as TCP congestion control does, RFC 5681 §3.1).
 */
import type { LimitFunction } from 'p-limit';

/** Load-shedding signs within one attempt time that make it a pattern, not one dead domain. */
const SHED_AFTER = 2;

/** The pace of one run's lookups. */
export class Pace {
  /** Lowest concurrency reached (for tests and the bench). */
  lowest: number;
  private signs: number[] = [];
  private lastCut = -Infinity;
  private answered = 0;

  constructor(
    private readonly limit: LimitFunction,
    private readonly max: number,
    private readonly attemptMs: number,
    private readonly now: () => number,
  ) {
    this.lowest = max;
  }

  /**
   * A chain got no answer (or REFUSED) while the resolver answered others. True when the resolver
   * is shedding load: the chains in flight were cut and the chain should be asked once more.
   */
  shed(): boolean {
    const now = this.now();
    this.signs = this.signs.filter((t) => t > now - this.attemptMs);
    this.signs.push(now);
    if (this.signs.length < SHED_AFTER) return false;
    if (now - this.lastCut >= this.attemptMs) {
      this.lastCut = now;
      this.limit.concurrency = Math.max(1, Math.floor(this.limit.concurrency / 2));
      this.lowest = Math.min(this.lowest, this.limit.concurrency);
      this.answered = 0;
    }
    return true;
  }

  /** A chain ended with an answer: one more chain in flight after a full round of them. */
  ok(): void {
    if (this.limit.concurrency >= this.max) return;
    if (++this.answered < this.limit.concurrency) return;
    this.answered = 0;
    this.limit.concurrency += 1;
  }
}
