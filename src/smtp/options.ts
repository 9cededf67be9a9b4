/** The prober's options, and their defaults (issue 13). */
import type { SmtpAnswerCache } from './cache.js';
import { PROVIDER_RULES, type ProviderRule } from './providers.js';
import { parseSocks5Url, type Socks5Proxy } from './socks5.js';

/** Options of `createSmtpProber`. Only `from`, `helo` and `lookupHost` are required. */
export interface SmtpProberOptions {
  /** The MAIL FROM address: a real mailbox on a domain the user controls. */
  from: string;
  /** The EHLO/HELO name: the fully qualified name of the sending host. */
  helo: string;
  /** Resolves an MX host name to IP addresses (the project's DNS resolver); may reject. */
  lookupHost: (name: string) => Promise<string[]>;
  /** TCP port of the mail hosts. Default 25. */
  port?: number;
  /** Bound on the connection and on each command's reply, in ms. Default 10,000. */
  timeoutMs?: number;
  /** Mail hosts probed at once (one connection per host at most). Default 5. */
  concurrency?: number;
  /** The most addresses probed in one run; later ones are `skipped`/`max_reached`. Default: no limit. */
  maxProbes?: number;
  /** A SOCKS5 proxy, as `socks5://host:port` or parsed. */
  proxy?: string | Socks5Proxy;
  /** Probe MX hosts on loopback/private/link-local addresses. Default false. */
  allowPrivate?: boolean;
  /** Least time between two RCPTs to one host, in ms. Default 1,000 (about 1 RCPT/s per host). */
  rcptIntervalMs?: number;
  /** Wait before the one retry after a 4xx (greylisting), in ms. Default 60,000. */
  retryDelayMs?: number;
  /** Most RCPTs in one envelope before RSET and a new MAIL FROM. Default 20. */
  rcptsPerEnvelope?: number;
  /** How long a host waits for more addresses before its session starts and before QUIT, in ms. Default 100. */
  gatherMs?: number;
  /** Policy/blocklist answers from one host after which that host is not probed again. Default 2. */
  hostPolicyLimit?: number;
  /** Share of policy/blocklist answers among probes above which the run stops. Default 0.05. */
  runPolicyShare?: number;
  /** Probes needed before `runPolicyShare` is judged. Default 40. */
  runPolicyMinProbes?: number;
  /** Distinct hosts that must all be unreachable, before any is reached, to call SMTP unavailable. Default 3. */
  preflightHosts?: number;
  /** Answers kept between runs; consulted before probing, fed with new answers. */
  cache?: SmtpAnswerCache;
  /** Aborts the run: pending probes are answered `skipped`/`aborted`, open sessions end with QUIT. */
  signal?: AbortSignal;
  /** The provider table (default `PROVIDER_RULES`). */
  providers?: readonly ProviderRule[];
  /** Makes the random local part for the catch-all check (default: 24 random letters). */
  randomLocal?: () => string;
}

/** Options with every default filled in. */
export type ResolvedOptions = Required<Omit<SmtpProberOptions, 'proxy' | 'cache' | 'signal'>> & {
  proxy?: Socks5Proxy;
  cache?: SmtpAnswerCache;
  signal?: AbortSignal;
};

function randomLetters(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (b) => String.fromCharCode(97 + (b % 26))).join('');
}

function check(ok: boolean, name: string, got: unknown): void {
  if (!ok) throw new RangeError(`SMTP prober option ${name}: invalid value ${JSON.stringify(got)}`);
}

const whole = (n: number, min: number): boolean => Number.isInteger(n) && n >= min;

/** Fills in defaults and rejects values no caller should pass (the CLI validates flags before). */
export function resolveOptions(options: SmtpProberOptions): ResolvedOptions {
  const proxy = typeof options.proxy === 'string' ? parseSocks5Url(options.proxy) : options.proxy;
  check(options.proxy === undefined || proxy !== undefined, 'proxy', options.proxy);
  check(/^[^\s<>]+@[^\s<>]+$/.test(options.from), 'from', options.from);
  check(/^[A-Za-z0-9.[\]:-]+$/.test(options.helo), 'helo', options.helo);
  const resolved: ResolvedOptions = {
    from: options.from,
    helo: options.helo,
    lookupHost: options.lookupHost,
    port: options.port ?? 25,
    timeoutMs: options.timeoutMs ?? 10_000,
    concurrency: options.concurrency ?? 5,
    maxProbes: options.maxProbes ?? Number.POSITIVE_INFINITY,
    allowPrivate: options.allowPrivate ?? false,
    rcptIntervalMs: options.rcptIntervalMs ?? 1000,
    retryDelayMs: options.retryDelayMs ?? 60_000,
    rcptsPerEnvelope: options.rcptsPerEnvelope ?? 20,
    gatherMs: options.gatherMs ?? 100,
    hostPolicyLimit: options.hostPolicyLimit ?? 2,
    runPolicyShare: options.runPolicyShare ?? 0.05,
    runPolicyMinProbes: options.runPolicyMinProbes ?? 40,
    preflightHosts: options.preflightHosts ?? 3,
    providers: options.providers ?? PROVIDER_RULES,
    randomLocal: options.randomLocal ?? randomLetters,
    ...(proxy ? { proxy } : {}),
    ...(options.cache ? { cache: options.cache } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  check(whole(resolved.port, 1) && resolved.port < 65536, 'port', resolved.port);
  check(whole(resolved.concurrency, 1), 'concurrency', resolved.concurrency);
  check(whole(resolved.rcptsPerEnvelope, 1), 'rcptsPerEnvelope', resolved.rcptsPerEnvelope);
  check(whole(resolved.hostPolicyLimit, 1), 'hostPolicyLimit', resolved.hostPolicyLimit);
  check(whole(resolved.preflightHosts, 1), 'preflightHosts', resolved.preflightHosts);
  check(resolved.maxProbes >= 0, 'maxProbes', resolved.maxProbes);
  for (const name of ['timeoutMs', 'rcptIntervalMs', 'retryDelayMs', 'gatherMs', 'runPolicyMinProbes'] as const) {
    check(Number.isFinite(resolved[name]) && resolved[name] >= 0, name, resolved[name]);
  }
  check(resolved.runPolicyShare > 0 && resolved.runPolicyShare <= 1, 'runPolicyShare', resolved.runPolicyShare);
  return resolved;
}
