/**
 * The lookup chain for one domain, against a real DNS server on 127.0.0.1 (test/helpers/dns-server.ts).
 * Each row asserts the verdict and exactly which queries reached the server.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { domainToASCII } from 'node:url';
import { findMailRoute } from '../src/dns/mail-route.js';
import { createUdpResolver, type UdpResolver } from '../src/dns/resolver.js';
import { startDnsServer, type DnsTestServer, type ZoneEntry } from './helpers/dns-server.js';

const IDN = domainToASCII('пошта.укр'); // xn--80a1acn3a.xn--j1amh

const ZONE: Record<string, ZoneEntry> = {
  'mx.test': { MX: [[10, 'mail.mx.test']], ttl: 120 },
  'many.test': { MX: [[20, 'b.many.test'], [5, 'a.many.test'], [10, 'c.many.test']] },
  'nullmx.test': { MX: [[0, '.']], ttl: 3600 },
  'aonly.test': { A: ['93.184.216.34'], ttl: 50 },
  'aaaaonly.test': { AAAA: ['2606:2800:220:1:248:1893:25c8:1946'] },
  'loopback.test': { A: ['127.0.0.1'], AAAA: ['::1'] },
  'private.test': { A: ['10.1.2.3', '192.168.1.1'], AAAA: ['fd00::1'] },
  'docs.test': { A: ['192.0.2.1'], AAAA: ['2001:db8::1'] },
  'nodata.test': {},
  'alias.test': { CNAME: 'target.test', ttl: 30 },
  'target.test': { MX: [[10, 'mx.target.test']], ttl: 600 },
  'alias-nochase.test': { CNAME: 'target.test', behaviour: { noChase: true } },
  'alias-dangling.test': { CNAME: 'gone.test' },
  'alias-a.test': { CNAME: 'host-a.test' },
  'host-a.test': { A: ['8.8.4.4'] },
  'loop1.test': { CNAME: 'loop2.test', behaviour: { noChase: true } },
  'loop2.test': { CNAME: 'loop1.test', behaviour: { noChase: true } },
  'servfail.test': { behaviour: { rcode: 'SERVFAIL' } },
  'refused.test': { behaviour: { rcode: 'REFUSED' } },
  'silent.test': { behaviour: { never: true } },
  'slow.test': { MX: [[1, 'mx.slow.test']], behaviour: { delayMs: 250, delayFirst: 1 } },
  'big.test': { MX: [[10, 'mx.big.test']], behaviour: { truncate: true } },
  [IDN]: { MX: [[10, 'mx.example.net']] },
};

let server: DnsTestServer;
let resolver: UdpResolver;

beforeAll(async () => {
  server = await startDnsServer(ZONE, { negativeTtl: 45 });
  // Short timeouts keep the failure rows fast; 2 retries as in production.
  resolver = createUdpResolver({ servers: [server.address], timeoutMs: 120, retries: 2 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.log.length = 0;
});

type Row = [domain: string, kind: string, why: string | undefined, queries: string[]];

describe('findMailRoute', () => {
  it.each<Row>([
    ['mx.test', 'mail', undefined, ['mx.test MX']],
    ['nullmx.test', 'no_mail', 'dns.null_mx', ['nullmx.test MX']],
    ['aonly.test', 'mail', undefined, ['aonly.test MX', 'aonly.test A']],
    ['aaaaonly.test', 'mail', undefined, ['aaaaonly.test MX', 'aaaaonly.test A', 'aaaaonly.test AAAA']],
    ['loopback.test', 'no_mail', 'dns.no_public_address', ['loopback.test MX', 'loopback.test A', 'loopback.test AAAA']],
    ['private.test', 'no_mail', 'dns.no_public_address', ['private.test MX', 'private.test A', 'private.test AAAA']],
    ['docs.test', 'no_mail', 'dns.no_public_address', ['docs.test MX', 'docs.test A', 'docs.test AAAA']],
    ['nodata.test', 'no_mail', 'dns.no_mail_records', ['nodata.test MX', 'nodata.test A', 'nodata.test AAAA']],
    ['missing.test', 'not_found', 'dns.nxdomain', ['missing.test MX']],
    ['alias.test', 'mail', undefined, ['alias.test MX']],
    ['alias-nochase.test', 'mail', undefined, ['alias-nochase.test MX', 'target.test MX']],
    ['alias-dangling.test', 'not_found', 'dns.nxdomain', ['alias-dangling.test MX']],
    // The server chased the CNAME and vouched for "no MX at the target" with its SOA: no re-query.
    ['alias-a.test', 'mail', undefined, ['alias-a.test MX', 'host-a.test A']],
    ['loop1.test', 'error', 'dns.cname_loop', Array.from({ length: 9 }, (_, i) => (i % 2 ? 'loop2.test MX' : 'loop1.test MX'))],
    ['servfail.test', 'error', 'dns.servfail', ['servfail.test MX', 'servfail.test MX', 'servfail.test MX']],
    ['refused.test', 'error', 'dns.refused', ['refused.test MX', 'refused.test MX', 'refused.test MX']],
    ['silent.test', 'error', 'dns.timeout', ['silent.test MX', 'silent.test MX', 'silent.test MX']],
    ['big.test', 'mail', undefined, ['big.test MX udp', 'big.test MX tcp']],
    [IDN, 'mail', undefined, [`${IDN} MX`]],
  ])('%s → %s %s', async (domain, kind, why, queries) => {
    const verdict = await findMailRoute(resolver, domain);
    expect(verdict.kind).toBe(kind);
    expect(verdict.why).toBe(why);
    const withTransport = queries.some((q) => q.endsWith('udp') || q.endsWith('tcp'));
    expect(server.log.map((q) => `${q.name} ${q.type}${withTransport ? ` ${q.transport}` : ''}`)).toEqual(queries);
    // The chain's own count: one per question (retries and the TCP fallback are the resolver's).
    expect(verdict.queries).toBe(kind === 'error' && why !== 'dns.cname_loop' ? 1 : withTransport ? 1 : queries.length);
  });

  it('sorts several MX by preference and keeps the smallest TTL', async () => {
    const verdict = await findMailRoute(resolver, 'many.test');
    expect(verdict).toMatchObject({ kind: 'mail', mx: [[5, 'a.many.test'], [10, 'c.many.test'], [20, 'b.many.test']], ttl: 300 });
    expect(server.count()).toBe(1);
  });

  it('takes the TTL of a CNAME chain and of negative answers from the SOA', async () => {
    expect((await findMailRoute(resolver, 'alias.test')).ttl).toBe(30);
    expect((await findMailRoute(resolver, 'missing.test')).ttl).toBe(45);
    expect((await findMailRoute(resolver, 'aonly.test')).ttl).toBe(45); // MX NODATA (45) < A (50)
  });

  it('retries a server that answers after a delay: the retry succeeds', async () => {
    const verdict = await findMailRoute(resolver, 'slow.test');
    expect(verdict.kind).toBe('mail');
    expect(server.count('slow.test', 'MX')).toBe(2); // first attempt timed out at 120 ms
    expect(verdict.queries).toBe(1); // one question asked by the chain
  });

  it('asks with EDNS0 (1232-byte payload) and recursion desired', async () => {
    await findMailRoute(resolver, 'mx.test');
    expect(server.log[0]!.ednsPayload).toBe(1232);
  });

  it('queries an IDN domain in punycode, case-insensitively', async () => {
    await findMailRoute(resolver, IDN.toUpperCase());
    expect(server.log[0]!.name).toBe('xn--80a1acn3a.xn--j1amh');
  });
});
