/**
 * Opening the TCP connection to a mail host, directly or through a SOCKS5 proxy. Plain `node:net`
 * connects, so a test process can watch every connection attempt.
 */
import * as net from 'node:net';
import { socks5Connect, type Socks5Proxy } from './socks5.js';

/**
 * Why no connection to the mail host was made:
 * - `refused`, `timeout`, `unreachable`: the host (or the proxy on our behalf) could not be reached;
 * - `proxy_unreachable`: the proxy itself could not be reached, or speaks no usable SOCKS5.
 */
export type ConnectFailure = 'refused' | 'timeout' | 'unreachable' | 'proxy_unreachable';

/** How to connect. */
export interface ConnectOptions {
  /** The mail host's TCP port (25 unless testing). */
  port: number;
  /** Bound on the connection (and the SOCKS5 handshake), in ms. */
  timeoutMs: number;
  /** Go through this SOCKS5 proxy. */
  proxy?: Socks5Proxy;
}

/** A connected socket, or why there is none. */
export type ConnectResult =
  | {
      /** The connected socket (a tunnel to the host when through a proxy). */
      socket: net.Socket;
    }
  | {
      /** Why no connection was made. */
      failure: ConnectFailure;
    };

function tcp(host: string, port: number, timeoutMs: number): Promise<ConnectResult> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => done({ failure: 'timeout' }), timeoutMs);
    const done = (result: ConnectResult): void => {
      clearTimeout(timer);
      socket.off('connect', onConnect);
      socket.off('error', onError);
      if ('failure' in result) socket.destroy();
      resolve(result);
    };
    // Once connected, an error must never go unhandled between here and the session's handlers.
    const onConnect = (): void => done({ socket: socket.on('error', () => undefined) });
    const onError = (error: NodeJS.ErrnoException): void =>
      done({ failure: error.code === 'ECONNREFUSED' ? 'refused' : error.code === 'ETIMEDOUT' ? 'timeout' : 'unreachable' });
    socket.once('connect', onConnect);
    socket.once('error', onError);
  });
}

/** Connects to `ip` on the SMTP port, through the proxy when one is set. */
export async function openConnection(ip: string, options: ConnectOptions): Promise<ConnectResult> {
  const { proxy, port, timeoutMs } = options;
  if (!proxy) return tcp(ip, port, timeoutMs);
  const started = Date.now();
  const toProxy = await tcp(proxy.host, proxy.port, timeoutMs);
  if ('failure' in toProxy) return { failure: 'proxy_unreachable' };
  const { socket } = toProxy;
  // The proxy holds our socket; while it connects onward, keep an error handler and a time bound.
  const swallow = (): void => undefined;
  socket.on('error', swallow);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), Math.max(1, timeoutMs - (Date.now() - started)));
  });
  const failure = await Promise.race([socks5Connect(socket, ip, port), timedOut]);
  clearTimeout(timer);
  socket.off('error', swallow);
  if (failure === undefined) return { socket };
  socket.destroy();
  if (failure === 'proxy_protocol' || failure === 'proxy_failed') return { failure: 'proxy_unreachable' };
  return { failure };
}
