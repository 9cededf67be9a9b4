/** Tables for the implicit-MX address filter and `--dns-server` parsing. */
import { describe, expect, it } from 'vitest';
import { isGlobalAddress } from '../src/dns/ip-ranges.js';
import { formatDnsServer } from '../src/dns/servers.js';
import { DnsServerSpecError, parseDnsServer } from '../src/model/dns-server.js';

describe('isGlobalAddress (IANA special-purpose registries)', () => {
  it.each([
    ['93.184.216.34', true],
    ['8.8.8.8', true],
    ['132.58.234.0', true],
    ['0.0.0.0', false],
    ['0.1.2.3', false],
    ['10.20.30.40', false],
    ['100.64.0.1', false],
    ['100.128.0.1', true],
    ['127.0.0.1', false],
    ['169.254.1.1', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['172.32.0.1', true],
    ['192.0.2.55', false],
    ['192.168.0.1', false],
    ['198.18.0.1', false],
    ['198.51.100.7', false],
    ['203.0.113.9', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['2606:2800:220:1:248:1893:25c8:1946', true],
    ['2a00:1450:4001:80b::200e', true],
    ['::', false],
    ['::1', false],
    ['::ffff:8.8.8.8', false],
    ['fc00::1', false],
    ['fd12:3456::1', false],
    ['fe80::1', false],
    ['ff02::1', false],
    ['2001:db8::1', false],
    ['2001:0:4136:e378::1', false],
    ['2002:c000:0204::1', false],
    ['3fff::1', false],
    ['not-an-ip', false],
  ])('%s → %s', (address, global) => {
    expect(isGlobalAddress(address)).toBe(global);
  });
});

describe('parseDnsServer', () => {
  it.each([
    ['1.1.1.1', '1.1.1.1:53'],
    ['127.0.0.1:5353', '127.0.0.1:5353'],
    [' 9.9.9.9:53 ', '9.9.9.9:53'],
    ['2606:4700::1111', '[2606:4700::1111]:53'],
    ['::1', '[::1]:53'],
    ['[::1]:5353', '[::1]:5353'],
  ])('%s → %s', (spec, formatted) => {
    expect(formatDnsServer(parseDnsServer(spec))).toBe(formatted);
  });

  it.each([['dns.google'], ['1.1.1.1:0'], ['1.1.1.1:70000'], ['1.1.1.1:x'], ['[::1]:'], ['']])('%s is refused', (spec) => {
    expect(() => parseDnsServer(spec)).toThrow(DnsServerSpecError);
  });
});
