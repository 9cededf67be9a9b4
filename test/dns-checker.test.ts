/**
 * DomainChecker: memoisation per domain, findings, the "resolver down" rule, the cache file and
 * offline mode, against a real DNS server on 127.0.0.1.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSocket } from 'node:dgram';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DomainChecker, type DomainCheckerOptions } from '../src/dns/domain-checker.js';
import { DnsCacheError } from '../src/dns/cache.js';
import { createUdpResolver, type DnsResolver } from '../src/dns/resolver.js';
import { tempDir } from './helpers/temp.js';
import { startDnsServer, type DnsTestServer, type ZoneEntry } from './helpers/dns-server.js';

const ZONE: Record<string, ZoneEntry> = {
  'mx.test': { MX: [[10, 'mail.mx.test']], ttl: 120 },
  'nullmx.test': { MX: [[0, '.']], ttl: 3600 },
  'aonly.test': { A: ['93.184.216.34'], ttl: 600 },
  'private.test': { A: ['10.0.0.1'] },
  'nodata.test': {},
  'servfail.test': { behaviour: { rcode: 'SERVFAIL' } },
  'silent.test': { behaviour: { never: true } },
  'slow.test': { MX: [[10, 'mx.slow.test']], behaviour: { delayMs: 30 } },
};

let server: DnsTestServer;
let dir: string;
const fast = (extra: Partial<DomainCheckerOptions> = {}): Promise<DomainChecker> =>
  DomainChecker.create({ servers: [server.address], timeoutMs: 100, retries: 1, ...extra });

beforeAll(async () => {
  server = await startDnsServer(ZONE, { negativeTtl: 60 });
  dir = tempDir('kwiga-dns-');
});
afterAll(() => server.close());
beforeEach(() => {
  server.log.length = 0;
});

/** A UDP port on 127.0.0.1 with nobody listening: queries get ICMP port unreachable. */
async function closedPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

describe('DomainChecker findings', () => {
  it.each([
    ['mx.test', undefined, undefined],
    ['aonly.test', undefined, undefined],
    ['nullmx.test', 'no_mail_server', 'dns.null_mx'],
    ['private.test', 'no_mail_server', 'dns.no_public_address'],
    ['nodata.test', 'no_mail_server', 'dns.no_mail_records'],
    ['missing.test', 'domain_not_found', 'dns.nxdomain'],
    ['servfail.test', 'dns_error', 'dns.servfail'],
    ['silent.test', 'dns_error', 'dns.timeout'],
  ])('%s → %s', async (domain, code, why) => {
    const checker = await fast();
    // Prove the resolver alive first so a lone timeout is a dns_error, not "resolver down".
    await checker.lookup('mx.test');
    const finding = await checker.lookup(domain);
    expect(finding?.code).toBe(code);
    expect(finding?.why).toBe(why);
    if (finding) expect(finding.args).toEqual({ domain });
    expect(checker.report().status).toBe('ok');
  });
});

describe('memoisation and limits', () => {
  it('asks once per unique domain, whatever the number of rows, and lowercases', async () => {
    const checker = await fast();
    const rows = Array.from({ length: 500 }, (_, i) => ['mx.test', 'MX.TEST', 'aonly.test', 'missing.test'][i % 4]!);
    const findings = await Promise.all(rows.map((d) => checker.lookup(d)));
    expect(findings.filter((f) => f?.code === 'domain_not_found')).toHaveLength(125);
    expect(server.log.map((q) => `${q.name} ${q.type}`).sort()).toEqual(['aonly.test A', 'aonly.test MX', 'missing.test MX', 'mx.test MX']);
    expect(checker.report()).toMatchObject({ status: 'ok', domains: 3, lookups: 4, errors: 0, cached: 0 });
    expect(checker.progress).toEqual({ done: 3, pending: 0 });
  });

  it('keeps at most `concurrency` chains in flight', async () => {
    const inner = createUdpResolver({ servers: [server.address], timeoutMs: 500 });
    let active = 0;
    let peak = 0;
    const resolver: DnsResolver = {
      query: async (name, type) => {
        peak = Math.max(peak, ++active);
        try {
          return await inner.query(name, type);
        } finally {
          active--;
        }
      },
    };
    const checker = await DomainChecker.create({ resolver, concurrency: 3 });
    const domains = Array.from({ length: 12 }, (_, i) => `d${i}.slow.test`);
    for (const d of domains) server.zone.set(d, { MX: [[1, 'mx.test']], behaviour: { delayMs: 20 } });
    await Promise.all(domains.map((d) => checker.lookup(d)));
    expect(peak).toBe(3);
    expect(checker.report().slowest).toHaveLength(5);
    expect(checker.report().slowest![0]!.ms).toBeGreaterThanOrEqual(15);
  });
});

describe('resolver down', () => {
  it('connection refused: stops asking, status unavailable, no dns_error, one warning', async () => {
    const port = await closedPort();
    const checker = await DomainChecker.create({ servers: [`127.0.0.1:${port}`], timeoutMs: 500, retries: 1 });
    const findings = await Promise.all(['a.test', 'b.test', 'c.test', 'a.test'].map((d) => checker.lookup(d)));
    expect(findings).toEqual([undefined, undefined, undefined, undefined]);
    expect(await checker.lookup('later.test')).toBeUndefined();
    const report = checker.report();
    expect(report).toMatchObject({ status: 'unavailable', errors: 0 });
    // At most the chains started before the first refusal came back asked anything.
    expect(report.lookups).toBeLessThanOrEqual(3);
    expect(checker.warnings).toEqual([{ why: 'dns.unavailable_unreachable', args: { servers: `127.0.0.1:${port}` } }]);
  });

  it('every first lookup timing out: unavailable after a few, the rest never asked', async () => {
    const dark = await startDnsServer({}, { silent: true });
    try {
      const checker = await DomainChecker.create({ servers: [dark.address], timeoutMs: 60, retries: 1, concurrency: 2 });
      const domains = Array.from({ length: 20 }, (_, i) => `n${i}.test`);
      const findings = await Promise.all(domains.map((d) => checker.lookup(d)));
      expect(findings.every((f) => f === undefined)).toBe(true);
      expect(checker.report().status).toBe('unavailable');
      expect(checker.warnings.map((w) => w.why)).toEqual(['dns.unavailable_timeout']);
      // 3 failed chains (DOWN_AFTER) plus at most one more in flight, 2 attempts each.
      expect(dark.count()).toBeLessThanOrEqual(8);
    } finally {
      await dark.close();
    }
  });

  it('a single lone timeout with no other lookup also counts as down', async () => {
    const dark = await startDnsServer({}, { silent: true });
    try {
      const checker = await DomainChecker.create({ servers: [dark.address], timeoutMs: 50, retries: 0 });
      expect(await checker.lookup('only.test')).toBeUndefined();
      expect(checker.report().status).toBe('unavailable');
    } finally {
      await dark.close();
    }
  });

  it('a working resolver that times out on some names gives dns_error, not unavailable', async () => {
    const checker = await fast({ concurrency: 8 });
    const findings = await Promise.all(['silent.test', 'mx.test', 'nullmx.test'].map((d) => checker.lookup(d)));
    expect(findings.map((f) => f?.code)).toEqual(['dns_error', undefined, 'no_mail_server']);
    expect(checker.report()).toMatchObject({ status: 'ok', errors: 1 });
    expect(checker.warnings).toEqual([]);
  });
});

describe('--dns-cache and --offline', () => {
  it('round trip: a second run asks nothing for fresh entries; errors are not cached', async () => {
    const cacheFile = join(dir, 'roundtrip.json');
    let clock = 1_700_000_000_000;
    const now = (): number => clock;
    const domains = ['mx.test', 'nullmx.test', 'missing.test', 'servfail.test'];
    const first = await fast({ cacheFile, now });
    const before = await Promise.all(domains.map((d) => first.lookup(d)));
    await first.close();
    const saved = JSON.parse(await readFile(cacheFile, 'utf8')) as { entries: Record<string, { expiresAt: number }> };
    expect(Object.keys(saved.entries).sort()).toEqual(['missing.test', 'mx.test', 'nullmx.test']);
    expect(saved.entries['mx.test']!.expiresAt).toBe(clock + 120_000);

    server.log.length = 0;
    clock += 100_000; // mx.test (120 s) and missing.test (SOA 60 s → expired) differ now
    const second = await fast({ cacheFile, now });
    const after = await Promise.all(domains.map((d) => second.lookup(d)));
    expect(after).toEqual(before);
    expect(server.log.map((q) => q.name)).toEqual(['missing.test', 'servfail.test', 'servfail.test']);
    expect(second.report()).toMatchObject({ cached: 2, lookups: 2, domains: 4 });
  });

  it('offline with a cache: the cache alone answers, expired entries too; others unchecked', async () => {
    const cacheFile = join(dir, 'offline.json');
    const writer = await fast({ cacheFile, now: () => 0 });
    await Promise.all(['nullmx.test', 'missing.test'].map((d) => writer.lookup(d)));
    await writer.close();
    server.log.length = 0;
    const checker = await DomainChecker.create({ offline: true, cacheFile, now: () => 10 ** 13 });
    expect((await checker.lookup('nullmx.test'))?.code).toBe('no_mail_server');
    expect((await checker.lookup('missing.test'))?.code).toBe('domain_not_found');
    expect(await checker.lookup('mx.test')).toBeUndefined();
    expect(server.count()).toBe(0);
    expect(checker.report()).toMatchObject({ status: 'offline', cached: 2, lookups: 0 });
  });

  it('offline without a cache: status offline, no queries', async () => {
    const checker = await DomainChecker.create({ offline: true, servers: [server.address] });
    expect(await checker.lookup('missing.test')).toBeUndefined();
    expect(server.count()).toBe(0);
    expect(checker.report()).toMatchObject({ status: 'offline', lookups: 0 });
    await checker.close();
  });

  it('a file that is not a cache is a plain error', async () => {
    const cacheFile = join(dir, 'broken.json');
    await writeFile(cacheFile, '{ nope');
    await expect(DomainChecker.create({ offline: true, cacheFile })).rejects.toThrow(DnsCacheError);
  });
});
