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
import { makePolicy } from '../model/policy.js';
import { SuppressionLoadError, SuppressionSet } from '../suppression/index.js';

/** The stateful parts of a run, built from the config. */
export interface RunParts {
  /** Settings of the offline domain checks. */
  domainOptions: DomainCheckOptions;
  /** Parts that are only there when switched on. */
  optional: { dns?: DomainChecker; suppression?: SuppressionSet };
  /** The engine over these parts, with the config's policy. */
  engine: Engine;
  /** Saves what must outlive the run (the DNS cache); never throws (a failure becomes a warning). */
  close(): Promise<void>;
  /** Stops work still in flight (queued and running DNS lookups): the run was stopped or failed. */
  stop(): void;
  /** Run-level warnings so far (settings that do nothing, the resolver gone, the cache not saved). */
  warnings(): Warning[];
}

/** Builds the domain checker, loads suppression lists and makes the engine, as the config says. */
export async function createParts(config: Config, checker?: DomainChecker): Promise<RunParts> {
  const domainOptions: DomainCheckOptions = {
    // Rows are matched on the ASCII (punycode) domain; the lists may name IDNs in Unicode.
    allowDomains: asciiSet(config.allowDomains),
    disposableAllow: asciiSet(config.disposableAllow),
    denyDomains: asciiSet(config.denyDomains),
  };
  if (config.typo.maxDistance !== undefined) domainOptions.typoMaxDistance = config.typo.maxDistance;
  const optional: RunParts['optional'] = {};
  // Offline without a cache there is nothing to ask or read: no checker, no promise per row.
  const wantDns = checker !== undefined || !config.offline || config.dnsCache !== undefined;
  if (wantDns) optional.dns =
    checker ??
    (await DomainChecker.create({
      offline: config.offline,
      // --offline means no network at all, not even to find a named server.
      servers: config.offline ? [] : await resolveDnsServerSpecs(config.dnsServer).catch((error: unknown) => {
        throw error instanceof DnsServerSpecError ? new KwigaError('USAGE', `Invalid option --dns-server: ${error.message}`) : error;
      }),
      ...(config.dnsTimeout !== undefined ? { timeoutMs: config.dnsTimeout } : {}),
      ...(config.concurrency !== undefined ? { concurrency: config.concurrency } : {}),
      ...(config.dnsCache !== undefined ? { cacheFile: config.dnsCache } : {}),
    }).catch((error: unknown) => {
      if (error instanceof DnsServerSpecError) throw new KwigaError('USAGE', `Invalid option --dns-server: ${error.message}`);
      if (error instanceof DnsCacheError) throw new KwigaError('USAGE', error.message);
      throw error;
    }));
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
  const engine = new Engine({ policy: makePolicy(config.policy), domainOptions, roleNames: new Set(config.roleNames), ...optional });
  // --offline asks no server: a --dns-server given with it would silently do nothing.
  const settingWarnings: Warning[] =
    config.offline && config.dnsServer.length > 0 ? [{ why: 'config.offline_ignores_dns_server', args: { servers: config.dnsServer.join(', ') } }] : [];
  return {
    domainOptions,
    optional,
    engine,
    close: async () => optional.dns?.close(),
    stop: () => optional.dns?.stop(),
    warnings: () => [...settingWarnings, ...(optional.dns?.warnings ?? [])],
  };
}

function asciiSet(domains: readonly string[]): Set<string> {
  return new Set(domains.map((d) => domainToASCII(d) || d));
}
