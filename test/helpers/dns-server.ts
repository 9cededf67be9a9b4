/**
 * A real DNS server for tests and the bench: UDP + TCP on 127.0.0.1 (ephemeral port), built on
 * dns-packet, answering from a zone table the way a recursive resolver would (CNAMEs chased inside
 * the answer, SOA in the authority section of negative answers). Per-name behaviours simulate the
 * failures a real resolver shows. Every query is logged so tests can count them.
 */
import { createSocket, type RemoteInfo } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Packet } from 'dns-packet';

/** How the server treats questions about one name. */
export interface Behaviour {
  /** Never answer (over UDP or TCP). */
  never?: boolean;
  /** Answer with this rcode and no records. */
  rcode?: 'SERVFAIL' | 'REFUSED';
  /** Delay every answer by this many ms. */
  delayMs?: number;
  /** Delay only the first N queries for this name (then answer at once), by `delayMs`. */
  delayFirst?: number;
  /** Over UDP answer with TC=1 and no records, so the client must retry over TCP. */
  truncate?: boolean;
  /** Answer a CNAME without chasing it (like an authoritative server outside the target's zone). */
  noChase?: boolean;
  /**
   * Answer with these bytes (hex), as a real server sent them (test/fixtures/dns-real), with the
   * id of the query answered put in: exact replays of answers our zone table cannot express.
   */
  replay?: string;
}

/** The records of one name; a name present in the table exists (NOERROR), others are NXDOMAIN. */
export interface ZoneEntry {
  /** [preference, exchange]; exchange "." makes a null MX. */
  MX?: Array<[number, string]>;
  /** IPv4 addresses. */
  A?: string[];
  /** IPv6 addresses. */
  AAAA?: string[];
  /** Alias target (then other records of this name are ignored). */
  CNAME?: string;
  /** TTL of this name's records (default 300). */
  ttl?: number;
  /** Failure simulation. */
  behaviour?: Behaviour;
}

/** One received query. */
export interface LoggedQuery {
  /** Lowercased question name. */
  name: string;
  /** Question type. */
  type: string;
  /** How it arrived. */
  transport: 'udp' | 'tcp';
  /** The query carried an EDNS0 OPT record (and its UDP payload size). */
  ednsPayload?: number;
}

/** Options of {@link startDnsServer}. */
export interface DnsServerOptions {
  /** Fixed delay added to every answer, ms (the bench uses 20). */
  delayMs?: number;
  /** SOA MINIMUM and TTL for negative answers (default 60). */
  negativeTtl?: number;
  /** Log queries but never answer any (a resolver that has gone dark). */
  silent?: boolean;
  /**
   * Leave the n-th query received (1-based, over UDP and TCP together) unanswered when this says
   * so: `(n) => n > 100` is a resolver that dies after 100 queries, `(n) => n > 100 && n <= 160`
   * one that stalls for 60 queries and then answers again.
   */
  drop?: (n: number) => boolean;
  /** Answer every question with these bytes (hex; see {@link Behaviour.replay}). */
  replay?: string;
  /** Listen on this port (UDP and TCP) instead of an ephemeral one: a resolver restarted in place. */
  port?: number;
}

/** A running server. */
export interface DnsTestServer {
  /** `127.0.0.1:<port>`, ready for `--dns-server`. */
  readonly address: string;
  /** The UDP and TCP port. */
  readonly port: number;
  /** Every query received, in order. */
  readonly log: LoggedQuery[];
  /** The zone, mutable between tests (keys are lowercased names). */
  readonly zone: Map<string, ZoneEntry>;
  /** Queries received, optionally only those for `name` (and `type`). */
  count(name?: string, type?: string): number;
  /** Stops listening and cancels pending delayed answers. */
  close(): Promise<void>;
}

const MAX_CHASE = 8;

/** Starts a server on 127.0.0.1 with the given zone. */
export async function startDnsServer(
  zone: Record<string, ZoneEntry>,
  options: DnsServerOptions = {},
): Promise<DnsTestServer> {
  const table = new Map(Object.entries(zone).map(([name, entry]) => [name.toLowerCase(), entry]));
  const log: LoggedQuery[] = [];
  const seen = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const negativeTtl = options.negativeTtl ?? 60;

  const respond = (query: DecodedPacket, transport: 'udp' | 'tcp', send: (reply: Buffer) => void): void => {
    const question = query.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase();
    const logged: LoggedQuery = { name, type: question.type, transport };
    for (const extra of query.additionals ?? []) if (extra.type === 'OPT') logged.ednsPayload = extra.udpPayloadSize;
    log.push(logged);
    const nth = (seen.get(name) ?? 0) + 1;
    seen.set(name, nth);
    const behaviour = table.get(name)?.behaviour ?? {};
    if (behaviour.never || options.silent || options.drop?.(log.length)) return;
    const replay = behaviour.replay ?? options.replay;
    const reply = replay !== undefined ? replayed(replay, query) : dnsPacket.encode(answer(table, query, name, question.type, transport, negativeTtl));
    const perName = behaviour.delayFirst === undefined || nth <= behaviour.delayFirst ? behaviour.delayMs ?? 0 : 0;
    const delay = (options.delayMs ?? 0) + perName;
    if (delay <= 0) return send(reply);
    const timer = setTimeout(() => {
      timers.delete(timer);
      send(reply);
    }, delay);
    timers.add(timer);
  };

  const udp = createSocket('udp4');
  udp.on('message', (buffer: Buffer, peer: RemoteInfo) => {
    let query: DecodedPacket;
    try {
      query = dnsPacket.decode(buffer);
    } catch {
      return;
    }
    respond(query, 'udp', (reply) => udp.send(reply, peer.port, peer.address));
  });
  await new Promise<void>((resolve) => udp.bind(options.port ?? 0, '127.0.0.1', resolve));
  const port = udp.address().port;

  const sockets = new Set<Socket>();
  const tcp: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      // Each message has a two-byte length prefix (RFC 1035 §4.2.2); handle every complete one.
      while (buffered.length >= 2 && buffered.length >= 2 + buffered.readUInt16BE(0)) {
        const length = buffered.readUInt16BE(0);
        const message = buffered.subarray(2, 2 + length);
        buffered = buffered.subarray(2 + length);
        let query: DecodedPacket;
        try {
          query = dnsPacket.decode(message);
        } catch {
          socket.destroy();
          return;
        }
        respond(query, 'tcp', (reply) => {
          // RFC 1035 §4.2.2: the two-byte length, then the message.
          if (!socket.destroyed) socket.write(Buffer.concat([Buffer.from([reply.length >> 8, reply.length & 0xff]), reply]));
        });
      }
    });
  });
  await new Promise<void>((resolve) => tcp.listen(port, '127.0.0.1', resolve));

  return {
    address: `127.0.0.1:${port}`,
    port,
    log,
    zone: table,
    count: (name?: string, type?: string) =>
      log.filter((q) => (name === undefined || q.name === name) && (type === undefined || q.type === type)).length,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    },
  };
}

/**
 * A captured reply (hex) as the answer to `query`: its id put in, and, when it has a question, the
 * query's question in place of the captured one (so one capture answers every name). Names after
 * the question that point back into it point at its start (offset 12), which still holds.
 */
function replayed(hex: string, query: DecodedPacket): Buffer {
  const reply = Buffer.from(hex, 'hex');
  reply.writeUInt16BE(query.id ?? 0, 0);
  if (reply.readUInt16BE(4) === 0) return reply;
  let end = 12;
  while (reply[end] !== 0) end += reply[end]! + 1;
  end += 5; // the root label, QTYPE, QCLASS
  const asked = dnsPacket.encode({ type: 'query', id: 0, questions: query.questions ?? [] }).subarray(12);
  return Buffer.concat([reply.subarray(0, 12), asked, reply.subarray(end)]);
}

/** Builds the reply a recursive resolver would give for the zone table. */
function answer(
  table: Map<string, ZoneEntry>,
  query: DecodedPacket,
  name: string,
  type: string,
  transport: 'udp' | 'tcp',
  negativeTtl: number,
): Packet {
  const reply: Packet & { rcode?: string } = {
    type: 'response',
    id: query.id ?? 0,
    flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
    questions: query.questions ?? [],
    answers: [],
    authorities: [],
  };
  const first = table.get(name);
  const behaviour = first?.behaviour ?? {};
  if (behaviour.rcode) return withRcode(reply, behaviour.rcode);
  if (behaviour.truncate && transport === 'udp') {
    reply.flags! |= dnsPacket.TRUNCATED_RESPONSE;
    return reply;
  }
  let current = name;
  for (let hop = 0; hop <= MAX_CHASE; hop++) {
    const entry = table.get(current);
    if (!entry) return withRcode(withSoa(reply, negativeTtl), 'NXDOMAIN');
    const ttl = entry.ttl ?? 300;
    if (entry.CNAME !== undefined && type !== 'CNAME') {
      reply.answers!.push({ type: 'CNAME', name: current, ttl, data: entry.CNAME });
      if (entry.behaviour?.noChase) return reply;
      current = entry.CNAME.toLowerCase();
      continue;
    }
    const records = recordsOf(entry, current, type, ttl);
    if (records.length === 0) return withSoa(reply, negativeTtl);
    reply.answers!.push(...records);
    return reply;
  }
  return withRcode(reply, 'SERVFAIL');
}

function recordsOf(entry: ZoneEntry, name: string, type: string, ttl: number): Answer[] {
  if (type === 'MX') {
    return (entry.MX ?? []).map(([preference, exchange]) => ({ type: 'MX', name, ttl, data: { preference, exchange } }));
  }
  if (type === 'A') return (entry.A ?? []).map((data) => ({ type: 'A', name, ttl, data }));
  if (type === 'AAAA') return (entry.AAAA ?? []).map((data) => ({ type: 'AAAA', name, ttl, data }));
  return [];
}

function withSoa(reply: Packet, ttl: number): Packet {
  reply.authorities!.push({
    type: 'SOA',
    name: '.',
    ttl,
    data: { mname: 'ns.test', rname: 'hostmaster.test', serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: ttl },
  });
  return reply;
}

/** dns-packet encodes the rcode from the low four bits of `flags`. */
function withRcode(reply: Packet, rcode: 'NXDOMAIN' | 'SERVFAIL' | 'REFUSED'): Packet {
  const value = { NXDOMAIN: 3, SERVFAIL: 2, REFUSED: 5 }[rcode];
  reply.flags = ((reply.flags ?? 0) & ~0xf) | value;
  return reply;
}
