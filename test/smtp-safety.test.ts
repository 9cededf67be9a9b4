/**
 * The prober's safety and run-level behaviour on loopback (127.0.2.x): the run-wide breaker,
 * pre-flight "SMTP unavailable", SOCKS5, abort with QUIT, limits (maxProbes, rate, one connection
 * per host, `concurrency` hosts), the cache, the provider table, and the network fence itself.
 */
import * as net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createMemoryAnswerCache } from '../src/smtp/cache.js';
import { takeViolations } from './helpers/smtp-guard.js';
import { dialogue, onCleanup, probeAll, testProber, track, useSmtpKit } from './helpers/smtp-kit.js';
import { acceptAll, closedPort, startRawServer, startSmtpServer, type Gauge, type Verdict } from './helpers/smtp-servers.js';
import { startSocksProxy } from './helpers/smtp-socks.js';

useSmtpKit();

const known = (...locals: string[]) => (local: string): Verdict => (locals.includes(local) ? undefined : [550, '5.1.1 User unknown']);
const BLOCK: Verdict = [554, '5.7.1 Client host rejected: blocked using bl.spamcop.net'];

describe('SMTP prober: run-level safety', () => {
  it('stops the whole run when policy answers pass the share, and skips what is left', async () => {
    const good = track(await startSmtpServer('127.0.2.2', 0, { rcpt: known('a', 'b', 'c') }));
    const bad1 = track(await startSmtpServer('127.0.2.3', good.port, { rcpt: () => BLOCK }));
    const bad2 = track(await startSmtpServer('127.0.2.4', good.port, { rcpt: () => BLOCK }));
    const dns = { 'mx.good.test': ['127.0.2.2'], 'mx.bad1.test': ['127.0.2.3'], 'mx.bad2.test': ['127.0.2.4'] };
    const prober = testProber(good.port, dns, { concurrency: 1, runPolicyMinProbes: 4 });
    expect((await probeAll(prober, 'good.test', ['mx.good.test'], ['a', 'b', 'c'])).map((a) => a.kind)).toEqual(['exists', 'exists', 'exists']);
    const [x, y] = await probeAll(prober, 'bad1.test', ['mx.bad1.test'], ['x', 'y']);
    const [z] = await probeAll(prober, 'bad2.test', ['mx.bad2.test'], ['z']);
    expect(x).toMatchObject({ kind: 'unverified', cause: 'policy', reply: { code: 554 } });
    expect([y, z]).toEqual([{ kind: 'skipped', cause: 'stopped' }, { kind: 'skipped', cause: 'stopped' }]);
    await prober.close();
    expect(bad1.commands.filter((c) => c.startsWith('RCPT'))).toEqual(['RCPT TO:<x@bad1.test>']);
    expect(bad1.commands.at(-1)).toBe('QUIT');
    expect(bad2.sessions).toEqual([]);
    expect(prober.report()).toMatchObject({ status: 'stopped', reason: 'policy_rate', probes: 5, policyAnswers: 1, skipped: { stopped: 2 } });
  });

  it('calls SMTP unavailable when the first hosts cannot be reached at all, and skips every probe', async () => {
    const port = await closedPort('127.0.2.7');
    const dns = { 'mx.a.test': ['127.0.2.7'], 'mx.b.test': ['127.0.2.8'], 'mx.c.test': ['127.0.2.9'], 'mx.d.test': ['127.0.2.10'] };
    const prober = testProber(port, dns);
    const answers = await Promise.all(['a', 'b', 'c'].map((d) => prober.probe({ local: 'user', domain: `${d}.test` }, [`mx.${d}.test`])));
    expect(answers).toEqual(Array(3).fill({ kind: 'skipped', cause: 'unavailable' }));
    expect(await prober.probe({ local: 'late', domain: 'd.test' }, ['mx.d.test'])).toEqual({ kind: 'skipped', cause: 'unavailable' });
    expect(prober.report()).toMatchObject({ status: 'unavailable', reason: 'port_blocked', hosts: 3, sessions: 0, skipped: { unavailable: 4 } });
  });

  it('calls SMTP unavailable at once when the SOCKS5 proxy cannot be reached', async () => {
    const port = await closedPort('127.0.0.1');
    const prober = testProber(25, { 'mx.a.test': ['127.0.2.2'] }, { proxy: `socks5://127.0.0.1:${port}` });
    expect(await prober.probe({ local: 'u', domain: 'a.test' }, ['mx.a.test'])).toEqual({ kind: 'skipped', cause: 'unavailable' });
    expect(prober.report()).toMatchObject({ status: 'unavailable', reason: 'proxy_unreachable' });
  });

  it('probes through a SOCKS5 proxy, connecting by the IP it resolved', async () => {
    const proxy = await startSocksProxy();
    onCleanup(proxy.close);
    const server = track(await startSmtpServer('127.0.2.2', 0, { rcpt: known('alice') }));
    const prober = testProber(server.port, { 'mx.a.test': ['127.0.2.2'] }, { proxy: proxy.url });
    const answers = await probeAll(prober, 'a.test', ['mx.a.test'], ['alice', 'ghost']);
    expect(answers.map((a) => a.kind)).toEqual(['exists', 'not_found']);
    await prober.close();
    expect(proxy.targets).toEqual([`127.0.2.2:${server.port}`]);
    expect(server.sessions.map(dialogue)).toEqual([
      ['EHLO mail.sender.test', 'MAIL FROM:<probe@sender.test>', 'RCPT TO:<alice@a.test>', 'RCPT TO:<random@a.test>', 'RCPT TO:<ghost@a.test>', 'QUIT'],
    ]);
  });

  it('reads a SOCKS5 "connection refused" as a refused host', async () => {
    const proxy = await startSocksProxy({ refuse: true });
    onCleanup(proxy.close);
    const prober = testProber(25, { 'mx.a.test': ['127.0.2.2'] }, { proxy: proxy.url });
    expect(await prober.probe({ local: 'u', domain: 'a.test' }, ['mx.a.test'])).toEqual({ kind: 'unverified', cause: 'refused', host: 'mx.a.test' });
  });

  it('on abort answers what is pending as skipped and ends the open session with QUIT', async () => {
    let rcptSeen!: () => void;
    const seen = new Promise<void>((resolve) => (rcptSeen = resolve));
    const server = track(
      await startRawServer('127.0.2.2', 0, {
        onLine: (line, conn) => (line.startsWith('RCPT') ? rcptSeen() : acceptAll(line, conn)), // RCPT: no reply, ever
      }),
    );
    const controller = new AbortController();
    const prober = testProber(server.port, { 'mx.a.test': ['127.0.2.2'] }, { signal: controller.signal, timeoutMs: 10_000 });
    const pending = probeAll(prober, 'a.test', ['mx.a.test'], ['a', 'b']);
    await seen;
    controller.abort();
    expect(await pending).toEqual([{ kind: 'skipped', cause: 'aborted' }, { kind: 'skipped', cause: 'aborted' }]);
    await prober.close();
    expect(server.sessions).toEqual([['EHLO mail.sender.test', 'MAIL FROM:<probe@sender.test>', 'RCPT TO:<a@a.test>', 'QUIT']]);
    expect(prober.report()).toMatchObject({ status: 'stopped', reason: 'aborted' });
  });
});

describe('SMTP prober: limits, cache and providers', () => {
  it('probes at most maxProbes addresses', async () => {
    const server = track(await startSmtpServer('127.0.2.2', 0, { rcpt: known('a', 'b', 'c') }));
    const prober = testProber(server.port, { 'mx.a.test': ['127.0.2.2'] }, { maxProbes: 2 });
    const answers = await probeAll(prober, 'a.test', ['mx.a.test'], ['a', 'b', 'c']);
    expect(answers.map((a) => a.kind)).toEqual(['exists', 'exists', 'skipped']);
    expect(answers[2]).toEqual({ kind: 'skipped', cause: 'max_reached' });
  });

  it('keeps RCPTs to one host apart by rcptIntervalMs', async () => {
    const times: number[] = [];
    const server = track(await startRawServer('127.0.2.2', 0, { onLine: (line, conn) => (line.startsWith('RCPT') && times.push(Date.now()), acceptAll(line, conn)) }));
    const prober = testProber(server.port, { 'mx.a.test': ['127.0.2.2'] }, { rcptIntervalMs: 60 });
    await probeAll(prober, 'a.test', ['mx.a.test'], ['a', 'b']);
    expect(times).toHaveLength(2); // a, then the random address (accepted: catch-all, b not asked)
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(55);
  });

  it('opens one connection per host at most, and at most `concurrency` hosts at once', async () => {
    const gauge: Gauge = { open: 0, peak: 0 };
    const slow = (line: string, conn: Parameters<typeof acceptAll>[1]) => void setTimeout(() => acceptAll(line, conn), 15);
    const servers = [];
    let port = 0;
    for (let i = 2; i <= 5; i += 1) {
      const s = track(await startRawServer(`127.0.2.${i}`, port, { onLine: slow, gauge }));
      port = s.port;
      servers.push(s);
    }
    // Six domains: four on their own host, two more sharing the last host.
    const dns = Object.fromEntries(servers.map((s, i) => [`mx${i}.test`, [s.ip]]));
    const prober = testProber(port, dns, { concurrency: 2 });
    const domains = ['d0', 'd1', 'd2', 'd3', 'd4', 'd5'].map((d, i) => ({ d, mx: `mx${Math.min(i, 3)}.test` }));
    await Promise.all(domains.flatMap(({ d, mx }) => ['a', 'b'].map((local) => prober.probe({ local, domain: `${d}.test` }, [mx]))));
    await prober.close();
    expect(gauge.peak).toBeLessThanOrEqual(2);
    for (const s of servers) expect(s.peak).toBe(1);
  });

  it('answers from the cache without asking, and fills it with what it learns', async () => {
    const server = track(await startSmtpServer('127.0.2.2', 0, { rcpt: known('alice') }));
    const cache = createMemoryAnswerCache();
    const dns = { 'mx.a.test': ['127.0.2.2'] };
    const first = await probeAll(testProber(server.port, dns, { cache }), 'a.test', ['mx.a.test'], ['alice', 'ghost']);
    const again = testProber(server.port, dns, { cache });
    expect(await probeAll(again, 'a.test', ['mx.a.test'], ['alice', 'ghost'])).toEqual(first);
    expect(server.sessions).toHaveLength(1);
    expect(again.report()).toMatchObject({ cacheHits: 2, sessions: 0, answers: { exists: 1, not_found: 1 } });
  });

  it('never probes Yahoo/AOL or Microsoft 365 hosts', async () => {
    const prober = testProber(25, {});
    expect(await prober.probe({ local: 'u', domain: 'yahoo.com' }, ['mta5.am0.yahoodns.net'])).toEqual({ kind: 'unverified', cause: 'provider_accepts_all', host: 'mta5.am0.yahoodns.net', provider: 'yahoo' });
    expect(await prober.probe({ local: 'u', domain: 'contoso.test' }, ['contoso-test.mail.protection.outlook.com.'])).toMatchObject({ cause: 'provider_accepts_all', provider: 'microsoft365' });
    expect(prober.lookups).toEqual([]);
  });

  it('probes Outlook consumer hosts one RCPT per envelope', async () => {
    const server = track(await startSmtpServer('127.0.2.2', 0, { rcpt: known('alice', 'bob') }));
    const mx = 'hotmail-com.olc.protection.outlook.com';
    const prober = testProber(server.port, { [mx]: ['127.0.2.2'] });
    const answers = await probeAll(prober, 'hotmail.com', [mx], ['alice', 'bob']);
    expect(answers.map((a) => [a.kind, a.provider])).toEqual([['exists', 'outlook'], ['exists', 'outlook']]);
    await prober.close();
    const mail = 'MAIL FROM:<probe@sender.test>';
    expect(server.sessions.map(dialogue)).toEqual([
      ['EHLO mail.sender.test', mail, 'RCPT TO:<alice@hotmail.com>', 'RSET', mail, 'RCPT TO:<random@hotmail.com>', 'RSET', mail, 'RCPT TO:<bob@hotmail.com>', 'QUIT'],
    ]);
  });
});

describe('the network fence', () => {
  it('refuses any connection outside loopback, the prober\'s included', async () => {
    expect(() => net.connect({ host: '192.0.2.1', port: 25 })).toThrow(/fence/);
    const prober = testProber(25, { 'mx.a.test': ['192.0.2.10'] });
    expect(await prober.probe({ local: 'u', domain: 'a.test' }, ['mx.a.test'])).toMatchObject({ kind: 'unverified' });
    expect(takeViolations()).toEqual(['192.0.2.1', '192.0.2.10']);
  });
});
