import { describe, expect, it } from 'vitest';
import { resolveDnsServerSpecs } from '../src/dns/servers.js';
import { checkDnsServerSpec } from '../src/model/dns-server.js';

describe('--dns-server host names', () => {
  it.each(['dns.google', 'localhost', 'localhost:5353', 'resolver-1.example.net.'])('accepts the name %s', (spec) => {
    expect(() => checkDnsServerSpec(spec)).not.toThrow();
  });
  it.each(['1.1.1', '256.1.1.1', 'dns_google', 'localhost:0', 'a..b'])('refuses %s', (spec) => {
    expect(() => checkDnsServerSpec(spec)).toThrow();
  });
  it('turns a name into its address once (localhost from the hosts file) and keeps IP literals', async () => {
    const [named, literal] = await resolveDnsServerSpecs(['localhost:5353', '[::1]:53']);
    expect(['127.0.0.1:5353', '[::1]:5353']).toContain(named);
    expect(literal).toBe('[::1]:53');
  });
});
