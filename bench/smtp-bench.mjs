#!/usr/bin/env node
/**
 * SMTP bench (issue 13): 1,000 addresses over 50 domains, each domain on its own loopback mail
 * host (127.0.3.1–50, one port), every server reply sent 50 ms after the command (the greeting
 * too). Measured in the same run:
 * - batched (ours): dist/smtp's prober: one session per domain, up to 20 RCPTs per envelope, one
 *   random RCPT per domain for the catch-all check;
 * - one connection per address (the peers' way, e.g. reacher): connect, EHLO, MAIL FROM, RCPT of a
 *   random address (their catch-all check), RCPT of the address, QUIT, for every address.
 * Both run 5 connections at once (the prober's default `concurrency`), without the per-host rate
 * limit (`rcptIntervalMs: 0`): this measures the protocol's cost, not the politeness delay.
 *
 *   npm run build && node bench/smtp-bench.mjs [--addresses 1000] [--domains 50] [--delay 50] [--concurrency 5] [--json]
 */
import * as net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const load = (file) => import(pathToFileURL(join(root, 'dist', 'smtp', file)).href);
const { createSmtpProber } = await load('index.js');
const { openConnection } = await load('connect.js');
const { SmtpSession, openDialogue } = await load('session.js');
const { classifyRcptReply } = await load('reply.js');

const { values } = parseArgs({
  options: {
    addresses: { type: 'string', default: '1000' },
    domains: { type: 'string', default: '50' },
    delay: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '5' },
    json: { type: 'boolean', default: false },
  },
});
const ADDRESSES = Number(values.addresses);
const DOMAINS = Number(values.domains);
const DELAY = Number(values.delay);
const CONCURRENCY = Number(values.concurrency);
const HELO = 'bench.sender.test';
const FROM = 'probe@sender.test';

/** Every reply after DELAY ms; `userN` exists unless N is a multiple of 10, anything else is unknown. */
function handler(socket, counters) {
  counters.connections += 1;
  socket.setEncoding('utf8');
  socket.on('error', () => undefined);
  const reply = (text, end = false) =>
    setTimeout(() => {
      if (!socket.writable) return;
      socket.write(`${text}\r\n`);
      if (end) socket.end();
    }, DELAY);
  reply('220 bench.test ESMTP');
  let buffer = '';
  socket.on('data', (chunk) => {
    buffer += chunk;
    let nl;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'EHLO') reply('250-bench.test\r\n250 8BITMIME');
      else if (verb === 'QUIT') reply('221 2.0.0 bye', true);
      else if (verb === 'RCPT') {
        counters.rcpts += 1;
        const m = /^RCPT TO:<user(\d+)@/i.exec(line);
        reply(m && Number(m[1]) % 10 !== 0 ? '250 2.1.5 OK' : '550 5.1.1 User unknown');
      } else reply('250 2.0.0 OK');
    }
  });
}

async function startServers(counters) {
  const servers = [];
  let port = 0;
  for (let i = 1; i <= DOMAINS; i += 1) {
    const server = net.createServer((socket) => handler(socket, counters));
    port = await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, `127.0.3.${i}`, () => resolve(server.address().port));
    });
    servers.push(server);
  }
  return { port, close: () => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))) };
}

const work = Array.from({ length: ADDRESSES }, (_, n) => ({ local: `user${n}`, domain: `d${n % DOMAINS}.bench.test`, ip: `127.0.3.${(n % DOMAINS) + 1}` }));
const mxOf = (domain) => `mx.${domain}`;

async function batched(port) {
  const dns = new Map(work.map((w) => [mxOf(w.domain), [w.ip]]));
  const prober = createSmtpProber({
    from: FROM, helo: HELO, port, allowPrivate: true, rcptIntervalMs: 0, concurrency: CONCURRENCY, timeoutMs: 5000,
    lookupHost: async (name) => dns.get(name) ?? [],
  });
  const answers = await Promise.all(work.map((w) => prober.probe({ local: w.local, domain: w.domain }, [mxOf(w.domain)])));
  await prober.close();
  const report = prober.report();
  return { sessions: report.sessions, rcpts: report.probes, answers };
}

/** One connection per address, with a random-address RCPT first, as the peers do. */
async function onePerAddress(port) {
  let next = 0;
  let rcpts = 0;
  const answers = new Array(work.length);
  async function worker() {
    while (next < work.length) {
      const i = next++;
      const w = work[i];
      const opened = await openConnection(w.ip, { port, timeoutMs: 5000 });
      const session = new SmtpSession(opened.socket, 5000);
      await openDialogue(session, HELO);
      await session.command(`MAIL FROM:<${FROM}>`);
      await session.command(`RCPT TO:<zzrandom${i}@${w.domain}>`);
      const reply = await session.command(`RCPT TO:<${w.local}@${w.domain}>`);
      rcpts += 2;
      answers[i] = classifyRcptReply(reply) === 'accepted' ? 'exists' : 'not_found';
      await session.quit();
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { sessions: work.length, rcpts, answers };
}

async function measure(run) {
  const counters = { connections: 0, rcpts: 0 };
  const servers = await startServers(counters);
  const started = performance.now();
  const result = await run(servers.port);
  const ms = performance.now() - started;
  await servers.close();
  return { ...result, ms, serverConnections: counters.connections, serverRcpts: counters.rcpts };
}

const ours = await measure(batched);
const peers = await measure(onePerAddress);
const kinds = (answers) => answers.map((a) => (typeof a === 'string' ? a : a.kind));
const agree = kinds(ours.answers).every((k, i) => k === kinds(peers.answers)[i]);
const row = (r) => ({ wallMs: Math.round(r.ms), sessions: r.serverConnections, rcpts: r.serverRcpts, rcptsPerSession: Math.round((r.serverRcpts / r.serverConnections) * 100) / 100 });
const result = {
  addresses: ADDRESSES, domains: DOMAINS, delayMs: DELAY, concurrency: CONCURRENCY, sameVerdicts: agree,
  batched: row(ours), onePerAddress: row(peers),
  ratio: {
    wall: Math.round((ours.ms / peers.ms) * 1000) / 1000,
    sessions: Math.round((ours.serverConnections / peers.serverConnections) * 1000) / 1000,
    rcpts: Math.round((ours.serverRcpts / peers.serverRcpts) * 1000) / 1000,
  },
};

if (values.json) console.log(JSON.stringify(result, null, 2));
else {
  const pad = (v, n) => String(v).padStart(n);
  console.log(`SMTP probing: ${ADDRESSES} addresses over ${DOMAINS} domains, every reply after ${DELAY} ms, ${CONCURRENCY} connections at once`);
  console.log(`${'way'.padEnd(24)}${pad('wall time', 12)}${pad('sessions', 10)}${pad('RCPTs', 8)}${pad('RCPTs/session', 15)}`);
  for (const [name, r] of [['batched (ours)', result.batched], ['one per address (peers)', result.onePerAddress]]) {
    console.log(`${name.padEnd(24)}${pad(`${(r.wallMs / 1000).toFixed(1)} s`, 12)}${pad(r.sessions, 10)}${pad(r.rcpts, 8)}${pad(r.rcptsPerSession.toFixed(2), 15)}`);
  }
  console.log(`${'ratio ours / peers'.padEnd(24)}${pad(`${result.ratio.wall}x`, 12)}${pad(`${result.ratio.sessions}x`, 10)}${pad(`${result.ratio.rcpts}x`, 8)}`);
  console.log(`same verdicts for every address: ${agree ? 'yes' : 'NO'}`);
}
