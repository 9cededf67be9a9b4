/**
 * Answers captured from real DNS software (unbound 1.17.1, BIND 9.18.49, NSD 4.6.1; the lab in
 * docs/dns-real-servers.md), replayed byte for byte by our test server on 127.0.0.1, and what the
 * check makes of them. Each case was wrong before: see the verdict table in that document.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainChecker } from '../src/dns/domain-checker.js';
import { findMailRoute } from '../src/dns/mail-route.js';
import { createUdpResolver } from '../src/dns/resolver.js';
import { runCli, tempDir } from './helpers/cli.js';
import { startDnsServer, type DnsTestServer, type ZoneEntry } from './helpers/dns-server.js';
import { readReport } from './helpers/report.js';

interface Captured {
  server: string;
  question: string;
  hex: string;
}
const ANSWERS = (
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'dns-real', 'answers.json'), 'utf8')) as {
    answers: Record<string, Captured>;
  }
).answers;

/** The captured reply `key`, for the name it was captured for. */
function replay(key: string): [string, ZoneEntry] {
  const answer = ANSWERS[key]!;
  return [answer.question.split(' ')[0]!, { behaviour: { replay: answer.hex } }];
}

let servers: DnsTestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(zone: Record<string, ZoneEntry>, options: Parameters<typeof startDnsServer>[1] = {}): Promise<DnsTestServer> {
  const server = await startDnsServer(zone, options);
  servers.push(server);
  return server;
}

describe('single answers', () => {
  it('unbound refusing us (REFUSED without a question section) is REFUSED, not a timeout', async () => {
    const server = await serve(Object.fromEntries([replay('unbound-refused-no-question')]));
    const resolver = createUdpResolver({ servers: [server.address], timeoutMs: 2000, retries: 2 });
    const response = await resolver.query('mx-normal.com', 'MX');
    expect(response).toMatchObject({ rcode: 'REFUSED', recursionAvailable: false });
    // Each attempt got its answer at once: three questions, none waited out.
    expect(resolver.stats).toEqual({ sent: 3, received: 3 });
  });

  it('a referral from an authoritative-only BIND is no answer: dns_error, not no_mail_server', async () => {
    const server = await serve(Object.fromEntries([replay('bind-authoritative-referral')]));
    const route = await findMailRoute(createUdpResolver({ servers: [server.address] }), 'mx-multi.com');
    expect(route).toMatchObject({ kind: 'error', why: 'dns.referral', ttl: 0, queries: 1 });
  });

  it("unbound's NODATA without SOA keeps its verdict but is not cached (RFC 2308 §5)", async () => {
    const [, entry] = replay('unbound-nodata-without-soa');
    // The same reply for MX, A and AAAA, as unbound gave it for each.
    const server = await serve({}, { replay: entry.behaviour!.replay });
    const route = await findMailRoute(createUdpResolver({ servers: [server.address] }), 'lame-ns.com');
    expect(route).toMatchObject({ kind: 'no_mail', why: 'dns.no_mail_records', ttl: 0 });
  });

  it.each([
    ['unbound-mx-ip-literal', 'mx-ipliteral.com'],
    ['unbound-mx-localhost', 'mx-localhost.com'],
  ])('%s: an MX that names no usable host is no_mail_server (RFC 5321 §5.1)', async (key, domain) => {
    const server = await serve(Object.fromEntries([replay(key)]));
    const route = await findMailRoute(createUdpResolver({ servers: [server.address] }), domain);
    expect(route).toMatchObject({ kind: 'no_mail', why: 'dns.mx_unusable', queries: 1 });
  });

  it('usable MX hosts beside an IP literal or localhost are kept, the others dropped', async () => {
    const server = await serve({ 'mixed.com': { MX: [[5, '192.0.2.1'], [10, 'mx.mixed.com'], [1, 'localhost'], [20, 'mail.localhost']] } });
    const route = await findMailRoute(createUdpResolver({ servers: [server.address] }), 'mixed.com');
    expect(route).toMatchObject({ kind: 'mail', mx: [[10, 'mx.mixed.com']] });
  });
});

/** Many distinct domains, as a list has. */
const domains = (n: number, prefix = 'kwiga-real'): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${i}.com`);

describe('a resolver that answers but never serves us', () => {
  it.each([
    ['unbound-refused-no-question', 'dns.unavailable_refused'],
    ['nsd-refused', 'dns.unavailable_refused'],
    ['bind-authoritative-referral', 'dns.unavailable_refused'],
    ['unbound-servfail-wrong-anchor', 'dns.unavailable_servfail'],
  ])('%s for every name: given up, said once, no row sent to review', async (key, warning) => {
    const server = await serve({}, { replay: ANSWERS[key]!.hex });
    const checker = await DomainChecker.create({ servers: [server.address], timeoutMs: 2000, concurrency: 8 });
    const findings = await Promise.all(domains(200).map((d) => checker.lookup(d)));
    expect(findings.every((f) => f === undefined)).toBe(true);
    expect(checker.report()).toMatchObject({ status: 'unavailable', errors: 0 });
    expect(checker.warnings).toEqual([{ why: warning, args: { servers: server.address } }]);
    // Given up after a few chains, not asked about each of the 200 domains.
    expect(server.count()).toBeLessThan(100);
  });

  it('a list that starts with a few SERVFAIL domains keeps them as dns_errors and checks the rest', async () => {
    const servfail = ANSWERS['unbound-servfail-wrong-anchor']!.hex;
    const zone: Record<string, ZoneEntry> = Object.fromEntries(domains(5, 'broken').map((d) => [d, { behaviour: { replay: servfail } }]));
    for (const d of domains(5, 'fine')) zone[d] = { MX: [[10, `mx.${d}`]] };
    const server = await serve(zone);
    // One chain at a time: the broken domains all end before anything has served us.
    const checker = await DomainChecker.create({ servers: [server.address], concurrency: 1 });
    const broken = await Promise.all(domains(5, 'broken').map((d) => checker.lookup(d)));
    const fine = await Promise.all(domains(5, 'fine').map((d) => checker.lookup(d)));
    expect(broken.map((f) => f?.why)).toEqual(Array(5).fill('dns.servfail'));
    expect(fine).toEqual(Array(5).fill(undefined));
    expect(checker.report()).toMatchObject({ status: 'ok', errors: 5 });
    expect(checker.warnings).toEqual([]);
  });
});

describe('a resolver restarted mid-run', () => {
  it('refuses connections for a moment, then answers: nothing is given up', async () => {
    const zone: Record<string, ZoneEntry> = Object.fromEntries(domains(12).map((d, i) => [d, i % 2 ? { MX: [[10, `mx.${d}`]] } : {}]));
    const first = await startDnsServer(zone);
    const { port } = first;
    // One attempt 300 ms, 3 attempts: the silence budget is 1.8 s; the restart takes 300 ms.
    const checker = await DomainChecker.create({ servers: [first.address], timeoutMs: 300, retries: 2, concurrency: 4 });
    expect(await checker.lookup('kwiga-real-1.com')).toBeUndefined();
    await first.close();
    // Every attempt is refused at once (ICMP port unreachable) while the port is closed.
    const pending = domains(12).slice(2).map((d) => checker.lookup(d));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await serve(zone, { port });
    const findings = await Promise.all(pending);
    // The even domains have no MX, A or AAAA: a verdict, so they were asked after the restart.
    expect(findings.map((f) => f?.why)).toEqual(domains(12).slice(2).map((_, i) => (i % 2 ? undefined : 'dns.no_mail_records')));
    expect(checker.report().status).toBe('ok');
    expect(checker.warnings).toEqual([]);
    const slowest = (checker.report().slowest ?? []).map((s) => s.domain);
    expect(new Set(slowest).size).toBe(slowest.length);
  });
});

describe('the built binary', () => {
  it('against unbound refusing us: one plain warning at once, the rows judged as offline', async () => {
    const server = await serve({}, { replay: ANSWERS['unbound-refused-no-question']!.hex });
    const dir = tempDir('kwiga-real-');
    const input = join(dir, 'contacts.csv');
    writeFileSync(input, `Email\n${domains(20).map((d) => `olena.koval@${d}`).join('\n')}\n`);
    const out = join(dir, 'out');
    const result = await runCli([input, '--dns-server', server.address, '-q', '-o', out]);
    expect(result.code).toBe(0);
    expect(result.stderr.trim().split('\n')).toEqual([
      `kwiga-validate: warning: ${server.address} refused our DNS lookups (REFUSED, or referrals instead of answers: it does not resolve names for this machine), so domains were not checked over DNS (the run went on as with --offline); pass a resolver that does with --dns-server.`,
    ]);
    const report = readReport(out);
    expect(report.dns).toMatchObject({ status: 'unavailable', errors: 0 });
    expect(report.totals).toMatchObject({ rows: 20, clean: 20 });
  });
});
