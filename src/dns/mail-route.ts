/**
 * The lookup chain for one domain, as a sending MTA would walk it (RFC 5321 §5.1):
 * MX; a null MX (RFC 7505) means no mail; no MX means the domain's own A, then AAAA, address
 * ("implicit MX"), counted only when globally routable. Facts (NXDOMAIN, null MX, nothing usable)
 * are verdicts about the address; timeouts and SERVFAIL are failures of the check (STYLE.md §5).
 */
import { isIP } from 'node:net';
import type { MessageOf } from '../model/messages.js';
import { isGlobalAddress } from './ip-ranges.js';
import { DnsQueryError, type DnsQueryType, type DnsRecord, type DnsResolver, type DnsResponse } from './resolver.js';

/** The outcome of the chain for one domain. */
export interface MailRoute {
  /** mail: deliverable; not_found: NXDOMAIN; no_mail: exists, takes no mail; error: not checked. */
  kind: 'mail' | 'not_found' | 'no_mail' | 'error';
  /** A `dns.*` message key saying why (absent for `mail`). */
  why?: DnsMessageKey;
  /** Seconds this verdict may be cached (min of the TTLs it rests on; 0 for errors). */
  ttl: number;
  /** MX records by preference (`mail` via MX). */
  mx?: Array<[preference: number, exchange: string]>;
  /** Set when mail goes to the domain's own address (implicit MX). */
  fallback?: 'A' | 'AAAA';
  /** Queries the chain asked the resolver. */
  queries: number;
}

/** RFC 1034 §3.6.2 has no limit; resolvers stop around 8–16 hops (BIND: 16). We stop at 8. */
const MAX_CNAME_HOPS = 8;
/**
 * Negative-caching time when the server sent no SOA: none. RFC 2308 §5: "Negative responses
 * without SOA records SHOULD NOT be cached". unbound sends such a NODATA for a delegation that
 * loops back to its parent (test/fixtures/dns-real); the next run asks again.
 */
export const DEFAULT_NEGATIVE_TTL = 0;

/** The message keys of the DNS stage. */
export type DnsMessageKey = MessageOf<'dns'>['why'];

/** Errors: which rcodes mean the check failed, with their message keys. */
const RCODE_WHY: Record<string, DnsMessageKey> = { SERVFAIL: 'dns.servfail', REFUSED: 'dns.refused' };
const QUERY_ERROR_WHY: Record<DnsQueryError['code'], DnsMessageKey> = {
  timeout: 'dns.timeout',
  refused: 'dns.unreachable',
  network: 'dns.unreachable',
  bad_response: 'dns.bad_response',
  stopped: 'dns.stopped',
};

/** A verdict reached early ends the chain. */
class ChainEnd {
  constructor(readonly route: Omit<MailRoute, 'queries'>) {}
}

interface Answered {
  /** The name the records belong to after following CNAMEs. */
  name: string;
  /** Records of the asked type at that name. */
  records: DnsRecord[];
  /** Smallest TTL met on the way (CNAMEs, records, or the negative TTL). */
  ttl: number;
}

/** Runs the chain for one ASCII (punycode) domain; never rejects for DNS reasons. */
export async function findMailRoute(resolver: DnsResolver, asciiDomain: string): Promise<MailRoute> {
  let queries = 0;
  const ask = async (name: string, type: DnsQueryType): Promise<DnsResponse> => {
    queries++;
    return resolver.query(name, type);
  };
  try {
    const domain = asciiDomain.toLowerCase().replace(/\.$/, '');
    const mx = await resolve(ask, domain, 'MX');
    const verdict = fromMx(mx) ?? (await implicitMx(ask, mx));
    return { ...verdict, queries };
  } catch (error) {
    if (error instanceof ChainEnd) return { ...error.route, queries };
    if (error instanceof DnsQueryError) return { kind: 'error', why: QUERY_ERROR_WHY[error.code], ttl: 0, queries };
    throw error;
  }
}

type Ask = (name: string, type: DnsQueryType) => Promise<DnsResponse>;

/** The host names mail for a `mail` route goes to, in preference order: the MX exchanges, or the domain itself (implicit MX). */
export function mailHosts(route: Pick<MailRoute, 'kind' | 'mx' | 'fallback'>, asciiDomain: string): string[] | undefined {
  if (route.kind !== 'mail') return undefined;
  if (route.mx?.length) return route.mx.map(([, exchange]) => exchange);
  return route.fallback ? [asciiDomain] : undefined;
}

/**
 * The IP addresses of a mail host, as a sending MTA finds them (RFC 5321 §5.1): A first, AAAA
 * only when there is no A record; CNAMEs followed. Empty when the name has none or the lookup
 * failed (the SMTP prober then reports the host unresolved). Never rejects for DNS reasons.
 */
export async function findHostAddresses(resolver: DnsResolver, host: string): Promise<string[]> {
  const ask: Ask = (name, type) => resolver.query(name, type);
  const name = host.toLowerCase().replace(/\.$/, '');
  for (const type of ['A', 'AAAA'] as const) {
    try {
      const answer = await resolve(ask, name, type);
      const addresses = answer.records.flatMap((r) => (r.type === type ? [r.address] : []));
      if (addresses.length > 0) return addresses;
    } catch (error) {
      if (error instanceof ChainEnd || error instanceof DnsQueryError) return [];
      throw error;
    }
  }
  return [];
}

/**
 * Asks for `type` at `name`, following CNAMEs as a resolver does: use the target's records when
 * the answer carries them, else ask for the target (RFC 5321 §5.1: the canonical name is then
 * processed as if it were the initial name). Throws a ChainEnd for NXDOMAIN and errors.
 */
async function resolve(ask: Ask, name: string, type: DnsQueryType): Promise<Answered> {
  let current = name;
  let ttl = Infinity;
  let hops = 0;
  for (let asked = 0; asked <= MAX_CNAME_HOPS; asked++) {
    const response = await ask(current, type);
    if (response.rcode === 'NXDOMAIN') {
      throw new ChainEnd({ kind: 'not_found', why: 'dns.nxdomain', ttl: negativeTtl(response, ttl) });
    }
    if (response.rcode !== 'NOERROR') {
      throw new ChainEnd({ kind: 'error', why: RCODE_WHY[response.rcode] ?? 'dns.bad_rcode', ttl: 0 });
    }
    // A referral says where to ask next, not what is there: the server did not resolve the name.
    if (response.referral) throw new ChainEnd({ kind: 'error', why: 'dns.referral', ttl: 0 });
    const askedFor = current;
    // Walk the CNAME chain inside this answer; the hop limit also ends loops (a → b → a).
    for (let cname = findCname(response, current); cname; cname = findCname(response, current)) {
      if (++hops > MAX_CNAME_HOPS) throw new ChainEnd({ kind: 'error', why: 'dns.cname_loop', ttl: 0 });
      ttl = Math.min(ttl, cname.ttl);
      current = cname.target;
    }
    const records = response.answers.filter((r) => r.type === type && r.name === current);
    for (const record of records) ttl = Math.min(ttl, record.ttl);
    if (records.length > 0) return { name: current, records, ttl };
    // No data at the name asked, or at the end of a chain the server followed and vouched for with
    // the zone's SOA: a NODATA answer (RFC 2308 §2.2), final.
    if (current === askedFor || response.negativeTtl !== undefined) {
      return { name: current, records, ttl: negativeTtl(response, ttl) };
    }
    // The answer stopped at a CNAME target without records or SOA: ask for the target itself.
  }
  throw new ChainEnd({ kind: 'error', why: 'dns.cname_loop', ttl: 0 });
}

function findCname(response: DnsResponse, name: string): (DnsRecord & { type: 'CNAME' }) | undefined {
  for (const record of response.answers) if (record.type === 'CNAME' && record.name === name) return record;
  return undefined;
}

function negativeTtl(response: DnsResponse, ttlSoFar: number): number {
  return Math.min(ttlSoFar, response.negativeTtl ?? DEFAULT_NEGATIVE_TTL);
}

/** The verdict from MX records, or undefined when there are none (go on to A/AAAA). */
function fromMx(answer: Answered): Omit<MailRoute, 'queries'> | undefined {
  const mx = answer.records.filter((r): r is DnsRecord & { type: 'MX' } => r.type === 'MX');
  if (mx.length === 0) return undefined;
  // RFC 7505 §3: a null MX is the single record "0 ."; an exchange of "." among real MX is ignored.
  const real = mx.filter((r) => r.exchange !== '.' && r.exchange !== '');
  if (real.length === 0) return { kind: 'no_mail', why: 'dns.null_mx', ttl: answer.ttl };
  // RFC 5321 §5.1: "If MX records are present, but none of them are usable ... this situation
  // MUST be reported as an error" (and the domain's own address is not tried then).
  const usable = real.filter((r) => usableExchange(r.exchange));
  if (usable.length === 0) return { kind: 'no_mail', why: 'dns.mx_unusable', ttl: answer.ttl };
  usable.sort((a, b) => a.preference - b.preference);
  return { kind: 'mail', ttl: answer.ttl, mx: usable.map((r) => [r.preference, r.exchange]) };
}

/**
 * Whether an MX exchange can name a mail host, judged from the name alone. Not an IP address
 * written as a name ("MX 10 192.0.2.1."): RFC 1123 §2.1 says a host name never has that form, and
 * Postfix and Exim skip such records (Exim's allow_mx_to_ip is off by default). Not localhost or a
 * name under it (RFC 6761 §6.3: it is always the loopback address): the sender would mail itself.
 */
function usableExchange(exchange: string): boolean {
  if (isIP(exchange) !== 0 || /^\[.*\]$/.test(exchange)) return false;
  return exchange !== 'localhost' && !exchange.endsWith('.localhost');
}

/** No MX: the domain's own addresses, A first, AAAA only if A gave nothing global. */
async function implicitMx(ask: Ask, mx: Answered): Promise<Omit<MailRoute, 'queries'>> {
  let ttl = mx.ttl;
  let sawAddress = false;
  for (const type of ['A', 'AAAA'] as const) {
    let answer: Answered;
    try {
      answer = await resolve(ask, mx.name, type);
    } catch (error) {
      // NXDOMAIN right after a NOERROR MX answer (zone just changed): treat as no address.
      if (error instanceof ChainEnd && error.route.kind === 'not_found') continue;
      throw error;
    }
    ttl = Math.min(ttl, answer.ttl);
    const addresses = answer.records.filter((r): r is DnsRecord & { type: 'A' | 'AAAA' } => r.type === type);
    sawAddress ||= addresses.length > 0;
    if (addresses.some((r) => isGlobalAddress(r.address))) return { kind: 'mail', ttl, fallback: type };
  }
  return { kind: 'no_mail', why: sawAddress ? 'dns.no_public_address' : 'dns.no_mail_records', ttl };
}
