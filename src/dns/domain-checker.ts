/**
 * The `dns/` folder: whether a domain can receive mail — our stub resolver over UDP/TCP
 * (resolver.ts), the MX → A/AAAA chain of RFC 5321 §5.1 (mail-route.ts), the answer cache, and
 * this checker, the stage's front door. It sees domains only, never rows or files.
 *
 * What the pipeline uses: one memoised promise per unique ASCII domain, p-limit bounding the
 * chains in flight, an optional TTL cache file, and the "resolver down" rule of SPEC.md: when the
 * resolver never answers at all, or stops answering mid-run (watch.ts), stop asking and go on as
 * offline instead of sending every row to review.
 */
import pLimit, { type LimitFunction } from 'p-limit';
import type { Finding } from '../model/findings.js';
import type { Warning } from '../model/messages.js';
import type { DnsReport } from '../model/report.js';
import { findHostAddresses, findMailRoute, mailHosts, type DnsMessageKey, type MailRoute } from './mail-route.js';
import { DnsCache } from './cache.js';
import { createUdpResolver, DEFAULT_RETRIES, DEFAULT_TIMEOUT_MS, DnsQueryError, UdpResolver, type DnsQueryType, type DnsResolver, type DnsResponse } from './resolver.js';
import { ResolverWatch, type UnservedCause } from './watch.js';
import { Pace } from './pace.js';
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
/** Entries kept in `slowest`. */
const SLOWEST = 5;
const SILENT = new Set(['dns.timeout', 'dns.unreachable', 'dns.stopped']);
/** Chains that got responses but no service: which kind of "resolver unusable" each would mean. */
const UNSERVED: Partial<Record<DnsMessageKey, UnservedCause>> = { 'dns.refused': 'refused', 'dns.referral': 'refused', 'dns.servfail': 'servfail' };

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
  private readonly watch: ResolverWatch;
  /** Fewer chains at once while the resolver sheds load (pace.ts). */
  readonly pace: Pace;
  private readonly guarded: DnsResolver;
  private stopped = false;
  private saveFailed: Warning | undefined;

  private constructor(
    private readonly options: DomainCheckerOptions,
    private readonly resolver: DnsResolver | undefined,
    private readonly cache: DnsCache | undefined,
  ) {
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.limit = pLimit(concurrency);
    this.now = options.now ?? Date.now;
    this.guarded = { query: (name, type) => this.query(name, type) };
    // One query's whole budget: every attempt timing out.
    const attemptMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.pace = new Pace(this.limit, concurrency, attemptMs, this.now);
    const budget = attemptMs * ((options.retries ?? DEFAULT_RETRIES) + 1);
    this.watch = new ResolverWatch({
      now: this.now,
      attemptMs,
      silenceMs: 2 * budget,
      // Fewer chains at once give fewer witnesses: 3 to 8 domains in a row.
      goneAfter: Math.max(3, Math.min(8, concurrency)),
      idle: () => this.limit.activeCount === 0 && this.limit.pendingCount === 0,
      probe: async (name) => {
        if (!this.resolver || this.stopped) return false;
        this.counts.lookups++;
        return this.resolver.query(name, 'MX').then(() => true, () => false);
      },
      // Exchanges still waiting would each wait out their whole budget for nothing.
      onDown: () => {
        if (this.resolver instanceof UdpResolver) this.resolver.close();
      },
    });
  }

  /** Builds the checker; loads the cache file if given (throws DnsCacheError if unreadable). */
  static async create(options: DomainCheckerOptions): Promise<DomainChecker> {
    // Offline, nothing new is learnt and the file is never written.
    if (options.cacheFile !== undefined && !options.offline) await DnsCache.checkWritable(options.cacheFile);
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
      pending = this.resolver && !this.watch.down && !this.stopped
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
      found = this.resolver && !this.watch.down && !this.stopped ? this.limit(() => findHostAddresses(this.guarded, name)).catch(() => []) : Promise.resolve([]);
      this.hostMemo.set(name, found);
    }
    return found;
  }

  /** The loaded answer cache, for parts that keep a section in the same file (`--cache`). */
  get answerCache(): DnsCache | undefined {
    return this.cache;
  }

  /** The report.json `dns` block. */
  report(): DnsReport {
    const status = this.options.offline ? 'offline' : this.watch.down ? 'unavailable' : 'ok';
    const report: DnsReport = { status, ...this.counts, slowest: this.slowest.map((s) => ({ ...s })) };
    // A resolver that died mid-run: when it answered last, and how many answers came before.
    if (this.watch.down === 'gone') {
      report.answers = this.watch.answers;
      if (this.watch.lastAnswerAt !== undefined) report.lastAnswerAt = new Date(this.watch.lastAnswerAt).toISOString();
    }
    return report;
  }

  /** Run-level warnings (the resolver went away, the cache could not be saved); the caller words them. */
  get warnings(): Warning[] {
    const out: Warning[] = [];
    if (this.watch.down) {
      const servers =
        this.resolver instanceof UdpResolver ? this.resolver.servers.map(formatDnsServer).join(', ') : (this.options.servers ?? []).join(', ');
      out.push(this.watch.warning(servers));
    }
    if (this.saveFailed) out.push(this.saveFailed);
    return out;
  }

  /**
   * Writes the cache atomically (tmp file + rename) when cacheFile was given. Never throws: a cache
   * that cannot be saved (a disk that filled up during the run) must not cost the run's results,
   * so the failure becomes a warning (see `warnings`).
   */
  async close(): Promise<void> {
    if (!this.cache || this.options.cacheFile === undefined) return;
    const file = this.options.cacheFile;
    await this.cache.save(file).catch((error: unknown) => {
      const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
      this.saveFailed = { why: 'dns.cache_not_saved', args: { file, code } };
    });
  }

  /**
   * Stops a run's lookups (the run was stopped or failed): queued chains never start, waiting ones
   * end unchecked, and the resolver's open sockets close, so the process can exit at once.
   */
  stop(): void {
    this.stopped = true;
    this.limit.clearQueue();
    this.watch.stop();
    if (this.resolver instanceof UdpResolver) this.resolver.close();
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
    if (!this.resolver || this.watch.down || this.stopped) return undefined;
    this.progress.pending++;
    try {
      for (let retried = false; ; retried = true) {
        let started = 0;
        const verdict = await this.limit(() => {
          started = this.pace.start();
          return this.chain(domain);
        });
        if (verdict === undefined) return undefined;
        const unserved = verdict.why && UNSERVED[verdict.why];
        const refused = verdict.why === 'dns.refused';
        this.pace.ended(started, isSilent(verdict) ? 'silent' : refused ? 'refused' : unserved ? 'failed' : 'served');
        if (isSilent(verdict)) {
          const next = await this.watch.silent(verdict.why === 'dns.unreachable', retried);
          if (next === 'offline') return undefined;
          if (next === 'retry' || (!retried && this.pace.shed(started))) continue;
        } else if (unserved) {
          if ((await this.watch.unserved(unserved)) === 'offline') return undefined;
          if (refused && !retried && this.pace.shed(started)) continue;
        } else {
          this.watch.ended();
        }
        const hosts = mailHosts(verdict, domain);
        if (hosts) this.routes.set(domain, hosts);
        if (verdict.kind === 'error') this.counts.errors++;
        else this.cache?.put(domain, verdict, this.now(), hosts);
        return findingFor(verdict.kind, verdict.why, domain);
      }
    } finally {
      this.progress.pending--;
      this.progress.done++;
    }
  }

  private async chain(domain: string): Promise<MailRoute | undefined> {
    if (this.watch.down || this.stopped) return undefined;
    const started = this.now();
    try {
      return await findMailRoute(this.guarded, domain);
    } finally {
      this.noteSlow(domain, this.now() - started);
    }
  }

  /** Every question goes through here: counted, refused once the resolver is known down. */
  private async query(name: string, type: DnsQueryType): Promise<DnsResponse> {
    if (this.watch.down || this.stopped) throw new DnsQueryError('stopped', undefined, 'DNS is unavailable; not asking');
    this.counts.lookups++;
    const response = await this.resolver!.query(name, type);
    this.watch.answered(name);
    if (servesUs(response)) this.watch.servedUs();
    return response;
  }

  private noteSlow(domain: string, ms: number): void {
    if (this.slowest.length === SLOWEST && ms <= this.slowest[SLOWEST - 1]!.ms) return;
    // A domain asked twice (a chain caught in a stall asks again) is listed once, by its slower try.
    const seen = this.slowest.find((s) => s.domain === domain);
    if (seen) {
      seen.ms = Math.max(seen.ms, ms);
      this.slowest.sort((a, b) => b.ms - a.ms);
      return;
    }
    this.slowest.push({ domain, ms });
    this.slowest.sort((a, b) => b.ms - a.ms);
    if (this.slowest.length > SLOWEST) this.slowest.pop();
  }
}

/**
 * A response that shows the resolver resolving names for us: recursion available (RFC 1035
 * §4.1.1) and an answer or NXDOMAIN, not a referral. REFUSED, SERVFAIL and referrals do not.
 */
function servesUs(response: DnsResponse): boolean {
  if (response.recursionAvailable === false || response.referral) return false;
  return response.rcode === 'NOERROR' || response.rcode === 'NXDOMAIN';
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
