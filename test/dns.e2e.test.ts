/**
 * The built binary against a real DNS server on 127.0.0.1 (test/helpers/dns-server.ts). The zone
 * uses names in real TLDs (`kwiga-test-*.com`, an IDN under `.укр`) that exist only here: the
 * `.example`/`.test` TLDs are reserved and the offline checks would reject them before any lookup.
 * Every assertion about lookups counts the packets the server received.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createSocket } from 'node:dgram';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../src/model/report.js';
import { FIXTURES, runCli, tempDir } from './helpers/cli.js';
import { startDnsServer, type DnsTestServer, type LoggedQuery, type ZoneEntry } from './helpers/dns-server.js';
import { readReport } from './helpers/report.js';

const CONTACTS = join(FIXTURES, 'dns-contacts.csv');
/** `квіга-тест.укр` as asked on the wire (UTS #46 / RFC 5891 via url.domainToASCII). */
const IDN = 'xn----7sbfemz8cgc7q.xn--j1amh';
const PUBLIC_A = '93.184.216.34';

const ZONE: Record<string, ZoneEntry> = {
  'kwiga-test-mx.com': { MX: [[10, 'mx1.kwiga-test-mx.com'], [20, 'mx2.kwiga-test-mx.com']] },
  'kwiga-test-cname.com': { CNAME: 'kwiga-test-mx.com' },
  'kwiga-test-aonly.com': { A: [PUBLIC_A] },
  'kwiga-test-aaaa.com': { AAAA: ['2606:2800:220:1::1'] },
  'kwiga-test-nullmx.com': { MX: [[0, '.']] },
  'kwiga-test-private.com': { A: ['10.1.2.3'] },
  'kwiga-test-nodata.com': {},
  'kwiga-test-servfail.com': { behaviour: { rcode: 'SERVFAIL' } },
  'kwiga-test-refused.com': { behaviour: { rcode: 'REFUSED' } },
  'kwiga-test-never.com': { behaviour: { never: true } },
  [IDN]: { MX: [[10, 'mx.kwiga-test-mx.com']] },
  // Not in the zone, so NXDOMAIN: kwiga-test-missing.com, gmial.com.
};

/** The questions one domain's chain must ask (RFC 5321 §5.1 order), and nothing more. */
const CHAIN: Record<string, string[]> = {
  'kwiga-test-mx.com': ['MX'],
  'kwiga-test-cname.com': ['MX'], // the server follows the CNAME inside its answer
  'kwiga-test-aonly.com': ['MX', 'A'],
  'kwiga-test-aaaa.com': ['MX', 'A', 'AAAA'],
  'kwiga-test-nullmx.com': ['MX'],
  'kwiga-test-private.com': ['MX', 'A', 'AAAA'],
  'kwiga-test-nodata.com': ['MX', 'A', 'AAAA'],
  'kwiga-test-missing.com': ['MX'],
  'kwiga-test-servfail.com': ['MX'],
  'kwiga-test-refused.com': ['MX'],
  [IDN]: ['MX'],
  'gmial.com': ['MX'],
};
/** SERVFAIL/REFUSED are retried by the resolver (2 retries by default); `lookups` counts the question once. */
const ATTEMPTS: Record<string, number> = { 'kwiga-test-servfail.com': 3, 'kwiga-test-refused.com': 3 };

type Row = Record<string, string>;
const readCsv = (path: string): Row[] => parse(readFileSync(path), { bom: true, columns: true }) as Row[];
/** Every row of the three CSVs by its Email cell, with the bucket it landed in. */
function outcome(dir: string): Map<string, { bucket: string; row: Row }> {
  const all = new Map<string, { bucket: string; row: Row }>();
  for (const bucket of ['clean', 'review', 'rejected']) {
    for (const row of readCsv(join(dir, `${bucket}.csv`))) all.set(row.Email!, { bucket, row });
  }
  return all;
}
const csvs = (dir: string) => ['clean.csv', 'review.csv', 'rejected.csv'].map((f) => readFileSync(join(dir, f), 'utf8'));
const sortedLog = (log: readonly LoggedQuery[]) => log.map((q) => `${q.name} ${q.type}`).sort();

let server: DnsTestServer;
beforeAll(async () => {
  server = await startDnsServer(ZONE);
});
afterAll(async () => server.close());
beforeEach(() => {
  server.log.length = 0;
});

describe('the DNS checks of the built binary', () => {
  let out: string;
  let report: Report;
  let rows: Map<string, { bucket: string; row: Row }>;
  let stderr: string;
  /** The queries of that one run (the top-level beforeEach clears the server's log). */
  let log: LoggedQuery[];
  beforeAll(async () => {
    server.log.length = 0;
    out = tempDir();
    const result = await runCli([CONTACTS, '--dns-server', server.address, '-o', out, '-q']);
    expect(result.code).toBe(0);
    stderr = result.stderr;
    report = readReport(out);
    rows = outcome(out);
    log = [...server.log];
  });

  it.each([
    ['olena@kwiga-test-mx.com', 'clean', undefined, undefined],
    ['olena.two@kwiga-test-mx.com', 'clean', undefined, undefined],
    ['ivan@kwiga-test-cname.com', 'clean', undefined, undefined],
    ['anna@kwiga-test-aonly.com', 'clean', undefined, undefined],
    ['petro@kwiga-test-aaaa.com', 'clean', undefined, undefined],
    ['bohdan@квіга-тест.укр', 'clean', undefined, undefined],
    ['maria@kwiga-test-nullmx.com', 'rejected', 'no_mail_server', /null MX record, RFC 7505/],
    ['taras@kwiga-test-private.com', 'rejected', 'no_mail_server', /address is private or local/],
    ['oksana@kwiga-test-nodata.com', 'rejected', 'no_mail_server', /no MX, A or AAAA record/],
    ['yurii@kwiga-test-missing.com', 'rejected', 'domain_not_found', /does not exist \(DNS answered NXDOMAIN\)/],
    ['iryna@kwiga-test-servfail.com', 'review', 'dns_error', /SERVFAIL/],
    ['dmytro@kwiga-test-refused.com', 'review', 'dns_error', /REFUSED/],
  ])('%s → %s %s', (email, bucket, reason, detail) => {
    const got = rows.get(email);
    expect(got?.bucket).toBe(bucket);
    if (reason === undefined) return;
    expect(got!.row.validation_reason).toBe(reason);
    expect(got!.row.validation_detail).toMatch(detail!);
  });

  it('keeps a typo whose domain does not exist in review with the fix, not rejected', () => {
    const row = rows.get('sofia@gmial.com');
    expect(row?.bucket).toBe('review');
    expect(row!.row.validation_reason).toBe('possible_typo');
    expect(row!.row.validation_suggestion).toBe('sofia@gmail.com');
    expect(row!.row.validation_detail).toContain('gmail.com');
  });

  it('asks exactly the chain of each unique domain, in punycode for the IDN', () => {
    const expected = Object.entries(CHAIN)
      .flatMap(([name, types]) => types.flatMap((type, i) => Array<string>(i === 0 ? ATTEMPTS[name] ?? 1 : 1).fill(`${name} ${type}`)))
      .sort();
    expect(sortedLog(log)).toEqual(expected);
    expect(log.filter((q) => q.name === IDN && q.type === 'MX')).toHaveLength(1);
    expect(log.every((q) => q.transport === 'udp')).toBe(true);
  });

  it('reports the dns block: status, unique domains, lookups per chain, errors', () => {
    const lookups = Object.values(CHAIN).reduce((n, types) => n + types.length, 0);
    const packets = lookups + Object.values(ATTEMPTS).reduce((n, a) => n + a - 1, 0);
    expect(log.length).toBe(packets);
    expect(report.dns).toMatchObject({ status: 'ok', domains: Object.keys(CHAIN).length, lookups, errors: 2, cached: 0 });
    expect(report.totals).toEqual({ rows: 13, clean: 6, review: 3, rejected: 4 });
    expect(report.reasons).toMatchObject({ no_mail_server: 3, domain_not_found: 1, dns_error: 2, possible_typo: 1 });
    expect(stderr).toBe('');
  });
});

describe('one chain per domain', () => {
  it('asks once for a domain however many rows use it', async () => {
    const dir = tempDir();
    const input = join(dir, 'many.csv');
    const lines = ['Email'];
    for (let i = 0; i < 400; i++) lines.push(`student${i}@kwiga-test-mx.com`, `pupil${i}@kwiga-test-aonly.com`, `gone${i}@kwiga-test-missing.com`);
    writeFileSync(input, `${lines.join('\n')}\n`);
    const result = await runCli([input, '--dns-server', server.address, '-o', join(dir, 'out'), '-q']);
    expect(result.code).toBe(0);
    expect(sortedLog(server.log)).toEqual([
      'kwiga-test-aonly.com A', 'kwiga-test-aonly.com MX', 'kwiga-test-missing.com MX', 'kwiga-test-mx.com MX',
    ]);
    const report = readReport(join(dir, 'out'));
    expect(report.dns).toMatchObject({ status: 'ok', domains: 3, lookups: 4, errors: 0 });
    expect(report.totals).toEqual({ rows: 1200, clean: 800, review: 0, rejected: 400 });
    // Row order survives rows waiting on their domain's answer.
    const clean = readCsv(join(dir, 'out', 'clean.csv')).map((r) => r.Email);
    expect(clean.slice(0, 4)).toEqual(['student0@kwiga-test-mx.com', 'pupil0@kwiga-test-aonly.com', 'student1@kwiga-test-mx.com', 'pupil1@kwiga-test-aonly.com']);
  });
});

describe('a resolver that is down', () => {
  it('goes on as offline: exit 0, status unavailable, one warning line, no rows in review for it', async () => {
    const port = await closedUdpPort();
    const out = tempDir();
    const result = await runCli([CONTACTS, '--dns-server', `127.0.0.1:${port}`, '--dns-timeout', '300', '-o', out, '-q']);
    expect(result.code).toBe(0);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^kwiga-validate: warning: (Could not reach 127\.0\.0\.1:\d+ for DNS|No DNS answer from 127\.0\.0\.1:\d+),/);
    expect(lines[0]).not.toMatch(/\bat \w|Error:/); // plain words, no stack
    const report = readReport(out);
    expect(report.dns.status).toBe('unavailable');
    expect(report.reasons.dns_error ?? 0).toBe(0);
    // As with --offline: only the typo is left in review, nothing rejected over DNS.
    expect(readCsv(join(out, 'review.csv')).map((r) => r.validation_reason)).toEqual(['possible_typo']);
    expect(readCsv(join(out, 'rejected.csv'))).toEqual([]);
  });
});

describe('--dns-cache', () => {
  it('a second run asks nothing and gives identical CSVs; --offline answers from the cache alone', async () => {
    const dir = tempDir();
    const cache = join(dir, 'dns-cache.json');
    // Errors are not cached (they are failures of the check), so this list leaves them out.
    const input = join(dir, 'answered.csv');
    writeFileSync(input, readFileSync(CONTACTS, 'utf8').split('\n').filter((l) => !/servfail|refused/.test(l)).join('\n'));
    const run = async (name: string, extra: string[]) => {
      const out = join(dir, name);
      const result = await runCli([input, '--dns-cache', cache, '-o', out, '-q', ...extra]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toBe('');
      return { out, report: readReport(out) };
    };

    const first = await run('first', ['--dns-server', server.address]);
    expect(server.log.length).toBe(first.report.dns.lookups);
    expect(first.report.dns).toMatchObject({ status: 'ok', domains: 10, cached: 0 });
    const saved = JSON.parse(readFileSync(cache, 'utf8')) as unknown;
    expect(JSON.stringify(saved)).toContain('kwiga-test-nullmx.com');

    server.log.length = 0;
    const second = await run('second', ['--dns-server', server.address]);
    expect(server.log).toEqual([]);
    expect(second.report.dns).toMatchObject({ status: 'ok', domains: 10, lookups: 0, cached: 10 });
    expect(csvs(second.out)).toEqual(csvs(first.out));

    const offline = await run('offline', ['--offline']);
    expect(server.log).toEqual([]);
    expect(offline.report.dns).toMatchObject({ status: 'offline', lookups: 0, cached: 10 });
    expect(csvs(offline.out)).toEqual(csvs(first.out));
  });

  it('with --offline, a domain not in the cache is simply not checked', async () => {
    const dir = tempDir();
    const cache = join(dir, 'c.json');
    const input = join(dir, 'in.csv');
    writeFileSync(input, 'Email\na@kwiga-test-missing.com\n');
    expect((await runCli([input, '--dns-server', server.address, '--dns-cache', cache, '-o', join(dir, 'a'), '-q'])).code).toBe(0);
    server.log.length = 0;
    writeFileSync(input, 'Email\na@kwiga-test-missing.com\nb@kwiga-test-nullmx.com\n');
    expect((await runCli([input, '--offline', '--dns-cache', cache, '-o', join(dir, 'b'), '-q'])).code).toBe(0);
    expect(server.log).toEqual([]);
    const rows = outcome(join(dir, 'b'));
    expect(rows.get('a@kwiga-test-missing.com')?.row.validation_reason).toBe('domain_not_found');
    expect(rows.get('b@kwiga-test-nullmx.com')?.bucket).toBe('clean');
  });
});

describe('--dns-timeout and --concurrency', () => {
  it.each([
    [['--concurrency', 'abc'], /--concurrency/],
    [['--concurrency', '0'], /--concurrency/],
    [['--concurrency', '2.5'], /--concurrency/],
    [['--dns-timeout', '10'], /--dns-timeout/],
    [['--dns-timeout', 'soon'], /--dns-timeout/],
  ])('refuses %j with exit 2 and one line', async (args, message) => {
    const result = await runCli([CONTACTS, '--dns-server', server.address, '-o', tempDir(), ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(server.log).toEqual([]);
  });

  it('a domain that never answers becomes dns_error within the timeout bound', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.csv');
    writeFileSync(input, 'Email\nnobody@kwiga-test-never.com\nolena@kwiga-test-mx.com\nagain@kwiga-test-never.com\n');
    const result = await runCli([input, '--dns-server', server.address, '--dns-timeout', '200', '--concurrency', '2', '-o', join(dir, 'out'), '-q']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    // The first try and 2 retries, each given up after --dns-timeout: no more questions than that.
    expect(server.count('kwiga-test-never.com', 'MX')).toBe(3);
    const rows = outcome(join(dir, 'out'));
    for (const email of ['nobody@kwiga-test-never.com', 'again@kwiga-test-never.com']) {
      expect(rows.get(email)?.bucket).toBe('review');
      expect(rows.get(email)?.row.validation_reason).toBe('dns_error');
      expect(rows.get(email)?.row.validation_detail).toMatch(/did not answer in time/);
    }
    expect(rows.get('olena@kwiga-test-mx.com')?.bucket).toBe('clean');
    expect(readReport(join(dir, 'out')).dns).toMatchObject({ status: 'ok', domains: 2, lookups: 2, errors: 1 });
  });

  it('--concurrency bounds the chains in flight', async () => {
    const DELAY = 150;
    const names = Array.from({ length: 8 }, (_, i) => `kwiga-test-slow${i}.com`);
    const slow = await startDnsServer(Object.fromEntries(names.map((n) => [n, { MX: [[10, `mx.${n}`]] }])), { delayMs: DELAY });
    try {
      const dir = tempDir();
      const input = join(dir, 'in.csv');
      writeFileSync(input, `Email\n${names.map((n) => `someone@${n}`).join('\n')}\n`);
      const duration = async (concurrency: number) => {
        const out = join(dir, `c${concurrency}`);
        const result = await runCli([input, '--dns-server', slow.address, '--concurrency', String(concurrency), '-o', out, '-q']);
        expect(result.code).toBe(0);
        return readReport(out).durationMs;
      };
      // One at a time the answers cannot overlap: at least 8 × 150 ms. All at once: about one delay.
      expect(await duration(1)).toBeGreaterThanOrEqual(names.length * DELAY);
      expect(await duration(8)).toBeLessThan(names.length * DELAY - 400);
      expect(slow.log).toHaveLength(2 * names.length);
    } finally {
      await slow.close();
    }
  });
});

/** A UDP port on 127.0.0.1 with nobody listening (bound once, then closed). */
async function closedUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}
