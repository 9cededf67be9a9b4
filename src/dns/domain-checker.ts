/**
 * The `dns/` folder: whether a domain can receive mail — our stub resolver over UDP/TCP
 * (resolver.ts), the MX → A/AAAA chain of RFC 5321 §5.1 (mail-route.ts), the answer cache, and
 * this checker, the stage's front door. It sees domains only, never rows or files.
 *
 * What the pipeline uses: one memoised promise per unique ASCII domain, p-limit bounding the
 * chains in flight, an optional TTL cache file, and the "resolver down" rule of SPEC.md: when the
 * resolver never answers at all, stop asking and go on as offline instead of sending every row
 * to review.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import type { Finding } from '../model/findings.js';
import type { Warning } from '../model/messages.js';
import type { DnsReport } from '../model/report.js';
import { findHostAddresses, findMailRoute, mailHosts, type DnsMessageKey, type MailRoute } from './mail-route.js';
import { DnsCache } from './cache.js';
import { createUdpResolver, DnsQueryError, UdpResolver, type DnsQueryType, type DnsResolver, type DnsResponse } from './resolver.js';
import { formatDnsServer } from './servers.js';

/** Options of {@link DomainChecker.create}; the CLI flags in camelCase. */
export interface DomainCheckerOptions {
  /** A resolver to use instead of the UDP one (library users, tests). */
  resolver?: DnsResolver;
  /** `--dns-server` specs; default: the system's resolvers. */
  servers?: string[];
  /** `--dns-timeout`: per-attempt timeout in ms. */
  timeoutMs?: number;
  /** Attempts after the first. */
  retries?: number;
  /** `--concurrency`: lookup chains in flight (one chain per unique domain). */
  concurrency?: number;
  /** `--offline`: never ask; only the cache (if any) answers. */
  offline?: boolean;
  /** `--cache` (`--dns-cache`): JSON answer-cache file, read at create and written by close. */
  cacheFile?: string;
  /** Clock in ms (tests). */
  now?: () => number;
}

/**
 * Default chains in flight. bench/dns-bench.mjs (5,000 domains, 20 ms per answer, 2 cores):
 * ms per 1,000 domains = 3656 @8, 1895 @16, 1007 @32, 512 @64, 280 @128, 223 @256. Time falls
 * linearly up to 128, then the client's own per-packet cost dominates. 64 takes half a second per
 * 1,000 domains (a 100k-domain list in under a minute) while staying well under dnsmasq's default
 * of 150 forwarded queries in flight (dns-forward-max, the resolver in most home routers) and
 * the per-client rate limits of public resolvers; --concurrency raises it for a local unbound.
 */
export const DEFAULT_CONCURRENCY = 64;
/** Silent failures (no response at all) before the resolver counts as down, if none answered. */
const DOWN_AFTER = 3;
/** Entries kept in `slowest`. */
const SLOWEST = 5;
const SILENT = new Set(['dns.timeout', 'dns.unreachable', 'dns.stopped']);

/** Domain checks for one run. */
export class DomainChecker {
  /** For the spinner: chains finished and chains started but not finished. */
  readonly progress = { done: 0, pending: 0 };
  private readonly memo = new Map<string, Promise<Finding | undefined>>();
  /** Mail domains' hosts in preference order, filled before their `lookup` promise settles. */
  private readonly routes = new Map<string, readonly string[]>();
  /** Cached `mail` verdicts from a file written before hosts were kept: asked again only if a route is wanted. */
  private readonly hostless = new Map<string, Promise<void> | undefined>();
  private readonly hostMemo = new Map<string, Promise<string[]>>();
  private readonly limit: LimitFunction;
  private readonly now: () => number;
  private readonly counts = { domains: 0, lookups: 0, errors: 0, cached: 0 };
  private slowest: Array<{ domain: string; ms: number }> = [];
  private answered = false;
  private down: 'timeout' | 'unreachable' | undefined;
  private silentFailures = 0;
  private inFlight = 0;
  private waiters: Array<() => void> = [];
  private readonly guarded: DnsResolver;

  private constructor(
    private readonly options: DomainCheckerOptions,
    private readonly resolver: DnsResolver | undefined,
    private readonly cache: DnsCache | undefined,
  ) {
    this.limit = pLimit(options.concurrency ?? DEFAULT_CONCURRENCY);
    this.now = options.now ?? Date.now;
    this.guarded = { query: (name, type) => this.query(name, type) };
  }

  /** Builds the checker; loads the cache file if given (throws DnsCacheError if unreadable). */
  static async create(options: DomainCheckerOptions): Promise<DomainChecker> {
    const cache = options.cacheFile !== undefined ? await DnsCache.load(options.cacheFile) : undefined;
    let resolver: DnsResolver | undefined;
    if (!options.offline) {
      resolver = options.resolver ?? createUdpResolver(pick(options));
    }
    return new DomainChecker(options, resolver, cache);
  }

  /**
   * Memoised per domain; resolves to the finding for rows of this domain (domain_not_found /
   * no_mail_server / dns_error with why + args {domain}) or undefined when mail can be delivered
   * or the domain was not checked. Never rejects.
   */
  lookup(asciiDomain: string): Promise<Finding | undefined> {
    const domain = asciiDomain.toLowerCase();
    let found = this.memo.get(domain);
    if (!found) {
      found = this.run(domain).catch(() => undefined);
      this.memo.set(domain, found);
    }
    return found;
  }

  /**
   * The hosts mail for the domain goes to, in preference order (its MX exchanges, or the domain
   * itself for an implicit MX), from the same memo as `lookup`: no second lookup. Undefined when
   * the domain takes no mail or was not checked (offline, resolver down, error).
   */
  async route(asciiDomain: string): Promise<readonly string[] | undefined> {
    const domain = asciiDomain.toLowerCase();
    await this.lookup(domain);
    if (this.hostless.has(domain)) await this.refresh(domain);
    return this.routes.get(domain);
  }

  /** A cached `mail` verdict without its hosts: the chain once more (memoised), for its route. */
  private refresh(domain: string): Promise<void> {
    let pending = this.hostless.get(domain);
    if (!pending) {
      pending = this.resolver && !this.down
        ? this.limit(() => this.chain(domain)).then((verdict) => {
            const hosts = verdict && mailHosts(verdict, domain);
            if (!verdict || !hosts) return;
            this.routes.set(domain, hosts);
            this.cache?.put(domain, verdict, this.now(), hosts);
          }).catch(() => undefined)
        : Promise.resolve();
      this.hostless.set(domain, pending);
    }
    return pending;
  }

  /**
   * A mail host's IP addresses through our resolver (A, then AAAA; never the system's
   * getaddrinfo), memoised per host name and counted as lookups. Empty when there are none, the
   * lookup failed, or the run is offline.
   */
  hostAddresses(host: string): Promise<string[]> {
    const name = host.toLowerCase().replace(/\.$/, '');
    let found = this.hostMemo.get(name);
    if (!found) {
      found = this.resolver && !this.down ? this.limit(() => findHostAddresses(this.guarded, name)).catch(() => []) : Promise.resolve([]);
      this.hostMemo.set(name, found);
    }
    return found;
  }

  /** The loaded answer cache, for parts that keep a section in the same file (`--cache`). */
  get answerCache(): DnsCache | undefined {
    return this.cache;
  }

  /** The report.json `dns` block. */
  report(): Required<DnsReport> {
    const status = this.options.offline ? 'offline' : this.down ? 'unavailable' : 'ok';
    return { status, ...this.counts, slowest: this.slowest.map((s) => ({ ...s })) };
  }

  /** The warning when the resolver turned out to be unavailable (else undefined); the CLI words it. */
  get warning(): Warning | undefined {
    if (!this.down) return undefined;
    const servers =
      this.resolver instanceof UdpResolver
        ? this.resolver.servers.map(formatDnsServer).join(', ')
        : (this.options.servers ?? []).join(', ') || 'the DNS server';
    return { why: this.down === 'timeout' ? 'dns.unavailable_timeout' : 'dns.unavailable_unreachable', args: { servers } };
  }

  /** Writes the cache atomically (tmp file + rename) when cacheFile was given. */
  async close(): Promise<void> {
    if (this.cache && this.options.cacheFile !== undefined) await this.cache.save(this.options.cacheFile);
  }

  private async run(domain: string): Promise<Finding | undefined> {
    this.counts.domains++;
    const cached = this.cache?.get(domain, this.now(), this.options.offline === true);
    if (cached) {
      this.counts.cached++;
      if (cached.hosts) this.routes.set(domain, cached.hosts);
      // A file written before hosts were kept: `route` asks again, only if someone wants it.
      else if (cached.kind === 'mail') this.hostless.set(domain, undefined);
      return findingFor(cached.kind, cached.why, domain);
    }
    if (!this.resolver || this.down) return undefined;
    this.progress.pending++;
    try {
      const verdict = await this.limit(() => this.chain(domain));
      if (verdict === undefined) return undefined;
      if (isSilent(verdict) && !(await this.stillUp())) {
        return undefined;
      }
      const hosts = mailHosts(verdict, domain);
      if (hosts) this.routes.set(domain, hosts);
      if (verdict.kind === 'error') this.counts.errors++;
      else this.cache?.put(domain, verdict, this.now(), hosts);
      return findingFor(verdict.kind, verdict.why, domain);
    } finally {
      this.progress.pending--;
      this.progress.done++;
    }
  }

  private async chain(domain: string): Promise<MailRoute | undefined> {
    if (this.down) return undefined;
    this.inFlight++;
    const started = this.now();
    let verdict: MailRoute | undefined;
    try {
      verdict = await findMailRoute(this.guarded, domain);
      return verdict;
    } finally {
      this.inFlight--;
      this.noteSlow(domain, this.now() - started);
      // Judge the resolver before this slot starts the next queued chain, so none asks in vain.
      if (verdict && isSilent(verdict) && !this.answered) {
        this.silentFailures++;
        if (verdict.why === 'dns.unreachable') this.markDown('unreachable');
        else if (this.silentFailures >= DOWN_AFTER) this.markDown('timeout');
      }
      // The last chain ended and none proved the resolver alive: it never answered.
      if (!this.answered && this.silentFailures > 0 && this.idle()) this.markDown('timeout');
    }
  }

  /** Every question goes through here: counted, refused once the resolver is known down. */
  private async query(name: string, type: DnsQueryType): Promise<DnsResponse> {
    if (this.down) throw new DnsQueryError('stopped', undefined, 'DNS is unavailable; not asking');
    this.counts.lookups++;
    const response = await this.resolver!.query(name, type);
    if (!this.answered) {
      this.answered = true;
      this.wake();
    }
    return response;
  }

  /**
   * After a chain got no response at all: true if the resolver is known to work (the domain is a
   * real dns_error), false if it is down. Waits while undecided: the next chain to get an answer,
   * or to fail as the DOWN_AFTER-th or the last one, decides (see `chain`).
   */
  private async stillUp(): Promise<boolean> {
    if (!this.down && !this.answered) await new Promise<void>((wake) => this.waiters.push(wake));
    return !this.down;
  }

  /** No chain running and none queued. */
  private idle(): boolean {
    return this.inFlight === 0 && this.limit.pendingCount === 0;
  }

  private markDown(cause: 'timeout' | 'unreachable'): void {
    if (this.down || this.answered) return;
    this.down = cause;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  private noteSlow(domain: string, ms: number): void {
    if (this.slowest.length === SLOWEST && ms <= this.slowest[SLOWEST - 1]!.ms) return;
    this.slowest.push({ domain, ms });
    this.slowest.sort((a, b) => b.ms - a.ms);
    if (this.slowest.length > SLOWEST) this.slowest.pop();
  }
}

/** A chain that ended without any response from the resolver. */
function isSilent(verdict: MailRoute): boolean {
  return verdict.kind === 'error' && SILENT.has(verdict.why ?? '');
}

function pick({ servers, timeoutMs, retries }: DomainCheckerOptions): { servers?: string[]; timeoutMs?: number; retries?: number } {
  return { ...(servers !== undefined ? { servers } : {}), ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(retries !== undefined ? { retries } : {}) };
}

/** The row finding for a verdict; undefined for deliverable domains. */
function findingFor(kind: MailRoute['kind'], why: DnsMessageKey | undefined, domain: string): Finding | undefined {
  const args = { domain };
  switch (kind) {
    case 'mail':
      return undefined;
    case 'not_found':
      return { code: 'domain_not_found', why: why ?? 'dns.nxdomain', args };
    case 'no_mail':
      return { code: 'no_mail_server', why: why ?? 'dns.no_mail_records', args };
    case 'error':
      return { code: 'dns_error', why: why ?? 'dns.bad_rcode', args };
  }
}
