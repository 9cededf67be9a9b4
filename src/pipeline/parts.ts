import { domainToASCII } from 'node:url';
import type { Config } from '../model/config.js';
import { DnsCacheError } from '../dns/cache.js';
import { DomainChecker } from '../dns/domain-checker.js';

/** The DNS defaults, for `--help`. */
export { DEFAULT_CONCURRENCY } from '../dns/domain-checker.js';
export { DEFAULT_TIMEOUT_MS } from '../dns/resolver.js';
import { resolveDnsServerSpecs } from '../dns/servers.js';
import { DnsServerSpecError } from '../model/dns-server.js';
import type { DomainCheckOptions } from '../checks/domain-facts.js';
import { Engine } from './engine.js';
import { KwigaError } from '../model/errors.js';
import type { Warning } from '../model/messages.js';
import { makePolicy, type Policy } from '../model/policy.js';
import { createSmtpProber } from '../smtp/index.js';
import { SuppressionLoadError, SuppressionSet } from '../suppression/index.js';
import { MailboxCache } from './mailbox-cache.js';
import { smtpSettings } from './smtp-settings.js';
import { MailboxStage } from './smtp-stage.js';

/** The stateful parts of a run, built from the config. */
export interface RunParts {
  /** Settings of the offline domain checks. */
  domainOptions: DomainCheckOptions;
  /** Parts that are only there when switched on. */
  optional: { dns?: DomainChecker; suppression?: SuppressionSet; smtp?: MailboxStage };
  /** The engine over these parts, with the config's policy. */
  engine: Engine;
  /**
   * Ends the SMTP sessions and saves what must outlive the run (the answer cache); never throws
   * for the cache (a file that cannot be saved becomes a warning).
   */
  close(): Promise<void>;
  /**
   * After a failed or stopped run: DNS lookups queued or in flight end at once (their sockets
   * closed), the SMTP sessions end (with QUIT), and the DNS answers already received are saved.
   */
  dispose(): Promise<void>;
  /** Run-level warnings so far (settings that do nothing, the resolver gone, the cache not saved). */
  warnings(): Warning[];
}

/** The answer-cache file: `--cache`, or its earlier name `--dns-cache`. */
export function cacheFileOf(config: Pick<Config, 'cache' | 'dnsCache'>): string | undefined {
  if (config.cache !== undefined && config.dnsCache !== undefined && config.cache !== config.dnsCache) {
    throw new KwigaError('USAGE', 'Options --cache and --dns-cache name one file (--dns-cache is the earlier name of --cache): give one of them');
  }
  return config.cache ?? config.dnsCache;
}

/**
 * Builds the domain checker, loads suppression lists, starts the SMTP prober and makes the engine,
 * as the config says. `signal` stops the prober's sessions (QUIT) when the run is stopped.
 */
export async function createParts(config: Config, checker?: DomainChecker, signal?: AbortSignal): Promise<RunParts> {
  const domainOptions: DomainCheckOptions = {
    // Rows are matched on the ASCII (punycode) domain; the lists may name IDNs in Unicode.
    allowDomains: asciiSet(config.allowDomains),
    disposableAllow: asciiSet(config.disposableAllow),
    denyDomains: asciiSet(config.denyDomains),
  };
  if (config.typo.maxDistance !== undefined) domainOptions.typoMaxDistance = config.typo.maxDistance;
  const smtp = await smtpSettings(config);
  const cacheFile = cacheFileOf(config);
  const optional: RunParts['optional'] = {};
  // Offline without a cache there is nothing to ask or read: no checker, no promise per row.
  const wantDns = checker !== undefined || !config.offline || cacheFile !== undefined;
  if (wantDns) optional.dns = checker ?? (await createChecker(config, cacheFile));
  if (config.suppress.length > 0) {
    optional.suppression = await SuppressionSet.load(config.suppress, {
      ...(config.suppression.softBounceEscalation ? { softBounceEscalation: config.suppression.softBounceEscalation } : {}),
      ...(config.suppression.softBounceExpiryDays !== undefined
        ? { softBounceExpiryDays: config.suppression.softBounceExpiryDays }
        : {}),
    }).catch((error: unknown) => {
      if (error instanceof SuppressionLoadError) throw new KwigaError('SUPPRESSION', error.message);
      throw error;
    });
  }
  const policy = makePolicy(config.policy);
  if (smtp && optional.dns) optional.smtp = mailboxStage(smtp, optional.dns, policy, signal);
  const engine = new Engine({ policy, domainOptions, roleNames: new Set(config.roleNames), ...optional });
  // --offline asks no server: a --dns-server given with it would silently do nothing.
  const settingWarnings: Warning[] =
    config.offline && config.dnsServer.length > 0 ? [{ why: 'config.offline_ignores_dns_server', args: { servers: config.dnsServer.join(', ') } }] : [];
  return {
    domainOptions,
    optional,
    engine,
    close: async () => {
      await optional.smtp?.close();
      await optional.dns?.close();
    },
    dispose: async () => {
      optional.dns?.stop();
      await optional.smtp?.dispose();
      await optional.dns?.close();
    },
    warnings: () => [...settingWarnings, ...(optional.dns?.warnings ?? []), ...(optional.smtp?.warning ? [optional.smtp.warning] : [])],
  };
}

function createChecker(config: Config, cacheFile: string | undefined): Promise<DomainChecker> {
  return (async () =>
    DomainChecker.create({
      offline: config.offline,
      // --offline means no network at all, not even to find a named server.
      servers: config.offline ? [] : await resolveDnsServerSpecs(config.dnsServer),
      ...(config.dnsTimeout !== undefined ? { timeoutMs: config.dnsTimeout } : {}),
      ...(config.concurrency !== undefined ? { concurrency: config.concurrency } : {}),
      ...(cacheFile !== undefined ? { cacheFile } : {}),
    }))().catch((error: unknown) => {
    if (error instanceof DnsServerSpecError) throw new KwigaError('USAGE', `Invalid option --dns-server: ${error.message}`);
    if (error instanceof DnsCacheError) throw new KwigaError('USAGE', error.message);
    throw error;
  });
}

/** The SMTP stage: the prober, asking MX host addresses of our own resolver, with the cache file's mailbox section. */
function mailboxStage(smtp: NonNullable<Awaited<ReturnType<typeof smtpSettings>>>, dns: DomainChecker, policy: Policy, signal: AbortSignal | undefined): MailboxStage {
  const file = dns.answerCache;
  const cache = file ? new MailboxCache(file) : undefined;
  const prober = createSmtpProber({
    ...smtp,
    lookupHost: (name) => dns.hostAddresses(name),
    ...(cache ? { cache } : {}),
    ...(signal ? { signal } : {}),
  });
  return new MailboxStage(prober, dns, policy, cache, { port: smtp.port ?? 25, proxy: smtp.proxy });
}

/** Domain names in ASCII (punycode) form: how rows are matched against lists. */
export function asciiSet(domains: readonly string[]): Set<string> {
  return new Set(domains.map((d) => domainToASCII(d) || d));
}
