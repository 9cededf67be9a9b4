/**
 * How many lookup chains run at once, when the resolver sheds load. A rate-limiting resolver
 * (unbound `ip-ratelimit`, BIND `rate-limit`, a public resolver's per-client limit) drops or
 * refuses the questions over its limit while it keeps answering the others: at --concurrency 64
 * against unbound with `ip-ratelimit: 20`, 818 of 3,000 domains became dns_error in one run and 207
 * in another (every attempt of theirs fell in an over-limit second). Then the chains in flight are halved (at most once per
 * attempt time) and the unanswered domains are asked once more; each round of answered chains adds
 * one back, up to --concurrency (additive increase, multiplicative decrease, as TCP congestion
 * control does, RFC 5681 §3.1).
 *
 * Dead domains must not look like that: 0.5–3 % of an old list's domains have name servers that
 * never answer, so our stub times out on them (a recursive resolver's SERVFAIL comes later than our
 * attempt time). At 64 chains in flight, two such timeouts within one attempt time happen all
 * through a big run; counting them (the first version of this file) halved the chains again and
 * again and asked dead domains once more: 20,000 domains with 3 % dead took 114–129 s instead of
 * 69 s, and DNS was given up before the end (docs/dns-real-servers.md). So the sign is a SHARE: of
 * the chains that started within one attempt time before the unanswered one, at least MIN_SHARE
 * went unanswered, or were answered only after a whole attempt time (a retry's answer: an attempt
 * was dropped). The retries hide most drops: against unbound's ip-ratelimit 20, 62 % of the
 * answered chains were answered late but only 7 % of all went unanswered, too few alone to tell
 * from dead domains. Chains are compared by when they started, not when they ended: an unanswered
 * chain ends only after all its attempts, an answered one at once, so near the end of a run the
 * chains still ending are mostly dead ones. A REFUSED from a resolver that answers others is a rate
 * limiter's answer, not a domain's (a dead domain times out or gets SERVFAIL), so MIN_UNANSWERED
 * refusals are a pattern whatever their share.
 */
import type { LimitFunction } from 'p-limit';

/** How a chain ended, for the pace: served (an answer), failed (SERVFAIL, a referral), silent (no response), refused. */
export type ChainEnd = 'served' | 'failed' | 'silent' | 'refused';

/** Unanswered chains (or refused ones alone) among those started close together that make a pattern. */
const MIN_UNANSWERED = 3;
/**
 * Share of the chains started within one attempt time that must have gone unanswered (or been
 * answered late). Dead domains are a few per cent (at most 5 % of any window in
 * bench/dns-pace-bench.mjs, 20,000 domains, 3 % dead); unbound's ip-ratelimit 20 showed 48 % or more
 * in 9 of 10 judgements (median 63 %), the rate limit of test/dns-ratelimit.test.ts 62 % or more.
 */
const MIN_SHARE = 0.25;
/** Slices per attempt time in which chain starts are counted. */
const SLICES = 4;
/**
 * Attempt times of slices kept (five query budgets at the default two retries): far longer than a
 * chain runs unless the watch holds it through a stall; one that ends after its slice was
 * forgotten is judged on the slices still kept.
 */
const KEEP = 16;

/** Chains that started in one slice: how many, and how those that have ended ended. */
interface Slice {
  started: number;
  ended: number;
  /** Ended unanswered (silent or refused), or answered only after an attempt went unanswered. */
  unanswered: number;
  refused: number;
}

/** The pace of one run's lookups. */
export class Pace {
  /** Lowest concurrency reached (for tests and the bench). */
  lowest: number;
  private readonly slices = new Map<number, Slice>();
  private readonly sliceMs: number;
  private lastCut = -Infinity;
  private answered = 0;

  constructor(
    private readonly limit: LimitFunction,
    private readonly max: number,
    private readonly attemptMs: number,
    private readonly now: () => number,
  ) {
    this.lowest = max;
    this.sliceMs = Math.max(1, attemptMs / SLICES);
  }

  /** A chain got its slot; returns when (ms), for `ended` and `shed`. */
  start(): number {
    const now = this.now();
    this.slice(now).started++;
    return now;
  }

  /** The chain that started at `startedAt` ended so (every end is counted: the share needs them all). */
  ended(startedAt: number, how: ChainEnd): void {
    const slice = this.slice(startedAt);
    slice.ended++;
    // An answer after a whole attempt time came to a retry: an earlier attempt went unanswered.
    const late = this.now() - startedAt >= this.attemptMs;
    if (how === 'silent' || how === 'refused' || late) slice.unanswered++;
    if (how === 'refused') slice.refused++;
    if (how === 'served') this.grow();
  }

  /**
   * The chain that started at `startedAt` went unanswered (silent or refused, and counted by
   * `ended`). True when the resolver is shedding load: the chains in flight were cut (at most once
   * per attempt time) and the chain should be asked once more.
   */
  shed(startedAt: number): boolean {
    if (!this.shedding(startedAt)) return false;
    const now = this.now();
    if (now - this.lastCut >= this.attemptMs) {
      this.lastCut = now;
      this.limit.concurrency = Math.max(1, Math.floor(this.limit.concurrency / 2));
      this.lowest = Math.min(this.lowest, this.limit.concurrency);
      this.answered = 0;
    }
    return true;
  }

  /**
   * Whether the chains started within one attempt time up to `startedAt` show the pattern (see the
   * header). Those of them still running after a whole attempt time have had an attempt go
   * unanswered too: they count as unanswered (chains started together time out together, and the
   * first of them to end must not be judged before its siblings have been); younger ones are not
   * counted yet.
   */
  private shedding(startedAt: number): boolean {
    const settled = this.index(this.now() - this.attemptMs);
    let chains = 0;
    let unanswered = 0;
    let refused = 0;
    for (let i = this.index(startedAt - this.attemptMs); i <= this.index(startedAt); i++) {
      const slice = this.slices.get(i);
      if (!slice) continue;
      const running = i < settled ? slice.started - slice.ended : 0;
      chains += slice.ended + running;
      unanswered += slice.unanswered + running;
      refused += slice.refused;
    }
    if (refused >= MIN_UNANSWERED) return true;
    return unanswered >= MIN_UNANSWERED && unanswered >= MIN_SHARE * chains;
  }

  /** The slice of chains started at `ms`. */
  private slice(ms: number): Slice {
    const key = this.index(ms);
    let slice = this.slices.get(key);
    if (!slice) {
      slice = { started: 0, ended: 0, unanswered: 0, refused: 0 };
      this.slices.set(key, slice);
      // Map keys iterate in insertion order, close to start order: forget the old ones.
      const oldest = this.index(this.now()) - SLICES * KEEP;
      for (const old of this.slices.keys()) if (old < oldest) this.slices.delete(old);
    }
    return slice;
  }

  private index(ms: number): number {
    return Math.floor(ms / this.sliceMs);
  }

  /** A chain was served: one more chain in flight after a full round of them. */
  private grow(): void {
    if (this.limit.concurrency >= this.max) return;
    if (++this.answered < this.limit.concurrency) return;
    this.answered = 0;
    this.limit.concurrency += 1;
  }
}
