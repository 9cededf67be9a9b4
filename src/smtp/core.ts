/**
 * The prober's state: domains (their MX candidates, queued addresses, catch-all state), hosts (one
 * session at a time each, at most `concurrency` at once), and the run (pre-flight, breakers, halt).
 * Sessions (host-session.ts) and RCPT verdicts (verdicts.ts) act on it through these methods.
 */
import { isIP } from 'node:net';
import type { ConnectFailure } from './connect.js';
import { runHost } from './host-session.js';
import { isPrivateAddress } from './ip.js';
import type { ResolvedOptions } from './options.js';
import { answerOf, type DomainJob, type HostState, type Item } from './state.js';
import type { MailboxAnswer, MailboxCause, ReplyData, SmtpRunStatus, SmtpStatusReason } from './types.js';

/** The run: what sessions and verdicts act on. */
export class ProberCore {
  /** Every domain seen in the run, by domain. */
  readonly jobs = new Map<string, DomainJob>();
  /** Every host (IP address) a domain was routed to. */
  readonly hosts = new Map<string, HostState>();
  /** The host sessions running now. */
  readonly running = new Set<Promise<void>>();
  /** Domains found catch-all. */
  readonly catchAllDomains = new Set<string>();
  /** Aborted on abort/close: in-flight reads stop waiting, sessions QUIT. */
  readonly stop = new AbortController();
  /** Set by `close()`: sessions stop waiting for more work. */
  closing = false;
  /** The run's status (see `SmtpReport`). */
  status: SmtpRunStatus = 'ok';
  /** Why the status is not `ok`. */
  reason?: SmtpStatusReason;
  /** Once the run halted: the answer for everything still pending or still to come. */
  halt?: MailboxAnswer;
  /** Sessions that got through the greeting and EHLO/HELO. */
  sessions = 0;
  /** RCPT commands sent. */
  probes = 0;
  /** Delayed retries after a 4xx. */
  retries = 0;
  /** Policy/blocklist answers about us. */
  policyAnswers = 0;
  private readonly waiting: HostState[] = [];
  private readonly parked = new Set<DomainJob>();
  private readonly delayed = new Set<{ timer: NodeJS.Timeout; job: DomainJob; item: Item }>();
  private readonly unreached = new Set<string>();
  private reached = false;
  private activeHosts = 0;
  private lookups = 0;

  constructor(readonly options: ResolvedOptions) {}

  /** Queues an item for its domain (front: next RCPT), or answers it if the domain is decided. */
  enqueue(job: DomainJob, item: Item, front = false): void {
    if (this.halt) return item.settle(this.halt);
    if (job.final) return item.settle(job.final);
    if (front) job.queue.unshift(item);
    else job.queue.push(item);
    this.route(job);
  }

  /** Puts the domain on a host and wakes that host, resolving its next MX name first if needed. */
  route(job: DomainJob): void {
    if (job.host) {
      job.host.jobs.add(job);
      job.host.wake?.();
      return this.kick(job.host);
    }
    if (job.routing || this.parked.has(job)) return;
    job.routing = true;
    this.lookups += 1;
    void this.resolveHost(job).finally(() => {
      job.routing = false;
      this.lookups -= 1;
      if (this.halt) this.release(job, this.halt);
      else if (job.host) this.route(job);
      else this.noHost(job);
      this.checkIdle();
    });
  }

  private async resolveHost(job: DomainJob): Promise<void> {
    while (job.next < job.mx.length && !this.halt) {
      const name = job.mx[job.next]!;
      const ips = (await this.options.lookupHost(name).catch(() => [] as string[])).filter((ip) => isIP(ip) !== 0);
      const usable = this.options.allowPrivate ? ips : ips.filter((ip) => !isPrivateAddress(ip));
      if (ips.length > 0 && usable.length === 0) job.sawPrivate = true;
      const host = usable[0] === undefined ? undefined : this.hostFor(usable[0]);
      if (host?.stopped) return this.finalize(job, answerOf('unverified', 'policy', undefined, name));
      if (host && !host.dead) {
        job.host = host;
        job.hostName = name;
        return;
      }
      if (host?.dead) job.lastFailure = host.dead;
      job.next += 1;
    }
  }

  private hostFor(ip: string): HostState {
    let host = this.hosts.get(ip);
    if (!host) {
      host = { ip, jobs: new Set(), active: false, attempted: false, policy: 0, strikes: 0, served: false, nextRcptAt: 0 };
      this.hosts.set(ip, host);
    }
    return host;
  }

  /** No MX host is left. Before any host was reached, a dead host may mean port 25 is blocked: park. */
  private noHost(job: DomainJob): void {
    if (job.final) return this.release(job, job.final);
    const cause = job.lastFailure ?? (job.sawPrivate ? 'private_mx' : 'unresolved');
    if ((cause === 'refused' || cause === 'timeout') && !this.reached) {
      this.parked.add(job);
      return;
    }
    this.finalize(job, answerOf('unverified', cause, undefined, job.mx[0]));
  }

  /** Every address of the domain, queued or later, gets `answer`. */
  finalize(job: DomainJob, answer: MailboxAnswer): void {
    job.final = answer;
    this.release(job, answer);
  }

  /** Answers everything waiting in a domain: held answers first, then the queue. */
  release(job: DomainJob, answer: MailboxAnswer): void {
    for (const held of job.held.splice(0)) held.item.settle(answer);
    for (const item of job.queue.splice(0)) item.settle(answer);
  }

  /** The next domain with queued addresses on this host. */
  nextJob(host: HostState): DomainJob | undefined {
    for (const job of host.jobs) if (job.host === host && job.queue.length > 0 && !job.final) return job;
    return undefined;
  }

  private kick(host: HostState): void {
    if (host.active || this.halt || !this.nextJob(host)) return;
    if (this.activeHosts < this.options.concurrency) this.start(host);
    else if (!this.waiting.includes(host)) this.waiting.push(host);
  }

  private start(host: HostState): void {
    host.active = true;
    this.activeHosts += 1;
    const run: Promise<void> = runHost(this, host)
      .catch(() => this.hostDead(host, 'protocol'))
      .finally(() => {
        host.active = false;
        host.wake = undefined;
        this.activeHosts -= 1;
        this.running.delete(run);
        if (this.nextJob(host) && !this.halt && !this.waiting.includes(host)) this.waiting.push(host);
        while (this.activeHosts < this.options.concurrency && this.waiting.length > 0) this.kick(this.waiting.shift()!);
        this.checkIdle();
      });
    this.running.add(run);
  }

  /** A connection attempt failed: pre-flight bookkeeping, then the host is dead for the run. */
  connectFailed(host: HostState, failure: ConnectFailure): void {
    if (failure === 'proxy_unreachable') return this.unavailable('proxy_unreachable');
    if (!this.reached) {
      this.unreached.add(host.ip);
      if (this.unreached.size >= this.options.preflightHosts) return this.unavailable('port_blocked');
    }
    this.hostDead(host, failure === 'timeout' ? 'timeout' : 'refused');
  }

  /** A connection was made: the SMTP port is reachable from here; parked domains get their answers. */
  connected(): void {
    if (this.reached) return;
    this.reached = true;
    for (const job of this.parked) {
      this.parked.delete(job);
      this.finalize(job, answerOf('unverified', job.lastFailure ?? 'refused', undefined, job.mx[0]));
    }
  }

  /** The host cannot be used: its domains move to their next MX host. */
  hostDead(host: HostState, cause: MailboxCause): void {
    host.dead = cause;
    for (const job of [...host.jobs]) {
      if (job.host !== host) continue;
      job.host = undefined;
      job.lastFailure = cause;
      job.next += 1;
      this.route(job);
    }
    host.jobs.clear();
  }

  /** A policy/blocklist answer about us: per-host breaker, then the run-wide share. */
  policyAnswer(host: HostState, reply: ReplyData, stopNow = false): void {
    this.policyAnswers += 1;
    host.policy += 1;
    if (stopNow || host.policy >= this.options.hostPolicyLimit) {
      host.stopped = true;
      for (const job of host.jobs) if (job.host === host) this.finalize(job, answerOf('unverified', 'policy', reply, job.hostName));
    }
    const sample = Math.max(this.probes, this.policyAnswers);
    if (sample >= this.options.runPolicyMinProbes && this.policyAnswers / sample > this.options.runPolicyShare) this.stopRun('policy_rate');
  }

  /** The one delayed retry after a 4xx. */
  delay(job: DomainJob, item: Item): void {
    this.retries += 1;
    const entry = {
      job,
      item,
      timer: setTimeout(() => {
        this.delayed.delete(entry);
        this.enqueue(job, item);
      }, this.options.retryDelayMs),
    };
    this.delayed.add(entry);
  }

  /** Stops the whole run: everything pending is `skipped`; sessions end with QUIT. */
  stopRun(reason: 'policy_rate' | 'aborted'): void {
    if (this.halt) return;
    this.status = 'stopped';
    this.reason = reason;
    this.haltAll(answerOf('skipped', reason === 'aborted' ? 'aborted' : 'stopped'));
    if (reason === 'aborted') this.stop.abort();
  }

  private unavailable(reason: 'port_blocked' | 'proxy_unreachable'): void {
    if (this.halt) return;
    this.status = 'unavailable';
    this.reason = reason;
    this.haltAll(answerOf('skipped', 'unavailable'));
  }

  private haltAll(answer: MailboxAnswer): void {
    this.halt = answer;
    for (const entry of this.delayed) {
      clearTimeout(entry.timer);
      entry.item.settle(answer);
    }
    this.delayed.clear();
    for (const job of this.parked) this.release(job, answer);
    this.parked.clear();
    for (const job of this.jobs.values()) this.release(job, answer);
    for (const host of this.hosts.values()) host.wake?.();
    this.waiting.length = 0;
  }

  /**
   * Nothing can move any more and fewer than `preflightHosts` hosts were tried: too few to call
   * SMTP unavailable, so the parked domains get their hosts' failure.
   */
  private checkIdle(): void {
    if (this.parked.size === 0 || this.activeHosts > 0 || this.waiting.length > 0 || this.lookups > 0) return;
    const jobs = [...this.parked];
    this.parked.clear();
    for (const job of jobs) this.finalize(job, answerOf('unverified', job.lastFailure ?? 'refused', undefined, job.mx[0]));
  }
}
