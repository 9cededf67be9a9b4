/**
 * `--smtp` end to end: the built binary, fenced to loopback (its child process exits 70 on any
 * other address), against the suite's DNS server whose MX records point at real SMTP servers
 * (`smtp-server`) on 127.0.4.x. Each test asserts the rows' buckets, reasons and details, the
 * report, and the dialogue as the servers saw it; no server may ever see DATA.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/model/report.js';
import { startDnsServer, type DnsTestServer } from './helpers/dns-server.js';
import { readReport } from './helpers/report.js';
import { expectNoData, fastConfig, FROM, HELO, mxAt, outcome, rcpts, runFenced, smtpArgs, tempDir, writeList } from './helpers/smtp-e2e.js';
import { startSmtpServer, type TestServer, type Verdict } from './helpers/smtp-servers.js';

const OK = 'kwiga-smtp-ok.com';
const ALL = 'kwiga-smtp-all.com';
const GREY = 'kwiga-smtp-grey.com';
const BLOCK = 'kwiga-smtp-block.com';

/** Known mailboxes of the servers; a full one; a disabled one; anything else unknown. */
function mailboxes(local: string): Verdict {
  if (local === 'olena' || local === 'maria') return undefined;
  if (local === 'full') return [452, '4.2.2 Mailbox full, try again later'];
  if (local === 'old') return [550, '5.2.1 The email account that you tried to reach is disabled.'];
  return [550, '5.1.1 <' + local + '>: Recipient address rejected: User unknown in virtual mailbox table'];
}

let dns: DnsTestServer;
let ok: TestServer;
let all: TestServer;
let grey: TestServer;
let block: TestServer;
const greylisted = new Set<string>();

beforeAll(async () => {
  ok = await startSmtpServer('127.0.4.2', 0, { rcpt: mailboxes });
  all = await startSmtpServer('127.0.4.3', ok.port);
  grey = await startSmtpServer('127.0.4.4', ok.port, {
    rcpt: (local) => {
      if (greylisted.has(local)) return mailboxes(local);
      greylisted.add(local);
      return [451, '4.7.1 Greylisted, please try again later'];
    },
  });
  block = await startSmtpServer('127.0.4.5', ok.port, {
    rcpt: () => [554, '5.7.1 Service unavailable; Client host [127.0.0.1] blocked using zen.spamhaus.org'],
  });
  // gmial.com exists here, with its MX on the same server: a misspelt domain must not be probed.
  dns = await startDnsServer({ 'gmial.com': { MX: [[10, `mx.${OK}`]] }, ...mxAt(OK, '127.0.4.2'), ...mxAt(ALL, '127.0.4.3'), ...mxAt(GREY, '127.0.4.4'), ...mxAt(BLOCK, '127.0.4.5') });
});
afterAll(async () => {
  expectNoData([ok, all, grey, block]);
  for (const server of [ok, all, grey, block, dns]) await server.close();
});

const LIST = [
  `olena@${OK}`, `ghost@${OK}`, `old@${OK}`, `full@${OK}`,
  `anyone@${ALL}`, `someone@${ALL}`,
  `maria@${GREY}`, `taras@${GREY}`,
  `a@${BLOCK}`, `b@${BLOCK}`, `c@${BLOCK}`,
  // Neither is probed: a duplicate is rejected anyway, a typo's server tells nothing about the fix.
  `OLENA@${OK}`, 'sofia@gmial.com',
];

describe('--smtp against real servers', () => {
  let out: string;
  let report: Report;
  let rows: ReturnType<typeof outcome>;
  let stdout: string;
  let stderr: string;
  beforeAll(async () => {
    const dir = tempDir();
    out = join(dir, 'out');
    const result = await runFenced([...smtpArgs(writeList(dir, LIST), out, dns.address, ok.port, ['--smtp-allow-private', '--config', fastConfig(dir)])]);
    expect(result.code, result.stderr).toBe(0);
    ({ stdout, stderr } = result);
    report = readReport(out);
    rows = outcome(out);
  });

  it.each([
    [`olena@${OK}`, 'clean', undefined, undefined],
    [`ghost@${OK}`, 'rejected', 'mailbox_not_found', `The mail server mx.${OK} says this mailbox does not exist: “550 5.1.1 <ghost>: Recipient address rejected: User unknown in virtual mailbox table”.`],
    [`old@${OK}`, 'rejected', 'mailbox_not_found', `The mail server mx.${OK} says this mailbox is disabled: “550 5.2.1 The email account that you tried to reach is disabled.”.`],
    [`full@${OK}`, 'review', 'mailbox_full', `The mail server mx.${OK} says this mailbox is full: “452 4.2.2 Mailbox full, try again later”.`],
    [`maria@${GREY}`, 'clean', undefined, undefined],
    [`taras@${GREY}`, 'rejected', 'mailbox_not_found', /“550 5\.1\.1 <taras>/],
    [`a@${BLOCK}`, 'clean', undefined, undefined],
  ])('%s → %s %s', (email, bucket, reason, detail) => {
    const got = rows.get(email);
    expect(got?.bucket).toBe(bucket);
    if (reason === undefined) return;
    expect(got!.row.validation_reason).toBe(reason);
    if (typeof detail === 'string') expect(got!.row.validation_detail).toBe(detail);
    else expect(got!.row.validation_detail).toMatch(detail!);
  });

  it('counts catch-all and unverified rows as clean, with their reasons in the report', () => {
    expect(rows.get(`anyone@${ALL}`)?.bucket).toBe('clean');
    expect(report.reasons).toMatchObject({ mailbox_not_found: 3, mailbox_full: 1, catch_all: 2, smtp_unverified: 3 });
    expect(report.totals).toEqual({ rows: 13, clean: 7, review: 2, rejected: 4 });
    expect(rows.get(`OLENA@${OK}`)?.row.validation_reason).toBe('duplicate');
    expect(rows.get('sofia@gmial.com')?.row).toMatchObject({ validation_reason: 'possible_typo', validation_suggestion: 'sofia@gmail.com' });
  });

  it('asks one session per host: real addresses first, one random address per domain, never DATA, QUIT at the end; no duplicate, no typo', () => {
    const random = (line: string) => line.replace(/^RCPT TO:<[a-z]{24}@/, 'RCPT TO:<random@');
    expect(ok.sessions.map((s) => s.map(random))).toEqual([
      [`EHLO ${HELO}`, `MAIL FROM:<${FROM}>`, `RCPT TO:<olena@${OK}>`, `RCPT TO:<random@${OK}>`, `RCPT TO:<ghost@${OK}>`, `RCPT TO:<old@${OK}>`, `RCPT TO:<full@${OK}>`, 'QUIT'],
    ]);
    // The catch-all domain costs one real and one random RCPT; its second address is answered without a RCPT.
    expect(rcpts(all).map(random)).toEqual([`RCPT TO:<anyone@${ALL}>`, `RCPT TO:<random@${ALL}>`]);
  });

  it('retries a greylisted address once and then believes the server', () => {
    const asked = rcpts(grey).map((c) => c.replace(/^RCPT TO:<[a-z]{24}@/, 'RCPT TO:<random@'));
    for (const address of [`maria@${GREY}`, `taras@${GREY}`, `random@${GREY}`]) {
      expect(asked.filter((c) => c === `RCPT TO:<${address}>`), address).toHaveLength(2);
    }
    expect(report.smtp.retries).toBe(3);
  });

  it('never rejects on a blocklist answer about us, and stops asking that host after two', () => {
    for (const local of ['a', 'b', 'c']) expect(rows.get(`${local}@${BLOCK}`)?.bucket).toBe('clean');
    expect(report.examples.smtp_unverified?.map((e) => e.line)).toEqual([10, 11, 12]);
    expect(rcpts(block)).toEqual([`RCPT TO:<a@${BLOCK}>`, `RCPT TO:<b@${BLOCK}>`]);
    expect(block.commands.at(-1)).toBe('QUIT');
    expect(report.smtp).toMatchObject({ policyAnswers: 2, unverified: { policy: 3 } });
  });

  it('reports the smtp block and a short summary section, with no warning', () => {
    expect(report.smtp).toMatchObject({
      status: 'ok',
      hosts: 4,
      sessions: [ok, all, grey, block].reduce((n, server) => n + server.sessions.length, 0),
      catchAllDomains: { count: 1, domains: [ALL] },
      answers: { exists: 2, not_found: 3, full: 1, catch_all: 2, unverified: 3, skipped: 0 },
    });
    expect(report.smtp.reason).toBeUndefined();
    expect(stdout).toMatch(/SMTP +ok: \d+ probes in \d+ sessions with 4 mail hosts/);
    expect(stdout).toContain('not verified 3 (refused us (policy) 3)');
    expect(stderr).toBe('');
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });
});
