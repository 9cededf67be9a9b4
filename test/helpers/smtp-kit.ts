/**
 * Shared set-up for the prober's loopback tests: the network fence, probers with test-speed
 * defaults (no rate limit, tiny delays) and a DNS table for `lookupHost`, and cleanup of every
 * server and prober after each test. Also checks, after each test, that no server saw DATA.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createSmtpProber, type SmtpProber } from '../../src/smtp/prober.js';
import type { SmtpProberOptions } from '../../src/smtp/options.js';
import type { MailboxAnswer } from '../../src/smtp/types.js';
import { installLoopbackGuard, removeLoopbackGuard, takeViolations } from './smtp-guard.js';
import type { TestServer } from './smtp-servers.js';

const servers: TestServer[] = [];
const probers: SmtpProber[] = [];
const closers: (() => Promise<void>)[] = [];

/** Installs the fence and the per-test cleanup in the calling test file. */
export function useSmtpKit(): void {
  beforeAll(installLoopbackGuard);
  afterEach(async () => {
    for (const prober of probers.splice(0)) await prober.close();
    const all = servers.splice(0);
    const data = all.flatMap((s) => s.commands).filter((c) => /^(DATA|BDAT)\b/i.test(c));
    for (const server of all) await server.close();
    for (const close of closers.splice(0)) await close();
    expect(data, 'a server saw DATA').toEqual([]);
    expect(takeViolations(), 'connections outside loopback').toEqual([]);
  });
  afterAll(removeLoopbackGuard);
}

/** Registers a server (or anything with close) for cleanup after the test. */
export function track<T extends TestServer>(server: T): T {
  servers.push(server);
  return server;
}

/** Registers a cleanup step after the test. */
export function onCleanup(close: () => Promise<void>): void {
  closers.push(close);
}

/** A prober for tests: `dns` maps MX names to IPs; fast defaults; closed after the test. */
export function testProber(port: number, dns: Record<string, string[]>, options: Partial<SmtpProberOptions> = {}): SmtpProber & { lookups: string[] } {
  const lookups: string[] = [];
  const prober = createSmtpProber({
    from: 'probe@sender.test',
    helo: 'mail.sender.test',
    lookupHost: async (name) => {
      lookups.push(name);
      const ips = dns[name];
      if (!ips) throw new Error(`no address for ${name}`);
      return ips;
    },
    port,
    allowPrivate: true,
    rcptIntervalMs: 0,
    retryDelayMs: 20,
    gatherMs: 5,
    timeoutMs: 5000,
    randomLocal: () => `zz${Math.random().toString(36).slice(2, 12)}qq`,
    ...options,
  });
  probers.push(prober);
  return Object.assign(prober, { lookups });
}

/** Probes `local@domain` for each local part at once (so the prober can batch them). */
export function probeAll(prober: SmtpProber, domain: string, mx: string[], locals: string[]): Promise<MailboxAnswer[]> {
  return Promise.all(locals.map((local) => prober.probe({ local, domain }, mx)));
}

/** The random catch-all address as the test prober makes it. */
export const RANDOM_RCPT = /^RCPT TO:<zz[0-9a-z]+qq@/;

/** A session's commands with the random local part replaced by `random`. */
export function dialogue(lines: string[]): string[] {
  return lines.map((l) => l.replace(/zz[0-9a-z]+qq@/, 'random@'));
}
