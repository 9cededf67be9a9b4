/**
 * The network fence of a CLI child (plain JS: the child loads it with
 * `NODE_OPTIONS=--import <this file>`, before any of its own code). Every way the child could
 * reach another host is wrapped, and anything that is not loopback ends the process at once:
 * exit 70 with FENCE_MARKER on stderr, which the tests assert never appears.
 * - TCP: `net.Socket.prototype.connect`, where net.connect, net.createConnection and
 *   `new Socket().connect` all end (the SMTP prober, the resolver's TCP fallback);
 * - UDP: `dgram.Socket.prototype.connect` and `send` to an address (the resolver);
 * - the system resolver (getaddrinfo and c-ares): `dns.lookup` and every `dns.resolve*`, which the
 *   tool must never use for MX hosts; `localhost` and IP literals are let through to lookup.
 */
import dgram from 'node:dgram';
import dns from 'node:dns';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

export const FENCE_MARKER = 'KWIGA-TEST-FENCE';

function refuse(what) {
  process.stderr.write(`${FENCE_MARKER}: ${what} refused: not loopback\n`);
  process.exit(70);
}

function isLoopback(host) {
  if (host === undefined || host === null || host === 'localhost') return true; // net's default host
  const text = String(host);
  if (/^127\.\d+\.\d+\.\d+$/.test(text) || /^::ffff:127\.\d+\.\d+\.\d+$/i.test(text)) return true;
  return text === '::1' || text === '0:0:0:0:0:0:0:1';
}

const tcpConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function fenced(...args) {
  let first = args[0];
  if (Array.isArray(first)) first = first[0]; // net.connect hands over normalized [options, cb]
  const options = typeof first === 'object' && first !== null ? first : undefined;
  const path = options ? options.path : typeof first === 'string' && Number.isNaN(Number(first)) ? first : undefined;
  const host = options ? options.host : typeof args[1] === 'string' ? args[1] : undefined;
  if (path === undefined && !isLoopback(host)) refuse(`TCP connection to ${host}`);
  return tcpConnect.apply(this, args);
};

const udpConnect = dgram.Socket.prototype.connect;
dgram.Socket.prototype.connect = function fenced(port, address, ...rest) {
  if (typeof address === 'string' && !isLoopback(address)) refuse(`UDP connection to ${address}`);
  return udpConnect.call(this, port, address, ...rest);
};
const udpSend = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function fenced(...args) {
  const address = args.slice(1).find((a) => typeof a === 'string');
  if (address !== undefined && !isLoopback(address)) refuse(`UDP datagram to ${address}`);
  return udpSend.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function fenced(hostname, ...rest) {
  if (net.isIP(hostname) === 0 && hostname !== 'localhost') refuse(`system resolver lookup of ${hostname}`);
  return lookup.call(this, hostname, ...rest);
};
const promisedLookup = dns.promises.lookup;
dns.promises.lookup = function fenced(hostname, ...rest) {
  if (net.isIP(hostname) === 0 && hostname !== 'localhost') refuse(`system resolver lookup of ${hostname}`);
  return promisedLookup.call(this, hostname, ...rest);
};
for (const target of [dns, dns.promises]) {
  for (const name of Object.keys(target)) {
    if (!/^resolve|^reverse$|^lookupService$/.test(name) || typeof target[name] !== 'function') continue;
    target[name] = (...args) => refuse(`system resolver ${name}(${String(args[0])})`);
  }
}
// ESM imports of node:dns see the wrapped functions too.
syncBuiltinESMExports();
