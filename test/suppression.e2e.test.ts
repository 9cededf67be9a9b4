/**
 * `--suppress` through the built binary: the vendor exports in fixtures/suppress/ (several at
 * once), hashed and domain entries, a Gmail alias of a hard-bounced address, the report's
 * `suppression` block, and unreadable lists refused with exit 2. Offline: no DNS is involved.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../src/model/report.js';
import { FIXTURES, runCli, tempDir } from './helpers/cli.js';
import { readReport } from './helpers/report.js';

const LISTS = join(FIXTURES, 'suppress');
const list = (name: string) => join(LISTS, name);

/** A bounce history with a Gmail address; rows reach it through dots and a +tag. */
const GMAIL_BOUNCES = 'email,type,reason,date\nolenakovalenko@gmail.com,hard,550 5.1.1 User unknown,2025-01-10\n';

/** address → [bucket, reason, detail pattern]. */
const EXPECTED: Array<[string, 'clean' | 'review' | 'rejected', string | undefined, RegExp | undefined]> = [
  ['harry.bounce@example.com', 'rejected', 'suppressed_hard_bounce', /sendgrid-bounces\.csv after a hard bounce on 2023-10-01 \(550 5\.1\.1 /],
  ['nick.bounce@example.com', 'rejected', 'suppressed_hard_bounce', /mailgun-bounces\.csv after a hard bounce on 2022-10-21/],
  ['max.soft@example.com', 'rejected', 'suppressed_hard_bounce', /soft-bounced 3 times between 2025-05-01 and 2025-05-20/],
  ['pia.mixed@example.com', 'rejected', 'suppressed_hard_bounce', /hard bounce on 2025-05-02/],
  ['o.lena.kovalenko+courses@gmail.com', 'rejected', 'suppressed_hard_bounce', /same mailbox as olenakovalenko@gmail\.com .*gmail-bounces\.csv/],
  ['kate.spam@example.com', 'rejected', 'suppressed_complaint', /sendgrid-spam-reports\.csv after a spam complaint on 2023-11-14/],
  ['walt.spam@example.org', 'rejected', 'suppressed_complaint', /postmark\.csv after a spam complaint on 2024-04-02/],
  ['gina.unsub@example.com', 'rejected', 'suppressed_unsubscribe', /mailchimp-unsubscribed\.csv: unsubscribed on 2024-02-03/],
  ['bob.plain@example.org', 'rejected', 'suppressed', /plain\.txt/],
  ['Hana.Hashed@example.com', 'rejected', 'suppressed', /hashed \(md5\) entry on the suppression list hashed-md5\.txt/],
  ['kim.hashed@example.com', 'rejected', 'suppressed', /hashed \(sha256\) entry on the suppression list hashed-sha256\.txt/],
  ['someone@blocked-domain.example.com', 'rejected', 'suppressed', /whole domain blocked-domain\.example\.com .*plain\.txt/],
  ['anyone@other-blocked.example.org', 'rejected', 'suppressed', /whole domain other-blocked\.example\.org/],
  ['ivy.full@example.net', 'review', 'suppressed_soft_bounce', /soft bounce on 2023-10-02 \(552 5\.2\.2 .*over quota\.\); a mailbox that was full/],
  ['olga.full@example.net', 'review', 'suppressed_soft_bounce', /mailgun-bounces\.csv after a soft bounce on 2022-10-22 \(452 4\.2\.2 Mailbox full\)/],
  ['ned.soft@example.org', 'review', 'suppressed_soft_bounce', /soft-history\.csv after a soft bounce on 2025-05-30/],
  ['fine.person@example.com', 'clean', undefined, undefined],
  ['olena.kovalenko@ukr.net', 'clean', undefined, undefined],
];

/**
 * The vendor exports use RFC 2606 names (example.com, .org, .net), which are `reserved_domain` and
 * rejected before any list is asked; this policy lets them through so the lists' own verdicts show.
 */
const EXAMPLE_DOMAINS_POLICY = JSON.stringify({ policy: { reserved_domain: 'clean' } });

type Row = Record<string, string>;
const readCsv = (path: string): Row[] => parse(readFileSync(path), { bom: true, columns: true }) as Row[];

describe('several --suppress lists at once', () => {
  let out: string;
  let rows: Map<string, { bucket: string; row: Row }>;
  let report: Report;
  let gmailList: string;
  const files = [
    'sendgrid-bounces.csv', 'sendgrid-spam-reports.csv', 'mailgun-bounces.csv', 'postmark.csv', 'mailchimp-unsubscribed.csv',
    'soft-history.csv', 'hashed-md5.txt', 'hashed-sha256.txt', 'plain.txt',
  ].map(list);

  beforeAll(async () => {
    const dir = tempDir('kwiga-suppress-e2e-');
    gmailList = join(dir, 'gmail-bounces.csv');
    writeFileSync(gmailList, GMAIL_BOUNCES);
    const input = join(dir, 'contacts.csv');
    writeFileSync(input, `Name,Email\n${EXPECTED.map(([email], i) => `Person ${i},${email}`).join('\n')}\n`);
    out = join(dir, 'out');
    const config = join(dir, 'config.json');
    writeFileSync(config, EXAMPLE_DOMAINS_POLICY);
    const result = await runCli([input, '--offline', '--config', config, '-o', out, '-q', ...[...files, gmailList].flatMap((f) => ['--suppress', f])]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    rows = new Map();
    for (const bucket of ['clean', 'review', 'rejected']) {
      for (const row of readCsv(join(out, `${bucket}.csv`))) rows.set(row.Email!, { bucket, row });
    }
    report = readReport(out);
  });

  it.each(EXPECTED)('%s → %s %s', (email, bucket, reason, detail) => {
    const got = rows.get(email);
    expect(got?.bucket).toBe(bucket);
    if (reason === undefined) return;
    expect(got!.row.validation_reason).toBe(reason);
    expect(got!.row.validation_detail).toMatch(detail!);
  });

  it('accounts for every row once', () => {
    const count = (bucket: string) => EXPECTED.filter(([, b]) => b === bucket).length;
    expect(report.totals).toEqual({ rows: EXPECTED.length, clean: count('clean'), review: count('review'), rejected: count('rejected') });
    expect(report.reasons).toMatchObject({
      suppressed_hard_bounce: 5, suppressed_complaint: 2, suppressed_unsubscribe: 1, suppressed: 5, suppressed_soft_bounce: 3,
    });
  });

  it('reports each list: format, entries, not understood, rows matched by reason', () => {
    const block = report.suppression.map(({ file, format, entries, notUnderstood, matched }) => ({ file, format, entries, notUnderstood, matched }));
    expect(block).toEqual([
      { file: files[0], format: 'sendgrid-bounces', entries: 2, notUnderstood: 0, matched: { suppressed_hard_bounce: 1, suppressed_soft_bounce: 1 } },
      { file: files[1], format: 'sendgrid-spam-reports', entries: 1, notUnderstood: 0, matched: { suppressed_complaint: 1 } },
      { file: files[2], format: 'mailgun-bounces', entries: 2, notUnderstood: 0, matched: { suppressed_hard_bounce: 1, suppressed_soft_bounce: 1 } },
      { file: files[3], format: 'postmark', entries: 4, notUnderstood: 0, matched: { suppressed_complaint: 1 } },
      { file: files[4], format: 'mailchimp-unsubscribed', entries: 1, notUnderstood: 0, matched: { suppressed_unsubscribe: 1 } },
      { file: files[5], format: 'csv', entries: 9, notUnderstood: 0, matched: { suppressed_hard_bounce: 2, suppressed_soft_bounce: 1 } },
      { file: files[6], format: 'hashed-md5', entries: 2, notUnderstood: 0, matched: { suppressed: 1 } },
      { file: files[7], format: 'hashed-sha256', entries: 2, notUnderstood: 0, matched: { suppressed: 1 } },
      { file: files[8], format: 'plain', entries: 6, notUnderstood: 0, matched: { suppressed: 3 } },
      { file: gmailList, format: 'csv', entries: 1, notUnderstood: 0, matched: { suppressed_hard_bounce: 1 } },
    ]);
  });

  it('takes the most severe verdict when an address is on several lists', async () => {
    const dir = tempDir('kwiga-suppress-e2e-');
    const hard = join(dir, 'hard.csv');
    writeFileSync(hard, 'email,type\nivy.full@example.net,hard\n');
    const input = join(dir, 'in.csv');
    writeFileSync(input, 'Email\nivy.full@example.net\n');
    const config = join(dir, 'config.json');
    writeFileSync(config, EXAMPLE_DOMAINS_POLICY);
    // Soft on the first list, hard on the second: hard wins whatever the order.
    for (const order of [[list('sendgrid-bounces.csv'), hard], [hard, list('sendgrid-bounces.csv')]]) {
      const o = join(dir, `out-${order[0] === hard ? 'b' : 'a'}`);
      const result = await runCli([input, '--offline', '--config', config, '-o', o, '-q', ...order.flatMap((f) => ['--suppress', f])]);
      expect(result.code).toBe(0);
      expect(readCsv(join(o, 'rejected.csv')).map((r) => r.validation_reason)).toEqual(['suppressed_hard_bounce']);
    }
  });
});

describe('a suppression list it cannot read', () => {
  it.each([
    ['bad-garbage.txt', 1, /neither an address, a domain .* nor a hex MD5\/SHA-1\/SHA-256 digest/],
    ['bad-no-email-column.csv', 1, /no address column/],
    ['bad-unclosed-quote.csv', 2, /cannot read it as CSV/],
  ])('%s → exit 2, one line naming the file and line %i, nothing written', async (name, line, why) => {
    const dir = tempDir('kwiga-suppress-e2e-');
    const input = join(dir, 'in.csv');
    writeFileSync(input, 'Email\nfine.person@example.com\n');
    const out = join(dir, 'out');
    const result = await runCli([input, '--offline', '-o', out, '--suppress', list('plain.txt'), '--suppress', list(name)]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${list(name)}, line ${line}:`);
    expect(lines[0]).toMatch(why);
    expect(existsSync(out)).toBe(false);
  });

  it('a list that does not exist → exit 2 naming it', async () => {
    const dir = tempDir('kwiga-suppress-e2e-');
    const input = join(dir, 'in.csv');
    writeFileSync(input, 'Email\nfine.person@example.com\n');
    const missing = join(dir, 'no-such-list.csv');
    const result = await runCli([input, '--offline', '-o', join(dir, 'out'), '--suppress', missing]);
    expect(result.code).toBe(2);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(missing);
  });
});
