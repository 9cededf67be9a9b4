/**
 * Whether the resolver is still there. A chain (one domain's lookups) that got no response at all
 * (a timeout, an unreachable server) is either a fact about that domain (its name servers are
 * dead) or the resolver's fault — which turns every following domain into a dns_error unless it
 * is noticed. The watch tells them apart and decides, for each such chain, what its rows get:
 *
 * - other questions were answered while the chain's last attempt waited: the resolver works, so
 *   the silence is the domain's (dns_error), decided at once;
 * - the resolver never answered anything: down after DOWN_AFTER silent chains, at once on
 *   "unreachable", or when the last chain ended silent (SPEC: go on offline, say so, do not send
 *   every row to review);
 * - it answered before, then nothing while the chain waited (a resolver that dies mid-run, or
 *   stalls): gone when at least `goneAfter` different domains in a row got no response and nothing
 *   at all answered for `silenceMs` (two full query budgets), or when the run has nothing left to
 *   ask and one probe of a name that answered before goes unanswered too. A stall shorter than
 *   that does not trip it: the next answer proves the resolver alive, and the chains that went
 *   silent meanwhile are asked once more.
 *
 * Until it is decided, a silent chain waits (its slot is free, so other chains keep going).
 *
 * A resolver can also answer without serving us: REFUSED (unbound's access-control, an
 * authoritative-only server), referrals instead of answers, or SERVFAIL for every name (cut off
 * from the Internet, a wrong DNSSEC trust anchor). Until one answer has served us (RA set, NOERROR
 * or NXDOMAIN), a chain that ended so waits too: DOWN_AFTER of them and the resolver is given up
 * (SPEC: refused for the first lookups → offline, said plainly); the first served answer makes
 * them plain dns_errors.
 */

import type { Warning } from '../model/messages.js';

/** What a chain that got no response gets: a dns_error, one more try, or "not checked". */
export type SilentVerdict = 'error' | 'retry' | 'offline';

/** Why DNS was given up. */
export type DownCause = 'timeout' | 'unreachable' | 'gone' | 'refused' | 'servfail';

/** How a chain that got responses, but no served one, ended. */
export type UnservedCause = 'refused' | 'servfail';

/** What the watch needs from its checker. */
export interface WatchOptions {
  /** Clock in ms. */
  now: () => number;
  /** One attempt's timeout (`--dns-timeout`). */
  attemptMs: number;
  /** No answer for this long (with `goneAfter` silent domains in a row) means the resolver is gone. */
  silenceMs: number;
  /** Silent domains in a row, after earlier answers, before silence can mean "gone". */
  goneAfter: number;
  /** No chain running and none queued. */
  idle: () => boolean;
  /** Asks the resolver once about `name` (a name it answered before); true if it answered. */
  probe: (name: string) => Promise<boolean>;
  /** Called once when DNS is given up: end the exchanges still waiting for an answer. */
  onDown: () => void;
}

/** Silent chains before a resolver that never answered counts as down. */
const DOWN_AFTER = 3;
/**
 * Refused chains, or refused and failed ones together, before a resolver that never served us is
 * given up. REFUSED for a real domain is rare from a working resolver, so 3 suffice; SERVFAIL is
 * common (1–3 % of the domains of an old list have dead or broken name servers), so a list that
 * starts with a few such domains must not end DNS for the run: 8 in a row.
 */
const REFUSED_DOWN_AFTER = 3;
const UNSERVED_DOWN_AFTER = 8;

interface Suspect {
  settle: (verdict: SilentVerdict) => void;
  retried: boolean;
}

/** The resolver's health over one run. */
export class ResolverWatch {
  /** Responses received (any rcode). */
  answers = 0;
  /** When the last response came (ms), if any did. */
  lastAnswerAt: number | undefined;
  /** Responses that served us: RA set, NOERROR or NXDOMAIN, not a referral. */
  served = 0;
  /** Set once DNS is given up. */
  down: DownCause | undefined;
  /** When recent responses came, oldest first (two attempts' worth are kept). */
  private recent: number[] = [];
  private lastAnswered = '';
  private streak = 0;
  private suspects: Suspect[] = [];
  /** Chains that got only refusals or failures while nothing had served us yet. */
  private unservedSuspects: Suspect[] = [];
  private refusedWaiting = 0;
  private timer: NodeJS.Timeout | undefined;
  private probeTimer: NodeJS.Timeout | undefined;
  private probing = false;

  constructor(private readonly options: WatchOptions) {}

  /** A response came for `name`: the resolver works; chains waiting for a verdict ask again. */
  answered(name: string): void {
    const now = this.options.now();
    this.answers++;
    this.lastAnswerAt = now;
    this.lastAnswered = name;
    this.recent.push(now);
    // Amortised trimming: drop the old half once it is most of the list.
    if (this.recent.length > 64 && this.recent[this.recent.length >> 1]! < now - 2 * this.options.attemptMs) {
      this.recent = this.recent.filter((t) => t >= now - 2 * this.options.attemptMs);
    }
    this.alive();
  }

  /** A response served us (see `served`): chains that only got refusals or failures are dns_errors. */
  servedUs(): void {
    this.served++;
    this.releaseUnserved('error');
  }

  /**
   * A chain ended with REFUSED, a referral or SERVFAIL; resolves to what its rows get. Once
   * something served us, a dns_error at once; before, it waits (see the header).
   */
  unserved(cause: UnservedCause): Promise<SilentVerdict> {
    if (this.down) return Promise.resolve('offline');
    if (this.served > 0) return Promise.resolve('error');
    const verdict = new Promise<SilentVerdict>((settle) => this.unservedSuspects.push({ settle, retried: true }));
    if (cause === 'refused') this.refusedWaiting++;
    if (this.refusedWaiting >= REFUSED_DOWN_AFTER) this.give('refused');
    else if (this.unservedSuspects.length >= UNSERVED_DOWN_AFTER) this.give(cause);
    else this.ended();
    return verdict;
  }

  /** A chain got no response at all; resolves to what its rows get. `retried`: its second try. */
  silent(unreachable: boolean, retried: boolean): Promise<SilentVerdict> {
    if (this.down) return Promise.resolve('offline');
    if (this.answeredWhileWaiting()) return Promise.resolve('error');
    this.streak++;
    const verdict = new Promise<SilentVerdict>((settle) => this.suspects.push({ settle, retried }));
    if (this.answers === 0) {
      if (unreachable) this.give('unreachable');
      else if (this.streak >= DOWN_AFTER) this.give('timeout');
    } else if (this.streak >= this.options.goneAfter) {
      this.checkSilence();
    }
    this.ended();
    return verdict;
  }

  /**
   * A chain ended. When it was the last one and chains still wait for a verdict, no chain will
   * bring news: a resolver that never answered is down; one that did is probed.
   */
  ended(): void {
    if (this.down || !this.options.idle()) return;
    // Too few to blame the resolver (a short list of broken domains): their own dns_errors.
    if (this.suspects.length === 0) this.releaseUnserved('error');
    if (this.suspects.length === 0) return;
    if (this.answers === 0) this.give('timeout');
    else void this.probeAtEnd();
  }

  /**
   * What to tell the user once DNS was given up, naming `servers` (`host:port, …`; empty for a
   * library caller's resolver, which has no address to show).
   */
  warning(servers: string): Warning {
    const count = this.answers;
    const time = new Date(this.lastAnswerAt ?? 0).toISOString().replace(/\.\d+Z$/, 'Z');
    if (this.down === 'gone') {
      return servers ? { why: 'dns.stopped_answering', args: { servers, count, time } } : { why: 'dns.stopped_answering_unnamed', args: { count, time } };
    }
    if (this.down === 'timeout') return servers ? { why: 'dns.unavailable_timeout', args: { servers } } : { why: 'dns.unavailable_timeout_unnamed' };
    if (this.down === 'refused') return servers ? { why: 'dns.unavailable_refused', args: { servers } } : { why: 'dns.unavailable_refused_unnamed' };
    if (this.down === 'servfail') return servers ? { why: 'dns.unavailable_servfail', args: { servers } } : { why: 'dns.unavailable_servfail_unnamed' };
    return servers ? { why: 'dns.unavailable_unreachable', args: { servers } } : { why: 'dns.unavailable_unreachable_unnamed' };
  }

  /** Ends every wait (the run was stopped). */
  stop(): void {
    clearTimeout(this.timer);
    clearTimeout(this.probeTimer);
    this.settleAll(() => 'offline');
    this.releaseUnserved('offline');
  }

  /**
   * Whether other questions were answered while this chain's last attempt waited: in the first
   * half of that attempt's time, so answers to questions sent after a stall ended (which may
   * arrive just before a stalled chain gives up) do not count.
   */
  private answeredWhileWaiting(): boolean {
    const now = this.options.now();
    const from = now - this.options.attemptMs;
    const to = now - this.options.attemptMs / 2;
    for (let i = this.recent.length - 1; i >= 0 && this.recent[i]! > from; i--) if (this.recent[i]! <= to) return true;
    return false;
  }

  /** Gone once the silence has lasted `silenceMs`; checked again when it will have. */
  private checkSilence(): void {
    const quiet = this.options.now() - (this.lastAnswerAt ?? 0);
    if (quiet >= this.options.silenceMs) return this.give('gone');
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.checkSilence(), this.options.silenceMs - quiet);
  }

  /**
   * Nothing left to ask. One silent domain on its own says nothing about the resolver (it answered
   * before): a dns_error. Several: ask a name that answered before, once per attempt time until
   * the silence has lasted `silenceMs`; silence there too means gone. A resolver being restarted
   * refuses connections for a few seconds, and each chain's attempts fail at once then: without
   * the wait, a restart seconds long ended DNS for the rest of a run (seen with unbound).
   * The probe's answer is an answer like any other, and the silence is counted from it: when it
   * was not, the dead domains asked once more after it went silent again one query budget later,
   * two budgets after the last counted answer, and a run with 3 % dead domains ended "stopped
   * answering" with its last dead domains unchecked (in half the runs of bench/dns-pace-bench.mjs).
   */
  private async probeAtEnd(): Promise<void> {
    if (this.streak < 2) {
      this.streak = 0;
      return this.settleAll(() => 'error');
    }
    if (this.probing) return;
    this.probing = true;
    let answered = await this.options.probe(this.lastAnswered).catch(() => false);
    while (!answered && !this.down && this.suspects.length > 0 && this.options.now() - (this.lastAnswerAt ?? 0) < this.options.silenceMs) {
      await new Promise<void>((resolve) => (this.probeTimer = setTimeout(resolve, this.options.attemptMs)));
      answered = await this.options.probe(this.lastAnswered).catch(() => false);
    }
    this.probing = false;
    if (answered && !this.down) this.answered(this.lastAnswered);
    if (this.down || this.suspects.length === 0) return;
    if (!answered) this.give('gone');
  }

  /**
   * Proof of life. A chain that went silent while nothing else was answered was caught in a stall
   * of the resolver: it asks once more, and only a second silence is the domain's dns_error.
   */
  private alive(): void {
    clearTimeout(this.timer);
    this.streak = 0;
    this.settleAll((s) => (s.retried ? 'error' : 'retry'));
  }

  private give(cause: DownCause): void {
    if (this.down) return;
    this.down = cause;
    clearTimeout(this.timer);
    clearTimeout(this.probeTimer);
    this.settleAll(() => 'offline');
    this.releaseUnserved('offline');
    this.options.onDown();
  }

  private releaseUnserved(verdict: SilentVerdict): void {
    const waiting = this.unservedSuspects;
    this.unservedSuspects = [];
    this.refusedWaiting = 0;
    for (const s of waiting) s.settle(verdict);
  }

  private settleAll(verdict: (suspect: Suspect) => SilentVerdict): void {
    const suspects = this.suspects;
    this.suspects = [];
    for (const s of suspects) s.settle(verdict(s));
  }
}
