/**
 * A minimal SOCKS5 client (RFC 1928): no authentication (method 0x00), CONNECT only, to an IPv4,
 * IPv6 or domain-name target. Most home and cloud networks block outgoing port 25; a SOCKS5 proxy
 * on a host that may send is how probing works from there (issue 13, `--smtp-proxy`).
 */
import { isIP, type Socket } from 'node:net';

/** Where the proxy listens. */
export interface Socks5Proxy {
  /** Host name or IP address of the proxy. */
  host: string;
  /** TCP port of the proxy. */
  port: number;
}

/**
 * Why a CONNECT through the proxy failed:
 * - `proxy_protocol`: the proxy does not speak SOCKS5 without authentication, or broke the protocol;
 * - `refused`, `unreachable`, `timeout`: the proxy reached no mail server (RFC 1928 §6 REP 0x05;
 *   0x03/0x04; 0x06 TTL expired), or it refused by its own rules (0x02, counted as `refused`);
 * - `proxy_failed`: any other REP (general failure, command or address type unsupported).
 */
export type Socks5Failure = 'proxy_protocol' | 'refused' | 'unreachable' | 'timeout' | 'proxy_failed';

/** Parses `socks5://host:port` (IPv6 hosts in brackets); undefined when it is not one. */
export function parseSocks5Url(url: string): Socks5Proxy | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'socks5:' || !parsed.hostname || parsed.username || parsed.pathname.replace(/^\/$/, '')) return undefined;
  const port = Number(parsed.port || 1080); // RFC 1928 §3: the service is on TCP port 1080
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  return Number.isInteger(port) && port > 0 && port < 65536 ? { host, port } : undefined;
}

/** The 16 bytes of an IPv6 address (RFC 4291 §2.2 text forms, IPv4 tail included). */
export function ipv6Bytes(ip: string): number[] {
  let text = ip;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = text.slice(0, v4.index) + ((a << 8) | b).toString(16) + ':' + ((c << 8) | d).toString(16);
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

/** RFC 1928 §4: the CONNECT request for a target. */
export function connectRequest(host: string, port: number): Buffer {
  let address: number[];
  if (isIP(host) === 4) address = [0x01, ...host.split('.').map(Number)];
  else if (isIP(host) === 6) address = [0x04, ...ipv6Bytes(host)];
  else address = [0x03, Buffer.byteLength(host), ...Buffer.from(host)];
  return Buffer.from([0x05, 0x01, 0x00, ...address, port >> 8, port & 0xff]);
}

/** Reads exact byte counts off a socket; what is read past the handshake goes back to the socket. */
class ByteReader {
  private buffer = Buffer.alloc(0);
  private wake: (() => void) | undefined;
  private ended = false;
  private readonly onData = (chunk: Buffer): void => {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    this.wake?.();
  };
  private readonly onEnd = (): void => {
    this.ended = true;
    this.wake?.();
  };

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.once('close', this.onEnd);
    socket.once('end', this.onEnd);
  }

  /** The next `n` bytes, or undefined when the connection ends first. */
  async take(n: number): Promise<Buffer | undefined> {
    while (this.buffer.length < n && !this.ended) await new Promise<void>((resolve) => (this.wake = resolve));
    if (this.buffer.length < n) return undefined;
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  /** Stops reading; bytes already read that belong to the tunnel are handed back. */
  release(): void {
    this.socket.off('data', this.onData);
    this.socket.off('close', this.onEnd);
    this.socket.off('end', this.onEnd);
    this.socket.pause();
    if (this.buffer.length > 0) this.socket.unshift(this.buffer);
  }
}

const REPLY_FAILURE: Record<number, Socks5Failure> = { 2: 'refused', 3: 'unreachable', 4: 'unreachable', 5: 'refused', 6: 'timeout' };

/**
 * Runs the SOCKS5 handshake on a socket already connected to the proxy. Resolves undefined on
 * success (the socket is then a tunnel to the target), or the failure. The caller owns timeouts.
 */
export async function socks5Connect(socket: Socket, host: string, port: number): Promise<Socks5Failure | undefined> {
  const reader = new ByteReader(socket);
  try {
    socket.write(Buffer.from([0x05, 0x01, 0x00])); // VER 5, one method: no authentication
    const method = await reader.take(2);
    if (!method || method[0] !== 0x05 || method[1] !== 0x00) return 'proxy_protocol';
    socket.write(connectRequest(host, port));
    const head = await reader.take(4);
    if (!head || head[0] !== 0x05) return 'proxy_protocol';
    const rep = head[1]!;
    if (rep !== 0x00) return REPLY_FAILURE[rep] ?? 'proxy_failed';
    const atyp = head[3];
    const lengthByte = atyp === 0x03 ? await reader.take(1) : undefined;
    const addressLength = atyp === 0x01 ? 4 : atyp === 0x04 ? 16 : atyp === 0x03 && lengthByte ? lengthByte[0]! : -1;
    if (addressLength < 0 || !(await reader.take(addressLength + 2))) return 'proxy_protocol';
    return undefined;
  } finally {
    reader.release();
  }
}
