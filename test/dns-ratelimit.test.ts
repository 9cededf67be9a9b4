/**
 * A rate-limiting resolver: unbound's `ip-ratelimit` drops a client's questions over N per second
 * (all but one in ip-ratelimit-factor, 10 by default) and keeps answering the rest. Against unbound
 * 1.17.1 with `ip-ratelimit: 20`, 818 of 3,000 domains became dns_error at --concurrency 64; the
 * checker now halves the chains in flight when several domains in one attempt time go unanswered
 * while others are answered, and asks those domains once more (src/dns/pace.ts).
 * Here the test server drops the same way, at 10 questions per 250 ms.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DomainChecker } from '../src/dns/domain-checker.js';
import { startDnsServer, type DnsTestServer, type ZoneEntry } from './helpers/dns-server.js';

const DOMAINS = 80;
const WINDOW_MS = 250;
const LIMIT = 10;
const FACTOR = 10;

let server: DnsTestServer | undefined;
afterEach(async () => server?.close());

/** unbound's ip-ratelimit over a sliding window: over the limit, one question in FACTOR gets through. */
function rateLimit(): (n: number) => boolean {
  const passed: number[] = [];
  let over = 0;
  return () => {
    const now = Date.now();
    while (passed.length > 0 && passed[0]! <= now - WINDOW_MS) passed.shift();
    if (passed.length >= LIMIT && ++over % FACTOR !== 0) return true;
    passed.push(now);
    return false;
  };
}

describe('a resolver that rate-limits us', () => {
  it('slows down and asks again instead of sending the dropped domains to review', async () => {
    const names = Array.from({ length: DOMAINS }, (_, i) => `kwiga-limited-${i}.com`);
    server = await startDnsServer(Object.fromEntries(names.map((n): [string, ZoneEntry] => [n, { MX: [[10, `mx.${n}`]] }])), { drop: rateLimit() });
    const checker = await DomainChecker.create({ servers: [server.address], timeoutMs: 150, retries: 2, concurrency: 32 });
    const findings = await Promise.all(names.map((n) => checker.lookup(n)));
    const errors = findings.filter((f) => f?.code === 'dns_error').length;
    // Before: 29 of the 80 (every attempt dropped); now 1 to 6 in our runs (the first domain of a
    // window in which the pattern shows stays a dns_error).
    expect(errors).toBeLessThan(DOMAINS / 5);
    expect(checker.report()).toMatchObject({ status: 'ok', domains: DOMAINS });
    expect(checker.pace.lowest).toBeLessThan(32);
    expect(checker.warnings).toEqual([]);
  });
});
