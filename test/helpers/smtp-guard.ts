/**
 * The SMTP tests' network fence: while installed, every TCP connection this test process opens
 * must go to loopback (127.0.0.0/8, ::1, localhost). Anything else throws at the connect call and
 * is recorded, and `assertLoopbackOnly` fails the test file. The prober connects with plain
 * `node:net`, whose every path (net.connect, net.createConnection, new Socket().connect) ends in
 * `Socket.prototype.connect`, which is what is wrapped here.
 */
import * as net from 'node:net';

const original = net.Socket.prototype.connect;
const violations: string[] = [];

/** The host and port a `Socket#connect` call was given, however it was called. */
function target(args: unknown[]): { host?: string; port?: unknown; path?: unknown } {
  let first = args[0];
  if (Array.isArray(first)) first = first[0]; // net.connect hands over normalized [options, cb]
  if (typeof first === 'object' && first !== null) {
    const o = first as { host?: string; port?: unknown; path?: unknown };
    return { ...(o.host !== undefined ? { host: o.host } : {}), port: o.port, path: o.path };
  }
  if (typeof first === 'string' && Number.isNaN(Number(first))) return { path: first };
  return { ...(typeof args[1] === 'string' ? { host: args[1] } : {}), port: first };
}

/** True for loopback literals and `localhost` (never a name that DNS could send elsewhere). */
export function isLoopbackTarget(host: string | undefined): boolean {
  if (host === undefined || host === 'localhost') return true; // net's default host is localhost
  const v4 = net.isIPv4(host) ? host : /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(host)?.[1];
  if (v4) return v4.startsWith('127.');
  return host === '::1' || host === '0:0:0:0:0:0:0:1';
}

/** Wraps `Socket.prototype.connect`; call in beforeAll. */
export function installLoopbackGuard(): void {
  net.Socket.prototype.connect = function guarded(this: net.Socket, ...args: unknown[]) {
    const { host, path } = target(args);
    if (path === undefined && !isLoopbackTarget(host)) {
      violations.push(String(host));
      throw new Error(`Test network fence: connection to non-loopback host ${String(host)} refused`);
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof original;
}

/** Restores `Socket.prototype.connect`; call in afterAll. */
export function removeLoopbackGuard(): void {
  net.Socket.prototype.connect = original;
}

/** Hosts the guard refused so far (and clears the list). */
export function takeViolations(): string[] {
  return violations.splice(0);
}
