/** The SMTP module's small pure parts: private addresses, provider table, cache expiry, SOCKS5 bytes, options. */
import { describe, expect, it } from 'vitest';
import { createMemoryAnswerCache, expiresAt, MAILBOX_TTL_MS, UNKNOWN_TTL_MS } from '../src/smtp/cache.js';
import { isPrivateAddress } from '../src/smtp/ip.js';
import { resolveOptions } from '../src/smtp/options.js';
import { providerRule } from '../src/smtp/providers.js';
import { connectRequest, ipv6Bytes, parseSocks5Url } from '../src/smtp/socks5.js';
import type { MailboxAnswer } from '../src/smtp/types.js';

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.9.9.9', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.10.10', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['8.8.8.8', false],
    ['142.250.27.27', false],
    ['::1', true],
    ['fe80::1', true],
    ['fd12:3456::1', true],
    ['::ffff:10.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['2a00:1450:4001:81b::201b', false],
    ['mx.example.com', true],
  ])('%s → %s', (ip, expected) => {
    expect(isPrivateAddress(ip)).toBe(expected);
  });
});

describe('providerRule', () => {
  it.each([
    ['mta5.am0.yahoodns.net', 'yahoo', 'skip'],
    ['MTA6.AM0.YAHOODNS.NET.', 'yahoo', 'skip'],
    ['contoso-com.mail.protection.outlook.com', 'microsoft365', 'skip'],
    ['hotmail-com.olc.protection.outlook.com', 'outlook', 'probe'],
    ['eur.olc.protection.outlook.com', 'outlook', 'probe'],
    ['gmail-smtp-in.l.google.com', 'google', 'probe'],
    ['aspmx.l.google.com.', 'google', 'probe'],
  ])('%s → %s (%s)', (host, provider, action) => {
    expect(providerRule(host)).toMatchObject({ provider, action });
  });

  it.each(['mx.example.com', 'notyahoodns.net', 'google.com.evil.example'])('%s has no rule', (host) => {
    expect(providerRule(host)).toBeUndefined();
  });

  it('limits Outlook consumer hosts to one RCPT per envelope', () => {
    expect(providerRule('outlook-com.olc.protection.outlook.com')?.rcptsPerEnvelope).toBe(1);
  });
});

describe('expiresAt and the memory cache', () => {
  const now = 1_000_000;
  it.each<[MailboxAnswer, number | undefined]>([
    [{ kind: 'exists' }, now + MAILBOX_TTL_MS],
    [{ kind: 'not_found' }, now + MAILBOX_TTL_MS],
    [{ kind: 'catch_all' }, now + MAILBOX_TTL_MS],
    [{ kind: 'full' }, now + UNKNOWN_TTL_MS],
    [{ kind: 'unverified', cause: 'greylisted' }, now + UNKNOWN_TTL_MS],
    [{ kind: 'unverified', cause: 'timeout' }, now + UNKNOWN_TTL_MS],
    [{ kind: 'unverified', cause: 'provider_accepts_all' }, undefined],
    [{ kind: 'unverified', cause: 'private_mx' }, undefined],
    [{ kind: 'skipped', cause: 'unavailable' }, undefined],
  ])('%o expires at %s', (answer, expected) => {
    expect(expiresAt(answer, now)).toBe(expected);
  });

  it('forgets answers once they expire, and never keeps what must not be cached', () => {
    let clock = now;
    const cache = createMemoryAnswerCache(() => clock);
    cache.put('a@example.com', { kind: 'exists' });
    cache.put('b@example.com', { kind: 'unverified', cause: 'timeout' });
    cache.put('c@example.com', { kind: 'skipped', cause: 'stopped' });
    expect(cache.get('c@example.com')).toBeUndefined();
    clock += UNKNOWN_TTL_MS;
    expect(cache.get('b@example.com')).toBeUndefined();
    expect(cache.get('a@example.com')).toEqual({ kind: 'exists' });
    clock += MAILBOX_TTL_MS;
    expect(cache.get('a@example.com')).toBeUndefined();
  });
});

describe('SOCKS5 bits', () => {
  it.each([
    ['socks5://127.0.0.1:1080', { host: '127.0.0.1', port: 1080 }],
    ['socks5://proxy.example:9050', { host: 'proxy.example', port: 9050 }],
    ['socks5://[::1]:1081', { host: '::1', port: 1081 }],
    ['socks5://proxy.example', { host: 'proxy.example', port: 1080 }],
    ['http://proxy.example:8080', undefined],
    ['socks5://user:pw@proxy.example:1080', undefined],
    ['not a url', undefined],
  ])('parseSocks5Url(%s)', (url, expected) => {
    expect(parseSocks5Url(url)).toEqual(expected);
  });

  it('builds CONNECT requests for IPv4, IPv6 and names (RFC 1928 §4)', () => {
    expect([...connectRequest('192.0.2.1', 25)]).toEqual([5, 1, 0, 1, 192, 0, 2, 1, 0, 25]);
    expect([...connectRequest('mx.test', 25)]).toEqual([5, 1, 0, 3, 7, ...Buffer.from('mx.test'), 0, 25]);
    expect([...connectRequest('2001:db8::1', 587)].slice(0, 4)).toEqual([5, 1, 0, 4]);
    expect(ipv6Bytes('2001:db8::1')).toEqual([0x20, 0x01, 0x0d, 0xb8, ...Array(11).fill(0), 1]);
    expect(ipv6Bytes('::ffff:192.0.2.1').slice(10)).toEqual([0xff, 0xff, 192, 0, 2, 1]);
  });
});

describe('resolveOptions', () => {
  const base = { from: 'probe@example.org', helo: 'mail.example.org', lookupHost: async () => [] };
  it('fills the defaults of issue 13', () => {
    expect(resolveOptions(base)).toMatchObject({ port: 25, timeoutMs: 10_000, concurrency: 5, rcptIntervalMs: 1000, rcptsPerEnvelope: 20, hostPolicyLimit: 2, runPolicyShare: 0.05, allowPrivate: false });
  });
  it.each([
    [{ proxy: 'http://x:1' }, 'proxy'],
    [{ from: 'no at sign' }, 'from'],
    [{ helo: 'bad name\r\n' }, 'helo'],
    [{ concurrency: 0 }, 'concurrency'],
    [{ port: 70000 }, 'port'],
    [{ runPolicyShare: 0 }, 'runPolicyShare'],
  ])('refuses %o', (bad, name) => {
    expect(() => resolveOptions({ ...base, ...bad })).toThrow(name);
  });
});
