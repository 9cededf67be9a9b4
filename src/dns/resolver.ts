/**
 * A small stub resolver over UDP (RFC 1035 §4.2.1) with TCP fallback on truncation (RFC 7766),
 * built on dns-packet so we see exact rcodes and TTLs. One socket per attempt: a fresh random
 * source port and query id per query (RFC 5452), and a connected socket, so an ICMP "port
 * unreachable" comes back as ECONNREFUSED for exactly this query.
 */
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { randomInt } from 'node:crypto';
import dnsPacket from 'dns-packet';
import type { Answer, DecodedPacket, Packet } from 'dns-packet';
import { parseDnsServer, type DnsServer } from '../model/dns-server.js';
import { formatDnsServer, systemDnsServers } from './servers.js';

/** The record types the domain check asks for. */
export type DnsQueryType = 'MX' | 'A' | 'AAAA';

/** One answer record the check can use; names are lowercased, without the trailing dot. */
export type DnsRecord =
  | { type: 'MX'; name: string; ttl: number; preference: number; exchange: string }
  | { type: 'A' | 'AAAA'; name: string; ttl: number; address: string }
  | { type: 'CNAME'; name: string; ttl: number; target: string };

/** A response from a server, whatever its rcode. */
export interface DnsResponse {
  /** `NOERROR`, `NXDOMAIN`, `SERVFAIL`, `REFUSED`, … as named by IANA. */
  rcode: string;
  /** MX, A, AAAA and CNAME records of the answer section, in the server's order. */
  answers: DnsRecord[];
  /** For a negative answer: how long it may be cached, min(SOA TTL, SOA MINIMUM) (RFC 2308 §5). */
  negativeTtl?: number;
  /**
   * The RA bit (RFC 1035 §4.1.1): the server offers recursion to us. Every recursive resolver
   * sets it (unbound, BIND, Knot Resolver, dnsmasq); an authoritative-only server, or unbound
   * answering a client its access-control refuses, clears it. Absent: assumed set.
   */
  recursionAvailable?: boolean;
  /**
   * A referral instead of an answer: NOERROR with no answer records, NS records in the authority
   * section and no SOA (RFC 2308 §2.2 tells a NODATA answer from a referral by the SOA). An
   * authoritative server that does not recurse sends it for a delegated name; Knot Resolver
   * passes one on for a delegation that loops back to its parent. Not a fact about the domain.
   */
  referral?: boolean;
}

/** Why a query got no response at all. */
export type DnsQueryErrorCode = 'timeout' | 'refused' | 'network' | 'bad_response' | 'stopped';

/** A query that got no usable response (after retries): a failure of the check, not a fact. */
export class DnsQueryError extends Error {
  override readonly name = 'DnsQueryError';
  constructor(
    /** What went wrong. */
    readonly code: DnsQueryErrorCode,
    /** The server of the last attempt (`host:port`), if any. */
    readonly server: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** What the domain check needs from a resolver. */
export interface DnsResolver {
  /** One question; resolves to the response (any rcode) or rejects with a DnsQueryError. */
  query(name: string, type: DnsQueryType): Promise<DnsResponse>;
}

/** Options for {@link createUdpResolver}. */
export interface UdpResolverOptions {
  /** `host[:port]` specs; default: the system's resolvers. */
  servers?: string[];
  /** Per-attempt timeout in ms. */
  timeoutMs?: number;
  /** Attempts after the first, rotating through the servers. */
  retries?: number;
}

/**
 * Defaults. A recursive resolver answers from cache in a few ms and a cold name in 50–500 ms;
 * when it must wait on a slow authoritative server it usually gives up itself within ~1–2 s.
 * 2 s per attempt with 2 retries (glibc uses 5 s × 2, c-ares 5 s × 3 for one interactive name) keeps
 * a lost packet on flaky Wi-Fi from turning into dns_error, while a dead resolver is detected within
 * 6 s and a bulk run never waits more than 6 s per question.
 */
export const DEFAULT_TIMEOUT_MS = 2000;
/** See {@link DEFAULT_TIMEOUT_MS}. */
export const DEFAULT_RETRIES = 2;
/** EDNS0 UDP payload size recommended by DNS Flag Day 2020 to avoid IP fragmentation. */
const EDNS_PAYLOAD = 1232;
/** Rcodes worth asking again (another server, or the same one later). */
const RETRY_RCODES = new Set(['SERVFAIL', 'REFUSED', 'NOTIMP']);

/** The UDP resolver; `stats.sent` counts every packet sent (attempts, TCP fallbacks). */
export class UdpResolver implements DnsResolver {
  /** Packets sent and responses received, for the report and the bench. */
  readonly stats = { sent: 0, received: 0 };
  /** The servers in order of preference. */
  readonly servers: readonly DnsServer[];
  private readonly timeoutMs: number;
  private readonly retries: number;
  /** Ends each exchange in flight (see `close`). */
  private readonly open = new Set<(error: DnsQueryError) => void>();
  private closed = false;

  constructor(options: UdpResolverOptions = {}) {
    this.servers = options.servers?.length ? options.servers.map(parseDnsServer) : systemDnsServers();
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retries = Math.max(0, options.retries ?? DEFAULT_RETRIES);
  }

  /**
   * Ends every exchange in flight at once (its socket closed, its timer cleared) and refuses new
   * ones: a stopped run must not wait seconds for answers nobody will read.
   */
  close(): void {
    this.closed = true;
    for (const end of [...this.open]) end(new DnsQueryError('stopped', undefined, 'The resolver was closed'));
  }

  async query(name: string, type: DnsQueryType): Promise<DnsResponse> {
    let last: DnsResponse | DnsQueryError | undefined;
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (this.closed) throw new DnsQueryError('stopped', undefined, 'The resolver was closed');
      // Start with the preferred server; rotate on each retry as resolv.conf's "rotate" would.
      const server = this.servers[attempt % this.servers.length]!;
      try {
        last = await this.ask(server, name, type, true);
        if (!RETRY_RCODES.has(last.rcode)) return last;
      } catch (error) {
        if (!(error instanceof DnsQueryError)) throw error;
        last = error;
      }
    }
    if (last instanceof DnsQueryError) throw last;
    return last!;
  }

  /** One exchange with one server: UDP, then TCP if truncated, without EDNS if FORMERR. */
  private async ask(server: DnsServer, name: string, type: DnsQueryType, edns: boolean): Promise<DnsResponse> {
    const id = randomInt(0, 0x10000);
    const query: Packet = {
      type: 'query',
      id,
      flags: dnsPacket.RECURSION_DESIRED,
      questions: [{ type, name, class: 'IN' }],
      additionals: edns
        ? [{ type: 'OPT', name: '.', udpPayloadSize: EDNS_PAYLOAD, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }]
        : [],
    };
    let reply = await this.udp(server, dnsPacket.encode(query), id, name, type);
    if (reply.flag_tc) reply = await this.tcp(server, dnsPacket.streamEncode(query), id, name, type);
    const rcode = rcodeOf(reply);
    // RFC 6891 §7: a server that does not know EDNS answers FORMERR; ask again without it.
    if (rcode === 'FORMERR' && edns) return this.ask(server, name, type, false);
    return toResponse(reply, rcode);
  }

  private udp(server: DnsServer, message: Buffer, id: number, name: string, type: string): Promise<DecodedPacket> {
    return new Promise((resolve, reject) => {
      const socket = createSocket(server.family === 6 ? 'udp6' : 'udp4');
      const where = formatDnsServer(server);
      let done = false;
      const finish = (error: DnsQueryError | undefined, reply?: DecodedPacket): void => {
        if (done) return;
        done = true;
        this.open.delete(finish);
        clearTimeout(timer);
        socket.removeAllListeners('message');
        socket.close();
        if (error) reject(error);
        else resolve(reply!);
      };
      this.open.add(finish);
      const timer = setTimeout(
        () => finish(new DnsQueryError('timeout', where, `No answer from ${where} within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      socket.on('error', (error: NodeJS.ErrnoException) => finish(socketError(error, where)));
      socket.on('message', (buffer: Buffer) => {
        const reply = decodeMatching(buffer, id, name, type);
        if (reply) {
          this.stats.received++;
          finish(undefined, reply);
        }
        // Anything else (wrong id or question, garbage) is ignored, as RFC 5452 §9.1 asks.
      });
      socket.connect(server.port, server.host, () => {
        if (done) return;
        this.stats.sent++;
        socket.send(message);
      });
    });
  }

  private tcp(server: DnsServer, message: Buffer, id: number, name: string, type: string): Promise<DecodedPacket> {
    return new Promise((resolve, reject) => {
      const where = formatDnsServer(server);
      const socket = connect({ host: server.host, port: server.port });
      let received = Buffer.alloc(0);
      let done = false;
      const finish = (error: DnsQueryError | undefined, reply?: DecodedPacket): void => {
        if (done) return;
        done = true;
        this.open.delete(finish);
        clearTimeout(timer);
        socket.removeAllListeners('data');
        socket.destroy();
        if (error) reject(error);
        else resolve(reply!);
      };
      this.open.add(finish);
      const timer = setTimeout(
        () => finish(new DnsQueryError('timeout', where, `No answer from ${where} over TCP within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      socket.on('error', (error: NodeJS.ErrnoException) => finish(socketError(error, where)));
      socket.on('connect', () => {
        this.stats.sent++;
        socket.write(message);
      });
      socket.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        // RFC 1035 §4.2.2: each message is preceded by its two-byte length.
        if (received.length < 2 || received.length < 2 + received.readUInt16BE(0)) return;
        const reply = decodeMatching(received.subarray(2, 2 + received.readUInt16BE(0)), id, name, type);
        this.stats.received++;
        if (reply) finish(undefined, reply);
        else finish(new DnsQueryError('bad_response', where, `Unreadable TCP answer from ${where}`));
      });
      socket.on('end', () => finish(new DnsQueryError('network', where, `${where} closed the TCP connection`)));
    });
  }
}

/** Creates the stub resolver used by the CLI. */
export function createUdpResolver(options: UdpResolverOptions = {}): UdpResolver {
  return new UdpResolver(options);
}

function socketError(error: NodeJS.ErrnoException, where: string): DnsQueryError {
  if (error.code === 'ECONNREFUSED') return new DnsQueryError('refused', where, `${where} refused the connection`);
  return new DnsQueryError('network', where, `Network error talking to ${where}: ${error.code ?? error.message}`);
}

/** The decoded reply if it answers our question (id, name, type), else undefined. */
function decodeMatching(buffer: Buffer, id: number, name: string, type: string): DecodedPacket | undefined {
  let reply: DecodedPacket;
  try {
    reply = dnsPacket.decode(buffer);
  } catch {
    return undefined;
  }
  const question = reply.questions?.[0];
  if (reply.id !== id || !reply.flag_qr) return undefined;
  // An error reply may come without the question: unbound's access-control "refuse" answers
  // REFUSED with QDCOUNT 0 (captured in test/fixtures/dns-real). The connected socket only hands
  // us datagrams from the server asked, and the random id still has to match; an error carries no
  // verdict, so accepting it cannot forge one (RFC 5452 §9.1 asks to match the question when given).
  if (!question) return rcodeOf(reply) !== 'NOERROR' && (reply.answers ?? []).length === 0 ? reply : undefined;
  if (question.type !== type || question.name.toLowerCase() !== name.toLowerCase()) return undefined;
  return reply;
}

function rcodeOf(reply: DecodedPacket): string {
  // dns-packet decodes the header rcode but its typings omit the field.
  return (reply as DecodedPacket & { rcode?: string }).rcode ?? 'NOERROR';
}

function toResponse(reply: DecodedPacket, rcode: string): DnsResponse {
  const answers: DnsRecord[] = [];
  for (const answer of reply.answers ?? []) {
    const record = toRecord(answer);
    if (record) answers.push(record);
  }
  const response: DnsResponse = { rcode, answers, recursionAvailable: reply.flag_ra === true };
  let delegated = false;
  for (const authority of reply.authorities ?? []) {
    if (authority.type === 'SOA') {
      response.negativeTtl = Math.min(authority.ttl ?? 0, authority.data.minimum ?? 0);
    }
    if (authority.type === 'NS') delegated = true;
  }
  if (rcode === 'NOERROR' && (reply.answers ?? []).length === 0 && delegated && response.negativeTtl === undefined) response.referral = true;
  return response;
}

function toRecord(answer: Answer): DnsRecord | undefined {
  if (answer.type === 'OPT' || (answer.class !== undefined && answer.class !== 'IN')) return undefined;
  const name = answer.name.toLowerCase();
  const ttl = answer.ttl ?? 0;
  switch (answer.type) {
    case 'MX':
      return { type: 'MX', name, ttl, preference: answer.data.preference ?? 0, exchange: answer.data.exchange.toLowerCase() };
    case 'A':
    case 'AAAA':
      return { type: answer.type, name, ttl, address: answer.data };
    case 'CNAME':
      return { type: 'CNAME', name, ttl, target: answer.data.toLowerCase() };
    default:
      return undefined;
  }
}
