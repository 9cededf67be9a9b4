/**
 * The data the SMTP prober hands back. Everything here is data, never English: the CLI and the
 * reports turn kinds and causes into sentences in their own tables.
 */

/** One reply of an SMTP server, as the server sent it (RFC 5321 §4.2). */
export interface ReplyData {
  /** The three-digit basic reply code (RFC 5321 §4.2.1), e.g. 550. */
  code: number;
  /** The RFC 3463 enhanced status code when the server sent one, e.g. `5.1.1`. */
  enhanced?: string;
  /** The reply text without codes; the lines of a multi-line reply joined by one space. */
  text: string;
}

/**
 * What the mailbox probe found out:
 * - `exists`: the server accepted the address and rejected a random one at the same domain;
 * - `not_found`: the server rejected the address as unknown or disabled (5.1.1, 5.1.10, 5.2.1, …)
 *   and also rejected a random address, so it tells mailboxes apart;
 * - `full`: the mailbox is over quota (4.2.2 / 5.2.2);
 * - `catch_all`: the domain accepts any address, so the mailbox cannot be confirmed;
 * - `unverified`: no answer we can trust (see `MailboxCause`);
 * - `skipped`: the address was not probed for a reason of the run (SMTP unavailable, stopped,
 *   `maxProbes` reached, aborted): the caller keeps its earlier verdict.
 */
export type MailboxKind = 'exists' | 'not_found' | 'full' | 'catch_all' | 'unverified' | 'skipped';

/**
 * Why an answer is `unverified` or `skipped`.
 * For `unverified`:
 * - `timeout`: a host did not answer in time (connect, greeting or a command);
 * - `refused`: the hosts refused the connection or could not be reached;
 * - `greylisted`: a 4xx answer, still a 4xx after the one delayed retry;
 * - `policy`: a policy or blocklist answer about us (5.7.x, "blocked using …", no PTR), or a host
 *   stopped by the per-host circuit breaker;
 * - `provider_accepts_all`: a provider that accepts every RCPT (provider table), not probed;
 * - `private_mx`: the MX hosts resolve to loopback/private/link-local addresses, not probed;
 * - `unresolved`: no MX host name resolved to an address;
 * - `protocol`: the server broke the protocol or dropped the connection twice;
 * - `unclassified`: a rejection we cannot read as a mailbox fact;
 * - `inconsistent`: the address was rejected but a random address was accepted.
 * For `skipped`:
 * - `unavailable`: SMTP cannot be used from here (outgoing port 25 blocked, proxy unreachable);
 * - `stopped`: the run-wide circuit breaker stopped probing;
 * - `max_reached`: `maxProbes` addresses were already probed;
 * - `aborted`: the run was aborted or the prober closed.
 */
export type MailboxCause =
  | 'timeout'
  | 'refused'
  | 'greylisted'
  | 'policy'
  | 'provider_accepts_all'
  | 'private_mx'
  | 'unresolved'
  | 'protocol'
  | 'unclassified'
  | 'inconsistent'
  | 'unavailable'
  | 'stopped'
  | 'max_reached'
  | 'aborted';

/** The prober's answer for one address. */
export interface MailboxAnswer {
  /** The verdict (see `MailboxKind`). */
  kind: MailboxKind;
  /** Why the verdict is `unverified` or `skipped`; absent for the other kinds. */
  cause?: MailboxCause;
  /** The server's own reply behind the verdict, to quote to a person, when there was one. */
  reply?: ReplyData;
  /** The MX host name that gave the answer, or would have been probed. */
  host?: string;
  /** The provider-table entry that decided the answer (e.g. `yahoo`), when one did. */
  provider?: string;
}

/** The address to probe: the local part as written, the domain in ASCII (A-labels). */
export interface ProbeAddress {
  /** The local part, as in the address (left of the last `@`). */
  local: string;
  /** The domain, lower case, in ASCII (IDNA A-labels). */
  domain: string;
}

/** `ok`: probing ran; `unavailable`: SMTP could not be used at all; `stopped`: probing was stopped. */
export type SmtpRunStatus = 'ok' | 'unavailable' | 'stopped';

/**
 * Why the run is not `ok`:
 * - `port_blocked`: the first hosts tried could not be reached on the SMTP port;
 * - `proxy_unreachable`: the SOCKS5 proxy itself could not be reached or spoke no SOCKS5;
 * - `policy_rate`: policy/blocklist answers passed the run-wide share;
 * - `aborted`: the AbortSignal fired or `close()` was called with probes pending.
 */
export type SmtpStatusReason = 'port_blocked' | 'proxy_unreachable' | 'policy_rate' | 'aborted';

/** Counters of one prober's run, for report.json's `smtp` block. */
export interface SmtpReport {
  /** The run's status. */
  status: SmtpRunStatus;
  /** Why the status is not `ok`. */
  reason?: SmtpStatusReason;
  /** Distinct mail hosts (IP addresses) a connection was attempted to. */
  hosts: number;
  /** SMTP sessions: connections that reached the server's greeting. */
  sessions: number;
  /** RCPT commands sent, the random catch-all probes included. */
  probes: number;
  /** `probes / sessions`, rounded to two decimals; 0 without sessions. */
  rcptsPerSession: number;
  /** Addresses answered from the cache, without probing. */
  cacheHits: number;
  /** Delayed retries after a 4xx answer. */
  retries: number;
  /** Policy/blocklist answers about us. */
  policyAnswers: number;
  /** Domains found to accept any address. */
  catchAllDomains: {
    /** How many. */
    count: number;
    /** Which, sorted. */
    domains: string[];
  };
  /** Answers given, by kind. */
  answers: Record<MailboxKind, number>;
  /** `unverified` answers, by cause. */
  unverified: Partial<Record<MailboxCause, number>>;
  /** `skipped` answers, by cause. */
  skipped: Partial<Record<MailboxCause, number>>;
}
