/**
 * A tiny SOCKS5 proxy (RFC 1928, no authentication, CONNECT only) on loopback, for the prober's
 * `proxy` option. It records each CONNECT target and relays bytes both ways.
 */
import * as net from 'node:net';
import { listen } from './smtp-servers.js';

/** The running proxy. */
export interface TestSocksProxy {
  /** `socks5://127.0.0.1:port`. */
  url: string;
  /** `host:port` of every CONNECT asked for, in order. */
  targets: string[];
  /** Closes the proxy and its tunnels. */
  close(): Promise<void>;
}

/** Reads exactly n bytes off the socket ('data' events gathered into a buffer). */
function byteQueue(socket: net.Socket): (n: number) => Promise<Buffer> {
  let buffer = Buffer.alloc(0);
  let wake: (() => void) | undefined;
  const onData = (chunk: Buffer): void => {
    buffer = Buffer.concat([buffer, chunk]);
    wake?.();
  };
  socket.on('data', onData);
  return async (n) => {
    while (buffer.length < n) await new Promise<void>((resolve) => (wake = resolve));
    const out = buffer.subarray(0, n);
    buffer = buffer.subarray(n);
    return out;
  };
}

function targetOf(atyp: number, address: Buffer): string {
  if (atyp === 1) return [...address].join('.');
  if (atyp === 4) return Array.from({ length: 8 }, (_, i) => address.readUInt16BE(i * 2).toString(16)).join(':');
  return address.toString();
}

/** Starts the proxy. With `refuse`, every CONNECT gets REP 0x05 (connection refused). */
export async function startSocksProxy(options: { refuse?: boolean } = {}): Promise<TestSocksProxy> {
  const targets: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('error', () => undefined);
    client.on('close', () => sockets.delete(client));
    void handshake(client).catch(() => client.destroy());
  });
  async function handshake(client: net.Socket): Promise<void> {
    const take = byteQueue(client);
    const [version, count] = await take(2);
    if (version !== 5) return void client.destroy();
    await take(count!);
    client.write(Buffer.from([5, 0]));
    const [, command, , atyp] = await take(4);
    const length = atyp === 1 ? 4 : atyp === 4 ? 16 : (await take(1))[0]!;
    const address = targetOf(atyp!, await take(length));
    const port = (await take(2)).readUInt16BE(0);
    targets.push(`${address}:${port}`);
    if (command !== 1 || options.refuse) return void client.end(Buffer.from([5, options.refuse ? 5 : 7, 0, 1, 0, 0, 0, 0, 0, 0]));
    const upstream = net.connect({ host: address, port });
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.end();
    });
    upstream.on('error', () => client.end(Buffer.from([5, 5, 0, 1, 0, 0, 0, 0, 0, 0])));
    upstream.once('connect', () => {
      client.removeAllListeners('data');
      client.write(Buffer.from([5, 0, 0, 1, 127, 0, 0, 1, 0, 0]));
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }
  const port = await listen(server, '127.0.0.1', 0);
  return {
    url: `socks5://127.0.0.1:${port}`,
    targets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
