/**
 * DNS server addresses: `--dns-server host[:port]` (IPv4, IPv6 bare or `[v6]:port`, or a host name
 * resolved once here) and the system's resolvers (`dns.getServers()`, which reads /etc/resolv.conf
 * or the Windows settings). The spec syntax itself is model/dns-server.ts.
 */
import { getServers } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { checkDnsServerSpec, DnsServerSpecError, parseDnsServer, type DnsServer } from '../model/dns-server.js';

/**
 * Turns host names among the specs into IP literals once, before any lookup, with the system's own
 * name resolution (getaddrinfo: /etc/hosts, then the system resolvers). SPEC: `--dns-server
 * <host[:port]>`. IP literals pass through unchanged.
 */
export async function resolveDnsServerSpecs(specs: readonly string[]): Promise<string[]> {
  return Promise.all(
    specs.map(async (spec) => {
      try {
        parseDnsServer(spec);
        return spec;
      } catch {
        checkDnsServerSpec(spec);
        const [host, port] = spec.trim().split(':') as [string, string | undefined];
        const found = await lookup(host).catch((error: NodeJS.ErrnoException) => {
          throw new DnsServerSpecError(`Cannot find the DNS server "${host}" (${error.code ?? error.message}); pass its IP address.`);
        });
        const ip = found.family === 6 ? `[${found.address}]` : found.address;
        return port === undefined ? (found.family === 6 ? found.address : ip) : `${ip}:${port}`;
      }
    }),
  );
}

/** The system's resolvers; 127.0.0.1:53 when none is configured (as c-ares itself does). */
export function systemDnsServers(): DnsServer[] {
  const found: DnsServer[] = [];
  for (const spec of getServers()) {
    try {
      found.push(parseDnsServer(spec));
    } catch {
      // A scoped IPv6 entry such as fe80::1%eth0 is not usable here; skip it.
    }
  }
  return found.length > 0 ? found : [{ host: '127.0.0.1', port: 53, family: 4 }];
}

/** `host:port` or `[v6]:port`, for messages. */
export function formatDnsServer(server: DnsServer): string {
  return server.family === 6 ? `[${server.host}]:${server.port}` : `${server.host}:${server.port}`;
}
