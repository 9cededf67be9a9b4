/**
 * The parts that join the SMTP prober to the pipeline, one by one: answers to findings (the
 * server's reply quoted, sanitised and capped), the mailbox section of the answer-cache file,
 * the `--smtp` settings rules (HELO names, --offline, --smtp-from), and the DNS checker's routes
 * and MX host addresses (from the lookup memo and our own resolver) against the test DNS server.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DnsCache } from '../src/dns/cache.js';
import { DomainChecker } from '../src/dns/domain-checker.js';
import { isFullyQualified } from '../src/model/config.js';
import { MailboxCache } from '../src/pipeline/mailbox-cache.js';
import { parseConfig } from '../src/pipeline/settings.js';
import { smtpSettings } from '../src/pipeline/smtp-settings.js';
import { mailboxFinding, quoteReply, sanitize } from '../src/pipeline/smtp-stage.js';
import { MAILBOX_TTL_MS, UNKNOWN_TTL_MS, type MailboxAnswer } from '../src/smtp/index.js';
import { startDnsServer, type DnsTestServer } from './helpers/dns-server.js';
import { tempDir } from './helpers/temp.js';

const HOST = 'mx.example.com';

describe('answers to findings', () => {
  it.each<[MailboxAnswer, unknown]>([
    [{ kind: 'exists', reply: { code: 250, text: 'OK' }, host: HOST }, undefined],
    [{ kind: 'skipped', cause: 'unavailable' }, undefined],
    [{ kind: 'skipped', cause: 'max_reached' }, undefined],
    [{ kind: 'not_found', reply: { code: 550, enhanced: '5.1.1', text: 'No such user' }, host: HOST }, { code: 'mailbox_not_found', why: 'smtp.not_found', args: { host: HOST, reply: '550 5.1.1 No such user' } }],
    [{ kind: 'not_found', reply: { code: 550, enhanced: '5.2.1', text: 'Account disabled' }, host: HOST }, { code: 'mailbox_not_found', why: 'smtp.disabled', args: { host: HOST, reply: '550 5.2.1 Account disabled' } }],
    [{ kind: 'full', reply: { code: 452, enhanced: '4.2.2', text: 'Over quota' }, host: HOST }, { code: 'mailbox_full', why: 'smtp.full', args: { host: HOST, reply: '452 4.2.2 Over quota' } }],
    [{ kind: 'catch_all', host: HOST }, { code: 'catch_all', why: 'smtp.catch_all', args: { domain: 'приклад.укр', host: HOST } }],
    [{ kind: 'unverified', cause: 'timeout', reply: { code: 250, text: 'OK' }, host: HOST }, { code: 'smtp_unverified', why: 'smtp.timeout', args: { host: HOST } }],
    [{ kind: 'unverified', cause: 'policy', reply: { code: 554, enhanced: '5.7.1', text: 'blocked using zen.spamhaus.org' }, host: HOST }, { code: 'smtp_unverified', why: 'smtp.policy', args: { host: HOST, reply: '554 5.7.1 blocked using zen.spamhaus.org' } }],
    [{ kind: 'unverified', cause: 'policy', host: HOST }, { code: 'smtp_unverified', why: 'smtp.host_stopped', args: { host: HOST } }],
    [{ kind: 'unverified', cause: 'greylisted', reply: { code: 451, enhanced: '4.7.1', text: 'Greylisted' }, host: HOST }, { code: 'smtp_unverified', why: 'smtp.greylisted', args: { host: HOST, reply: '451 4.7.1 Greylisted' } }],
    [{ kind: 'unverified', cause: 'provider_accepts_all', host: 'mta5.am0.yahoodns.net', provider: 'yahoo' }, { code: 'smtp_unverified', why: 'smtp.provider', args: { host: 'mta5.am0.yahoodns.net', provider: 'yahoo' } }],
    [{ kind: 'unverified', cause: 'private_mx', host: HOST }, { code: 'smtp_unverified', why: 'smtp.private_mx', args: { host: HOST } }],
    [{ kind: 'unverified', cause: 'inconsistent', host: HOST }, { code: 'smtp_unverified', why: 'smtp.unverified', args: { host: HOST } }],
    [{ kind: 'unverified', cause: 'refused' }, { code: 'smtp_unverified', why: 'smtp.refused', args: { host: 'fallback.example.com' } }],
  ])('%j', (answer, finding) => {
    expect(mailboxFinding(answer, 'приклад.укр', 'fallback.example.com')).toEqual(finding);
  });

  it('quotes a reply on one line, without control or bidi characters, capped at 200 characters', () => {
    expect(quoteReply({ code: 550, enhanced: '5.1.1', text: 'User\tunknown\r\n\u001b[31mred\u202eevil' })).toBe('550 5.1.1 User unknown [31mred evil');
    const long = sanitize('x'.repeat(500));
    expect(Array.from(long)).toHaveLength(200);
    expect(long.endsWith('…')).toBe(true);
    expect(sanitize('😀'.repeat(300))).toBe(`${'😀'.repeat(199)}…`);
  });
});

describe('the mailboxes section of the answer-cache file', () => {
  const answer: MailboxAnswer = { kind: 'not_found', reply: { code: 550, enhanced: '5.1.1', text: 'Unknown' }, host: HOST };

  it('keeps answers by the SHA-256 of the address, 7 days for mailbox facts and 1 day for unknowns', async () => {
    const file = join(tempDir(), 'cache.json');
    let now = 1_000_000;
    const dns = await DnsCache.load(file);
    const cache = new MailboxCache(dns, () => now);
    cache.put('ghost@example.com', answer);
    cache.put('slow@example.com', { kind: 'unverified', cause: 'timeout', host: HOST });
    cache.put('yahoo@example.com', { kind: 'unverified', cause: 'provider_accepts_all', host: HOST });
    cache.put('late@example.com', { kind: 'skipped', cause: 'max_reached' });
    cache.flush();
    await dns.save(file);
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('@example.com');
    const saved = JSON.parse(text) as { mailboxes: Record<string, { expiresAt: number }> };
    expect(Object.values(saved.mailboxes).map((e) => e.expiresAt).sort()).toEqual([now + UNKNOWN_TTL_MS, now + MAILBOX_TTL_MS].sort());
    now += UNKNOWN_TTL_MS + 1;
    const again = new MailboxCache(await DnsCache.load(file), () => now);
    expect(again.get('ghost@example.com')).toEqual(answer);
    expect(again.get('slow@example.com')).toBeUndefined();
    now += MAILBOX_TTL_MS;
    expect(again.get('ghost@example.com')).toBeUndefined();
  });

  it('drops entries that do not read as answers, and keeps the DNS entries and other sections', async () => {
    const file = join(tempDir(), 'odd.json');
    const good = { answer, expiresAt: Date.now() + 60_000 };
    const mailboxes = { ['a'.repeat(64)]: good, ['b'.repeat(64)]: { answer: { kind: 'maybe' }, expiresAt: Date.now() + 60_000 }, nothex: good };
    await writeFile(file, JSON.stringify({ format: 'kwiga-validate/dns-cache', version: 2, entries: { 'example.com': { kind: 'no_mail', expiresAt: Date.now() + 60_000 } }, mailboxes, future: [1, 2] }));
    const dns = await DnsCache.load(file);
    const cache = new MailboxCache(dns);
    cache.flush();
    await dns.save(file);
    const saved = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(Object.keys(saved.mailboxes as object)).toEqual(['a'.repeat(64)]);
    expect(saved.future).toEqual([1, 2]);
    expect(saved.entries).toEqual({ 'example.com': { kind: 'no_mail', expiresAt: expect.any(Number) } });
  });
});

describe('--smtp settings', () => {
  it.each([
    ['mail.example.com', true],
    ['mail.example.com.', true],
    ['[192.0.2.1]', true],
    ['[IPv6:2001:db8::1]', true],
    ['localhost', false],
    ['vm', false],
    ['box.localdomain', false],
    ['macbook.local', false],
    ['my_pc.example.com', false],
    ['host.123', false],
    ['-bad.example.com', false],
  ])('HELO %s fully qualified: %s', (name, ok) => {
    expect(isFullyQualified(name)).toBe(ok);
  });

  const base = { smtp: true, smtpFrom: 'probe@example.com' };

  it('takes the machine name when it is fully qualified, and refuses one that is not with advice', async () => {
    await expect(smtpSettings(parseConfig(base, 'flags'), async () => 'box.example.com')).resolves.toMatchObject({ helo: 'box.example.com', from: 'probe@example.com', allowPrivate: false });
    await expect(smtpSettings(parseConfig(base, 'flags'), async () => 'vm')).rejects.toThrow(/"vm" is not a fully qualified host name.*pass --smtp-helo <name>/);
  });

  it('turns smtpRate into the interval between RCPTs to one host; nothing without --smtp', async () => {
    const config = parseConfig({ ...base, smtpHelo: 'mail.example.com', smtpRate: '4', smtpMax: '10', smtpProxy: 'socks5://127.0.0.1:1080' }, 'flags');
    await expect(smtpSettings(config)).resolves.toMatchObject({ rcptIntervalMs: 250, maxProbes: 10, proxy: 'socks5://127.0.0.1:1080' });
    await expect(smtpSettings(parseConfig({}, 'flags'))).resolves.toBeUndefined();
  });

  it('names the flag and what it expects for bad values', () => {
    expect(() => parseConfig({ smtpPort: '70000' }, 'flags')).toThrow('Invalid option --smtp-port: expected an integer from 1 to 65535, got "70000"');
    expect(() => parseConfig({ smtpTimeout: '5' }, 'flags')).toThrow('Invalid option --smtp-timeout: expected milliseconds, an integer from 100 to 300000, got "5"');
    expect(() => parseConfig({ smtpFrom: 'probe@localhost' }, 'flags')).toThrow(/Invalid option --smtp-from: expected an email address/);
    expect(() => parseConfig({ smtpRate: 0 }, 'cfg.json')).toThrow('Invalid value in cfg.json at "smtpRate": expected a number of RCPT commands per second from 0.01 to 1000, got 0');
  });
});

describe('routes and MX host addresses from the DNS checker', () => {
  let server: DnsTestServer;
  beforeAll(async () => {
    server = await startDnsServer({
      'kwiga-route.com': { MX: [[20, 'mx2.kwiga-route.com'], [10, 'mx1.kwiga-route.com']] },
      'mx1.kwiga-route.com': { A: ['192.0.2.10'] },
      'mx2.kwiga-route.com': { CNAME: 'real.kwiga-route.com' },
      'real.kwiga-route.com': { AAAA: ['2001:db8::25'] },
      'kwiga-implicit.com': { A: ['93.184.216.34'] },
      'kwiga-nullmx.com': { MX: [[0, '.']] },
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.log.length = 0;
  });
  const checker = (cacheFile?: string) => DomainChecker.create({ servers: [server.address], timeoutMs: 500, ...(cacheFile ? { cacheFile } : {}) });

  it('gives the MX hosts in preference order (or the domain for an implicit MX) from the lookup memo', async () => {
    const dns = await checker();
    await dns.lookup('kwiga-route.com');
    expect(await dns.route('KWIGA-ROUTE.com')).toEqual(['mx1.kwiga-route.com', 'mx2.kwiga-route.com']);
    expect(await dns.route('kwiga-implicit.com')).toEqual(['kwiga-implicit.com']);
    expect(await dns.route('kwiga-nullmx.com')).toBeUndefined();
    expect(server.count('kwiga-route.com')).toBe(1);
  });

  it('resolves MX hosts through its own resolver, A then AAAA, CNAMEs followed, once per name', async () => {
    const dns = await checker();
    expect(await Promise.all([dns.hostAddresses('mx1.kwiga-route.com'), dns.hostAddresses('MX1.kwiga-route.com.')])).toEqual([['192.0.2.10'], ['192.0.2.10']]);
    expect(await dns.hostAddresses('mx2.kwiga-route.com')).toEqual(['2001:db8::25']);
    expect(await dns.hostAddresses('missing.kwiga-route.com')).toEqual([]);
    expect(server.count('mx1.kwiga-route.com', 'A')).toBe(1);
    expect(dns.report().lookups).toBe(server.log.length);
  });

  it('keeps the hosts in the cache file, so a rerun has its routes without asking', async () => {
    const file = join(tempDir(), 'routes.json');
    const first = await checker(file);
    await first.route('kwiga-route.com');
    await first.close();
    server.log.length = 0;
    const second = await checker(file);
    expect(await second.route('kwiga-route.com')).toEqual(['mx1.kwiga-route.com', 'mx2.kwiga-route.com']);
    expect(server.log).toEqual([]);
  });
});
