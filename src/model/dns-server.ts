/**
 * The syntax of a DNS server given by the user (`--dns-server host[:port]`): shared by the config
 * schema, which checks it, and the resolver, which uses it (dns/servers.ts turns host names into
 * addresses).
 */
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
