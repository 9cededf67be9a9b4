/**
 * Replays python-email-validator's recorded DNS answers (test/corpora/dns/, The Unlicense)
 * through our real test server and matches its expected deliverability outcomes
 * (tests/test_deliverability.py), counting the queries each domain cost.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findMailRoute } from '../src/dns/mail-route.js';
import { createUdpResolver, type UdpResolver } from '../src/dns/resolver.js';
import { startDnsServer, type DnsTestServer, type ZoneEntry } from './helpers/dns-server.js';

const CORPUS = join(import.meta.dirname, 'corpora', 'dns');

interface Recorded {
  query: { name: string; type: string };
  answer: string[];
}
interface DomainCase {
  domain: string;
  deliverable: boolean;
  expected?: { mx: Array<[number, string]>; mx_fallback_type: 'A' | 'AAAA' | null };
  error_prefix?: string;
  note: string;
}
interface AddressCase {
  address: string;
  deliverable: boolean;
}

const recorded = JSON.parse(readFileSync(join(CORPUS, 'python-email-validator-mocked-dns-answers.json'), 'utf8')) as Recorded[];
const expected = JSON.parse(readFileSync(join(CORPUS, 'python-email-validator-deliverability.json'), 'utf8')) as {
  domain_checks: DomainCase[];
  address_checks: AddressCase[];
};

/**
 * The recording stores NXDOMAIN as an `ANY` query with an empty answer (dnspython raised NXDOMAIN
 * on the first question); any other recorded name exists, and an empty answer is NODATA.
 */
function zoneFromRecording(): Record<string, ZoneEntry> {
  const zone: Record<string, ZoneEntry> = {};
  for (const { query, answer } of recorded) {
    if (query.type === 'ANY') continue;
    const entry = (zone[query.name] ??= {});
    if (query.type === 'MX') {
      entry.MX = answer.map((text) => {
        const [preference, exchange] = text.split(' ');
        return [Number(preference), exchange!.replace(/\.$/, '') || '.'];
      });
    } else if (query.type === 'A') entry.A = answer;
    else if (query.type === 'AAAA') entry.AAAA = answer;
  }
  return zone;
}

/** Our verdict for python's outcome: deliverable ↔ mail; its error prefix names which negative. */
function ours(kind: string): boolean | undefined {
  return kind === 'mail' ? true : kind === 'not_found' || kind === 'no_mail' ? false : undefined;
}

/** Queries each domain should cost under our chain (MX, then A, then AAAA only when needed). */
const QUERIES: Record<string, number> = {
  'gmail.com': 1,
  'pages.github.com': 2,
  'xkxufoekjvjfjeodlfmdfjcu.com': 1,
  'example.com': 1,
  'g.mail.com': 3,
  'nellis.af.mil': 2,
  'justtxt.joshdata.me': 3,
  'ipv6only.joshdata.me': 3,
};

/**
 * Known difference: python-email-validator also reads SPF and calls a domain with only an A record
 * and "v=spf1 -all" undeliverable. SPF (RFC 7208) says which hosts may *send* for a domain, not
 * whether it *receives*; RFC 5321 §5.1 still delivers to the A record, so we say mail.
 */
const DIFFERENT: Record<string, boolean> = { 'nellis.af.mil': true };

let server: DnsTestServer;
let resolver: UdpResolver;
beforeAll(async () => {
  server = await startDnsServer(zoneFromRecording());
  resolver = createUdpResolver({ servers: [server.address], timeoutMs: 500, retries: 0 });
});
afterAll(() => server.close());

describe('python-email-validator deliverability corpus', () => {
  it.each(expected.domain_checks.map((c) => [c.domain, c] as const))('%s', async (domain, c) => {
    const before = server.count();
    const verdict = await findMailRoute(resolver, domain);
    const want = DIFFERENT[domain] ?? c.deliverable;
    expect(ours(verdict.kind)).toBe(want);
    if (c.error_prefix?.includes('does not exist')) expect(verdict.kind).toBe('not_found');
    if (c.error_prefix?.includes('does not accept email')) expect(verdict.kind).toBe('no_mail');
    if (c.expected && c.expected.mx_fallback_type === null) expect(verdict.mx).toEqual(c.expected.mx);
    if (c.expected?.mx_fallback_type) expect(verdict.fallback).toBe(c.expected.mx_fallback_type);
    expect(server.count() - before).toBe(QUERIES[domain]);
  });

  // python rejects these from a static list of reserved names before DNS; through DNS alone the
  // recording gives the same outcome (NXDOMAIN or null MX).
  it.each(expected.address_checks.map((c) => [c.address, c] as const))('%s', async (address, c) => {
    const verdict = await findMailRoute(resolver, address.split('@')[1]!);
    expect(ours(verdict.kind)).toBe(c.deliverable);
  });
});
