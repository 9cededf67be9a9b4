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
 */

import type { Warning } from '../model/messages.js';

/** What a chain that got no response gets: a dns_error, one more try, or "not checked". */
export type SilentVerdict = 'error' | 'retry' | 'offline';

/** Why DNS was given up. */
export type DownCause = 'timeout' | 'unreachable' | 'gone';

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
  /** Set once DNS is given up. */
  down: DownCause | undefined;
  /** When recent responses came, oldest first (two attempts' worth are kept). */
  private recent: number[] = [];
  private lastAnswered = '';
  private streak = 0;
  private suspects: Suspect[] = [];
  private timer: NodeJS.Timeout | undefined;
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
    if (this.down || this.suspects.length === 0 || !this.options.idle()) return;
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
    return servers ? { why: 'dns.unavailable_unreachable', args: { servers } } : { why: 'dns.unavailable_unreachable_unnamed' };
  }

  /** Ends every wait (the run was stopped). */
  stop(): void {
    clearTimeout(this.timer);
    this.settleAll(() => 'offline');
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
   * before): a dns_error. Several: ask a name that answered before; silence there too means gone.
   */
  private async probeAtEnd(): Promise<void> {
    if (this.streak < 2) {
      this.streak = 0;
      return this.settleAll(() => 'error');
    }
    if (this.probing) return;
    this.probing = true;
    const answered = await this.options.probe(this.lastAnswered).catch(() => false);
    this.probing = false;
    if (this.down || this.suspects.length === 0) return;
    if (answered) this.alive();
    else this.give('gone');
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
    this.settleAll(() => 'offline');
    this.options.onDown();
  }

  private settleAll(verdict: (suspect: Suspect) => SilentVerdict): void {
    const suspects = this.suspects;
    this.suspects = [];
    for (const s of suspects) s.settle(verdict(s));
  }
}
