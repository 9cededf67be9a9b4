/**
 * `--smtp` as a whole run, end to end with the fenced binary: usage errors, private MX hosts,
 * SMTP unavailable (port closed everywhere), a server that refuses our HELO, the run-wide
 * breaker, the answer cache (a rerun asks nothing; an older file still loads), and Ctrl-C with
 * QUIT. SMTP servers on 127.0.5.x, one port; DNS from the suite's server.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FENCE_MARKER, waitFor } from './helpers/cli.js';
import { startDnsServer, type DnsTestServer } from './helpers/dns-server.js';
import { readReport } from './helpers/report.js';
import { csvs, expectNoData, fastConfig, mxAt, outcome, rcpts, runFenced, smtpArgs, startFenced, tempDir, writeList } from './helpers/smtp-e2e.js';
import { closedPort, startRawServer, startSmtpServer, type TestServer, type Verdict } from './helpers/smtp-servers.js';

const known = (...locals: string[]) => (local: string): Verdict => (locals.includes(local) ? undefined : [550, '5.1.1 User unknown']);
const BLOCKED: Verdict = [554, '5.7.1 Client host rejected: blocked using bl.spamcop.net'];

let dns: DnsTestServer;
let port: number;
const servers: TestServer[] = [];
const start = async (ip: string, rcpt?: (local: string) => Verdict) => {
  const server = await startSmtpServer(ip, port, rcpt ? { rcpt } : {});
  servers.push(server);
  return server;
};

let good: TestServer;
let cached: TestServer;
let bad: TestServer[];
let late: TestServer;
let helo: TestServer;
let hold: TestServer;
let holdSawRcpt = false;
let deadPort: number;

beforeAll(async () => {
  good = await startSmtpServer('127.0.5.2', 0, { rcpt: known(...Array.from({ length: 45 }, (_, i) => `user${i}`)) });
  servers.push(good);
  port = good.port;
  cached = await start('127.0.5.3', known('olena', 'ivan'));
  bad = [await start('127.0.5.4', () => BLOCKED), await start('127.0.5.5', () => BLOCKED)];
  late = await start('127.0.5.6', () => BLOCKED);
  helo = await startRawServer('127.0.5.7', port, {
    onLine: (line, conn) => {
      if (/^QUIT/i.test(line)) {
        conn.send('221 bye');
        conn.end();
      } else conn.send('550 5.7.1 <probe.kwiga-test.com>: Helo command rejected: Host not found');
    },
  });
  hold = await startRawServer('127.0.5.8', port, {
    onLine: (line, conn) => {
      const verb = line.slice(0, 4).toUpperCase();
      if (verb === 'RCPT') holdSawRcpt = true; // and no answer: the run is stopped while it waits
      else if (verb === 'QUIT') {
        conn.send('221 2.0.0 bye');
        conn.end();
      } else if (verb === 'EHLO') conn.send('250-hold.test', '250 8BITMIME');
      else conn.send('250 2.0.0 ok');
    },
  });
  servers.push(helo, hold);
  deadPort = await closedPort('127.0.6.2');
  const slow = { behaviour: { delayMs: 300 } };
  dns = await startDnsServer({
    ...mxAt('kwiga-smtp-good.com', '127.0.5.2'),
    ...mxAt('kwiga-smtp-cache.com', '127.0.5.3'),
    'kwiga-smtp-bad1.com': { MX: [[10, 'mx.kwiga-smtp-bad1.com']], ...slow },
    'mx.kwiga-smtp-bad1.com': { A: ['127.0.5.4'] },
    'kwiga-smtp-bad2.com': { MX: [[10, 'mx.kwiga-smtp-bad2.com']], ...slow },
    'mx.kwiga-smtp-bad2.com': { A: ['127.0.5.5'] },
    'kwiga-smtp-bad3.com': { MX: [[10, 'mx.kwiga-smtp-bad3.com']], ...slow },
    'mx.kwiga-smtp-bad3.com': { A: ['127.0.5.6'] },
    ...mxAt('kwiga-smtp-helo.com', '127.0.5.7'),
    ...mxAt('kwiga-smtp-hold.com', '127.0.5.8'),
    ...mxAt('kwiga-smtp-dead1.com', '127.0.6.2'),
    ...mxAt('kwiga-smtp-dead2.com', '127.0.6.3'),
    ...mxAt('kwiga-smtp-dead3.com', '127.0.6.4'),
    'kwiga-smtp-nullmx.com': { MX: [[0, '.']] },
  });
});
afterAll(async () => {
  expectNoData(servers);
  for (const server of [...servers, dns]) await server.close();
});

describe('--smtp usage', () => {
  it.each([
    ['--offline', ['--smtp', '--smtp-from', 'probe@kwiga-test.com', '--offline'], /Option --smtp needs the network, and --offline forbids it/],
    ['no --smtp-from', ['--smtp', '--smtp-helo', 'probe.kwiga-test.com'], /Option --smtp needs --smtp-from <address>/],
    ['a --smtp-from that is no address', ['--smtp', '--smtp-from', 'probe'], /Invalid option --smtp-from: expected an email address/],
    ['an impossible HELO name', ['--smtp', '--smtp-from', 'probe@kwiga-test.com', '--smtp-helo', 'localhost'], /Invalid option --smtp-helo: expected a fully qualified host name/],
    ['a HELO name that is no host name', ['--smtp', '--smtp-from', 'probe@kwiga-test.com', '--smtp-helo', 'my_pc'], /Invalid option --smtp-helo/],
    ['a proxy that is not SOCKS5', ['--smtp', '--smtp-from', 'probe@kwiga-test.com', '--smtp-proxy', 'http://127.0.0.1:8080'], /Invalid option --smtp-proxy: expected a SOCKS5 proxy/],
  ])('%s: exit 2, one line, nothing written', async (_name, flags, message) => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const result = await runFenced([writeList(dir, ['olena@kwiga-smtp-good.com']), '-o', out, '--dns-server', dns.address, ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});

describe('--smtp safety', () => {
  it('does not probe an MX on a private address without --smtp-allow-private, and the row says why', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const before = good.sessions.length;
    const config = fastConfig(dir, { policy: { smtp_unverified: 'review' } });
    const result = await runFenced([...smtpArgs(writeList(dir, ['user1@kwiga-smtp-good.com']), out, dns.address, port, ['-q', '--config', config])]);
    expect(result.code, result.stderr).toBe(0);
    expect(good.sessions.length).toBe(before);
    const row = outcome(out).get('user1@kwiga-smtp-good.com')!;
    expect(row.row.validation_reason).toBe('smtp_unverified');
    expect(row.row.validation_detail).toBe(
      'The mail server mx.kwiga-smtp-good.com is on a private or local network address, so it was not asked (--smtp-allow-private allows it).',
    );
    expect(readReport(out).smtp).toMatchObject({ status: 'ok', hosts: 0, sessions: 0, unverified: { private_mx: 1 } });
  });

  it('calls SMTP unavailable when the port is closed everywhere: one warning, every row keeps its DNS verdict', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const list = ['a@kwiga-smtp-dead1.com', 'b@kwiga-smtp-dead2.com', 'c@kwiga-smtp-dead3.com', 'd@kwiga-smtp-nullmx.com'];
    const result = await runFenced(smtpArgs(writeList(dir, list), out, dns.address, deadPort, ['-q', '--smtp-allow-private', '--config', fastConfig(dir)]));
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^kwiga-validate: warning: No mail server could be reached on port ${deadPort}, .*--smtp-proxy socks5://host:port\\.$`))]);
    const rows = outcome(out);
    for (const email of list.slice(0, 3)) expect(rows.get(email)).toMatchObject({ bucket: 'clean' });
    expect(rows.get('d@kwiga-smtp-nullmx.com')?.row.validation_reason).toBe('no_mail_server');
    const report = readReport(out);
    expect(report.smtp).toMatchObject({ status: 'unavailable', reason: 'port_blocked', sessions: 0, skipped: { unavailable: 3 } });
    expect(report.reasons.smtp_unverified).toBe(0);
  });

  it('reads a refused HELO as a refusal of us: unverified, the reply quoted, the host not asked again', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const config = fastConfig(dir, { policy: { smtp_unverified: 'review' } });
    const list = ['a@kwiga-smtp-helo.com', 'b@kwiga-smtp-helo.com'];
    const result = await runFenced(smtpArgs(writeList(dir, list), out, dns.address, port, ['-q', '--smtp-allow-private', '--config', config]));
    expect(result.code, result.stderr).toBe(0);
    for (const email of list) {
      expect(outcome(out).get(email)?.row.validation_detail).toBe(
        'The mail server mx.kwiga-smtp-helo.com refused the checking computer, not the address: “550 5.7.1 <probe.kwiga-test.com>: Helo command rejected: Host not found”; the mailbox was not verified.',
      );
    }
    expect(helo.sessions).toEqual([['EHLO probe.kwiga-test.com', 'HELO probe.kwiga-test.com', 'QUIT']]);
  });

  it('stops probing for the run when policy answers pass 5 % of the probes, and says so once', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const list = [
      ...Array.from({ length: 45 }, (_, i) => `user${i}@kwiga-smtp-good.com`),
      'x@kwiga-smtp-bad1.com', 'y@kwiga-smtp-bad1.com', 'x@kwiga-smtp-bad2.com', 'y@kwiga-smtp-bad2.com', 'x@kwiga-smtp-bad3.com',
    ];
    const args = smtpArgs(writeList(dir, list), out, dns.address, port, ['-q', '--smtp-allow-private', '--smtp-concurrency', '1', '--config', fastConfig(dir)]);
    const result = await runFenced(args);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^kwiga-validate: warning: Mail servers refused the checking computer \(blocklists, reputation\) 3 times in 49 probes, so SMTP probing stopped/);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    const report = readReport(out);
    expect(report.smtp).toMatchObject({ status: 'stopped', reason: 'policy_rate', policyAnswers: 3, skipped: { stopped: 2 } });
    // The first bad host answers twice (its own breaker), the next once (the run's), the last never
    // (which host comes first depends on the order their DNS answers arrive in).
    expect([...bad, late].map((server) => rcpts(server).length).sort()).toEqual([0, 1, 2]);
    expect(report.totals).toMatchObject({ rows: 50, clean: 50 });
  });
});

describe('--cache with --smtp', () => {
  it('keeps mailbox answers next to the DNS answers: a rerun asks nothing, and the file names no address', async () => {
    const dir = tempDir();
    const cache = join(dir, 'answers.json');
    const list = writeList(dir, ['olena@kwiga-smtp-cache.com', 'ghost@kwiga-smtp-cache.com', 'ivan@kwiga-smtp-cache.com']);
    const config = fastConfig(dir);
    const run = async (name: string) => {
      const out = join(dir, name);
      const result = await runFenced(smtpArgs(list, out, dns.address, port, ['-q', '--smtp-allow-private', '--config', config, '--cache', cache]));
      expect(result.code, result.stderr).toBe(0);
      return out;
    };
    const first = await run('first');
    const asked = rcpts(cached).length;
    expect(asked).toBe(4); // three addresses and the random one
    const file = readFileSync(cache, 'utf8');
    expect(file).not.toMatch(/olena|ivan|ghost@/);
    expect(Object.keys((JSON.parse(file) as { mailboxes: object }).mailboxes)).toHaveLength(3);
    dns.log.length = 0;
    const second = await run('second');
    expect(rcpts(cached)).toHaveLength(asked);
    expect(dns.log).toEqual([]);
    expect(csvs(second)).toEqual(csvs(first));
    expect(readReport(second).smtp).toMatchObject({ status: 'ok', sessions: 0, probes: 0, cacheHits: 3 });
  });

  it('loads a cache file written before SMTP answers were kept (--dns-cache, no hosts, no mailboxes)', async () => {
    const dir = tempDir();
    const cache = join(dir, 'old.json');
    const entries = { 'kwiga-smtp-cache.com': { kind: 'mail', expiresAt: Date.now() + 3_600_000 } };
    writeFileSync(cache, JSON.stringify({ format: 'kwiga-validate/dns-cache', version: 1, entries }));
    const out = join(dir, 'out');
    dns.log.length = 0;
    const list = writeList(dir, ['ghost@kwiga-smtp-cache.com']);
    const result = await runFenced(smtpArgs(list, out, dns.address, port, ['-q', '--smtp-allow-private', '--config', fastConfig(dir), '--dns-cache', cache]));
    expect(result.code, result.stderr).toBe(0);
    expect(outcome(out).get('ghost@kwiga-smtp-cache.com')?.row.validation_reason).toBe('mailbox_not_found');
    // The route was asked again once, as the file had no hosts; the file now keeps them.
    expect(dns.count('kwiga-smtp-cache.com', 'MX')).toBe(1);
    const saved = JSON.parse(readFileSync(cache, 'utf8')) as { version: number; entries: Record<string, { hosts?: string[] }>; mailboxes: object };
    expect(saved.version).toBe(2);
    expect(saved.entries['kwiga-smtp-cache.com']?.hosts).toEqual(['mx.kwiga-smtp-cache.com']);
    expect(Object.keys(saved.mailboxes)).toHaveLength(1);
  });
});

describe('Ctrl-C during probing', () => {
  it('ends the open session with QUIT, exits 130 and leaves no outputs', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    const args = smtpArgs(writeList(dir, ['a@kwiga-smtp-hold.com']), out, dns.address, port, ['-q', '--smtp-allow-private', '--config', fastConfig(dir)]);
    const run = startFenced(args);
    await waitFor(() => holdSawRcpt, 'the server to receive a RCPT');
    run.child.kill('SIGINT');
    const result = await run.done;
    expect(result.code).toBe(130);
    expect(result.stderr).toBe('kwiga-validate: stopping…\nkwiga-validate: stopped; no results were written.\n');
    expect(result.stderr).not.toContain(FENCE_MARKER);
    expect(hold.commands.slice(-2)).toEqual(['RCPT TO:<a@kwiga-smtp-hold.com>', 'QUIT']);
    expect(existsSync(out)).toBe(false);
  });
});
