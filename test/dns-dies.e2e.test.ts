/**
 * Issue 16.5: a resolver that answers for a while and then goes silent is noticed — said once, the
 * rest of the run goes on offline (no wall of dns_error rows in review, no six seconds per domain),
 * and report.json says when the last answer came. A resolver that only stalls for a moment must
 * not trip it: the domains caught in the stall are asked again and answered.
 * The built binary against the real DNS test server, which drops queries by their number.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers/cli.js';
import { startDnsServer, type DnsTestServer, type ZoneEntry } from './helpers/dns-server.js';
import { readReport } from './helpers/report.js';

const DOMAINS = 300;
const ANSWERED = 100;
/** 8 chains at once, 200 ms per attempt, 3 attempts: one query's budget is 600 ms. */
const FLAGS = ['--dns-timeout', '200', '--concurrency', '8', '-q'];

const zone: Record<string, ZoneEntry> = Object.fromEntries(
  Array.from({ length: DOMAINS }, (_, i) => [`kwiga-dies-${i}.com`, { MX: [[10, `mx.kwiga-dies-${i}.com`]] }]),
);

let server: DnsTestServer | undefined;
afterEach(async () => server?.close());

/** One address per domain, so each row needs its own chain (one MX query when answered). */
function list(): string {
  const file = join(tempDir('kwiga-dies-'), 'contacts.csv');
  const rows = Array.from({ length: DOMAINS }, (_, i) => `user${i}@kwiga-dies-${i}.com`);
  writeFileSync(file, `Email\n${rows.join('\n')}\n`);
  return file;
}

describe('a resolver that dies mid-run', () => {
  it('is noticed once; the rest goes on offline; report.json has the last answer', async () => {
    server = await startDnsServer(zone, { drop: (n) => n > ANSWERED });
    const out = tempDir('kwiga-dies-out-');
    const result = await runCli([list(), '--dns-server', server.address, ...FLAGS, '-o', out]);
    expect(result.code).toBe(0);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^kwiga-validate: warning: DNS stopped answering during the run: the last answer from 127\.0\.0\.1:\d+ came at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(answers received: 100\)/);
    const report = readReport(out);
    expect(report.dns).toMatchObject({ status: 'unavailable', answers: ANSWERED, errors: 0 });
    expect(Date.parse(report.dns.lastAnswerAt!)).toBeGreaterThanOrEqual(Date.parse(report.startedAt));
    // Nothing sent to review for the resolver's fault: the rows are judged as offline.
    expect(report.reasons.dns_error).toBe(0);
    expect(report.totals).toMatchObject({ rows: DOMAINS, clean: DOMAINS });
    // Bounded: a few rounds of 8 silent chains, not 3 unanswered attempts for each of the 200 domains left.
    expect(server.count()).toBeLessThan(ANSWERED + 80);
  });

  it('a resolver that never answers after all is still "did not answer" (not "stopped answering")', async () => {
    server = await startDnsServer(zone, { silent: true });
    const out = tempDir('kwiga-dies-out-');
    const result = await runCli([list(), '--dns-server', server.address, ...FLAGS, '-o', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^kwiga-validate: warning: No DNS answer from 127\.0\.0\.1:\d+, so domains were not checked/);
    const report = readReport(out);
    expect(report.dns.status).toBe('unavailable');
    expect(report.dns.answers).toBeUndefined();
  });
});

describe('a resolver that stalls briefly', () => {
  it('is not given up: the domains caught in the stall are asked again and answered', async () => {
    // The 24 queries after the 100th are dropped: every attempt of the 8 chains in flight.
    server = await startDnsServer(zone, { drop: (n) => n > ANSWERED && n <= ANSWERED + 24 });
    const out = tempDir('kwiga-dies-out-');
    const result = await runCli([list(), '--dns-server', server.address, ...FLAGS, '-o', out]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const report = readReport(out);
    expect(report.dns).toMatchObject({ status: 'ok', errors: 0 });
    expect(report.reasons.dns_error).toBe(0);
    expect(report.totals).toMatchObject({ rows: DOMAINS, clean: DOMAINS });
    // Each of the 8 stalled domains was asked 3 times in the stall and once more after it.
    const stalled = server.log.slice(ANSWERED, ANSWERED + 24).map((q) => q.name);
    for (const name of new Set(stalled)) expect(server.count(name)).toBe(4);
  });
});
