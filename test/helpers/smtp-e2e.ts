/**
 * Shared set-up of the SMTP end-to-end tests: the built binary (fenced to loopback, see
 * loopback-fence.mjs) against the suite's DNS server, whose MX records point at SMTP servers the
 * test starts on 127.0.x.x, all on one port (`--smtp-port`). Domains are in real TLDs that exist
 * only here (`.test` names would be rejected offline before any lookup).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import { FENCE_MARKER, fencedEnv, runCli, startCli, tempDir, type CliOptions, type CliResult, type CliRun } from './cli.js';
import type { ZoneEntry } from './dns-server.js';
import type { TestServer } from './smtp-servers.js';

/** MAIL FROM and EHLO name of every run. */
export const FROM = 'probe@kwiga-test.com';
export const HELO = 'probe.kwiga-test.com';

/** A zone entry: `domain` has one MX, `mx.<domain>`, whose A record is `ip`. */
export function mxAt(domain: string, ip: string): Record<string, ZoneEntry> {
  return { [domain]: { MX: [[10, `mx.${domain}`]] }, [`mx.${domain}`]: { A: [ip] } };
}

/** A config file for fast loopback runs: no politeness delay, a short greylisting retry. */
export function fastConfig(dir: string, extra: Record<string, unknown> = {}): string {
  const file = join(dir, 'fast.json');
  writeFileSync(file, JSON.stringify({ smtpRate: 1000, smtpRetryDelay: 300, ...extra }));
  return file;
}

/** Writes a list with an `Email` column. */
export function writeList(dir: string, emails: readonly string[], name = 'list.csv'): string {
  const file = join(dir, name);
  writeFileSync(file, `Email\n${emails.join('\n')}\n`);
  return file;
}

/** The flags of an SMTP run against the test DNS server and port. */
export function smtpArgs(input: string, out: string, dns: string, port: number, extra: readonly string[] = []): string[] {
  return [input, '-o', out, '--dns-server', dns, '--smtp', '--smtp-from', FROM, '--smtp-helo', HELO, '--smtp-port', String(port), '--smtp-timeout', '5000', ...extra];
}

/** Runs the fenced binary; fails the test if the child ever tried to leave loopback. */
export async function runFenced(args: string[], options: CliOptions = {}): Promise<CliResult> {
  const result = await runCli(args, { ...options, env: { ...fencedEnv(), ...options.env } });
  expect(result.stderr).not.toContain(FENCE_MARKER);
  expect(result.code).not.toBe(70);
  return result;
}

/** Starts the fenced binary, for a test that signals it. */
export function startFenced(args: string[]): CliRun {
  return startCli(args, { env: fencedEnv() });
}

type Row = Record<string, string>;

/** Every row of the three CSVs by its Email cell, with the bucket it landed in. */
export function outcome(dir: string): Map<string, { bucket: string; row: Row }> {
  const all = new Map<string, { bucket: string; row: Row }>();
  for (const bucket of ['clean', 'review', 'rejected']) {
    for (const row of parse(readFileSync(join(dir, `${bucket}.csv`)), { bom: true, columns: true }) as Row[]) all.set(row.Email!, { bucket, row });
  }
  return all;
}

/** The three CSVs' text. */
export const csvs = (dir: string): string[] => ['clean.csv', 'review.csv', 'rejected.csv'].map((f) => readFileSync(join(dir, f), 'utf8'));

/** RCPT commands a server saw, all sessions. */
export const rcpts = (server: TestServer): string[] => server.commands.filter((c) => /^RCPT\b/i.test(c));

/** No server ever saw DATA (or BDAT): the probe stops before any mail. */
export function expectNoData(servers: readonly TestServer[]): void {
  expect(servers.flatMap((s) => s.commands).filter((c) => /^(DATA|BDAT)\b/i.test(c))).toEqual([]);
}

export { tempDir };
