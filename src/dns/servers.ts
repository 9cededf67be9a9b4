/**
 * DNS server addresses: `--dns-server host[:port]` (IPv4, IPv6 bare or `[v6]:port`) and the
 * system's resolvers (`dns.getServers()`, which reads /etc/resolv.conf or the Windows settings).
 */
import { getServers } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

/** One DNS server to send queries to. */
export interface DnsServer {
  /** IP address literal (no brackets). */
  host: string;
  /** UDP/TCP port, 53 unless given. */
  port: number;
  /** 4 or 6, picks the socket type. */
  family: 4 | 6;
}

/** A `--dns-server` value that is not `ip[:port]`; the message is a plain sentence for the CLI. */
export class DnsServerSpecError extends Error {
  override readonly name = 'DnsServerSpecError';
}

function parsePort(text: string, spec: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw new DnsServerSpecError(`Invalid DNS server "${spec}": the port must be a number from 1 to 65535.`);
  }
  return port;
}

/**
 * Parses `1.2.3.4`, `1.2.3.4:5353`, `2001:db8::1`, `[2001:db8::1]:5353`. Host names are turned
 * into addresses first by `resolveDnsServerSpecs`.
 */
export function parseDnsServer(spec: string): DnsServer {
  const text = spec.trim();
  let host = text;
  let port = 53;
  const bracket = /^\[([^\]]+)\](?::(.*))?$/.exec(text);
  if (bracket) {
    host = bracket[1]!;
    if (bracket[2] !== undefined) port = parsePort(bracket[2], spec);
  } else if (text.split(':').length === 2) {
    const colon = text.indexOf(':');
    host = text.slice(0, colon);
    port = parsePort(text.slice(colon + 1), spec);
  }
  const family = isIP(host);
  if (family !== 4 && family !== 6) {
    throw new DnsServerSpecError(
      `Invalid DNS server "${spec}": expected an IP address with an optional port, like 1.1.1.1, 1.1.1.1:53 or [2606:4700::1111]:53.`,
    );
  }
  return { host, port, family };
}

/** A host name as RFC 1123 allows it (letters, digits, hyphens, dots). */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/**
 * Checks a `--dns-server` value without resolving it: an IP literal as `parseDnsServer` takes, or a
 * host name with an optional port (`dns.example.net`, `localhost:5353`).
 */
export function checkDnsServerSpec(spec: string): void {
  try {
    parseDnsServer(spec);
    return;
  } catch (error) {
    const named = /^([^:[\]]+)(?::(\d{1,5}))?$/.exec(spec.trim());
    // A name's last label has a letter (`256.1.1.1` and `1.1.1` are broken addresses, not names).
    const last = named?.[1]!.replace(/\.$/, '').split('.').pop() ?? '';
    if (!named || !HOST_NAME.test(named[1]!) || !/[a-z]/i.test(last)) throw error;
    if (named[2] !== undefined) parsePort(named[2], spec);
  }
}

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
