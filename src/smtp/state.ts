/**
 * The prober's state shapes: addresses in flight (items), domains (jobs) and hosts, plus the
 * helpers that build answers. Kept apart from the logic in core.ts.
 */
import type { MailboxAnswer, MailboxCause, ReplyData } from './types.js';

/** One address waiting for, or in, a RCPT. */
export interface Item {
  /** The local part to send. */
  local: string;
  /** True for the catch-all check's random address. */
  random: boolean;
  /** Sessions that broke while this item's RCPT was in flight. */
  tries: number;
  /** True once the one delayed retry after a 4xx was used. */
  retried: boolean;
  /** Delivers the answer (once; later calls are ignored). */
  settle: (answer: MailboxAnswer) => void;
}

/** A decisive answer waiting for the domain's catch-all check. */
export interface Held {
  /** The address. */
  item: Item;
  /** What its RCPT said. */
  verdict: 'accepted' | 'not_found';
  /** The RCPT reply. */
  reply: ReplyData;
  /** The MX host name that answered. */
  host: string;
}

/** `unknown`: not checked; `probing`: random address queued; `yes`/`no`; or why the check failed. */
export type CatchAll = 'unknown' | 'probing' | 'yes' | 'no' | { cause: MailboxCause; reply?: ReplyData };

/** Everything about one domain for the whole run. */
export interface DomainJob {
  /** The domain, ASCII. */
  domain: string;
  /** The MX host names to try, in preference order (at most 2). */
  mx: string[];
  /** Index in `mx` of the next host name to try. */
  next: number;
  /** The host serving this domain now. */
  host?: HostState;
  /** The MX host name of `host`. */
  hostName?: string;
  /** True while the next MX name is being resolved. */
  routing: boolean;
  /** Addresses waiting for a RCPT, in order. */
  queue: Item[];
  /** Decisive answers waiting for the catch-all check. */
  held: Held[];
  /** The catch-all state. */
  catchAll: CatchAll;
  /** Set once every address of the domain gets the same answer (catch-all, host stopped, no host). */
  final?: MailboxAnswer;
  /** Why the last host failed, if one did. */
  lastFailure?: MailboxCause;
  /** True when an MX resolved only to private addresses. */
  sawPrivate: boolean;
  /** RCPTs per envelope for this domain's provider, if the provider table limits it. */
  envelopeLimit?: number;
}

/** One mail host (by IP address). */
export interface HostState {
  /** The IP address connected to. */
  ip: string;
  /** Domains routed to this host. */
  jobs: Set<DomainJob>;
  /** True while a session runs (or is about to). */
  active: boolean;
  /** True once a connection to it was attempted. */
  attempted: boolean;
  /** Policy/blocklist answers from this host. */
  policy: number;
  /** Sessions that broke before answering any RCPT. */
  strikes: number;
  /** True once a session with it got through the greeting and EHLO/HELO in this run. */
  served: boolean;
  /** Set when the host cannot be used (refused, silent, 421 …). */
  dead?: MailboxCause;
  /** Set when the per-host circuit breaker stopped it. */
  stopped?: boolean;
  /** Earliest time of the next RCPT (rate limit). */
  nextRcptAt: number;
  /** RCPTs per envelope the host accepted before a "too many recipients". */
  rcptLimit?: number;
  /** Wakes a session waiting for more work. */
  wake?: () => void;
}

/** Answer helpers: a reply without its raw lines, and an answer. */
export function replyData(reply: ReplyData): ReplyData {
  return reply.enhanced ? { code: reply.code, enhanced: reply.enhanced, text: reply.text } : { code: reply.code, text: reply.text };
}
export function answerOf(kind: MailboxAnswer['kind'], cause?: MailboxCause, reply?: ReplyData, host?: string): MailboxAnswer {
  return { kind, ...(cause ? { cause } : {}), ...(reply ? { reply: replyData(reply) } : {}), ...(host ? { host } : {}) };
}
