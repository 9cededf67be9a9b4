import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers/temp.js';
import { SuppressionLoadError, SuppressionSet } from '../src/suppression/index.js';
import { en } from '../src/report/i18n/en.js';
import { renderFinding } from '../src/report/i18n/render.js';

const sentenceFor = (finding: Parameters<typeof renderFinding>[0]) => renderFinding(finding, en);

const F = (name: string): string => join('fixtures/suppress', name);
const NOW = new Date('2025-06-01T00:00:00Z');

/** Match a plain ASCII address the way the pipeline calls it. */
function m(set: SuppressionSet, address: string) {
  const at = address.lastIndexOf('@');
  const local = address.slice(0, at);
  const domain = address.slice(at + 1).toLowerCase();
  return set.match(`${local}@${domain}`, local, domain);
}

async function tmpBuffer(name: string, content: Buffer): Promise<string> {
  const file = join(tempDir('kv-suppress-'), name);
  await writeFile(file, content);
  return file;
}

async function tmpList(name: string, content: string): Promise<string> {
  const dir = tempDir('kv-suppress-');
  const file = join(dir, name);
  await writeFile(file, content);
  return file;
}

describe('per-format fixtures (detected by content)', () => {
  it.each([
    ['plain.txt', 'plain', 'alice.plain@example.com', 'suppressed'],
    ['plain.txt', 'plain', 'BOB.plain@example.org', 'suppressed'],
    ['plain.txt', 'plain', 'carol.plain@example.net', 'suppressed'],
    ['plain.txt', 'plain', 'dave.plain@example.com', 'suppressed'],
    ['mailchimp-cleaned.csv', 'mailchimp-cleaned', 'frank.cleaned@example.org', 'suppressed_hard_bounce'],
    ['mailchimp-unsubscribed.csv', 'mailchimp-unsubscribed', 'gina.unsub@example.com', 'suppressed_unsubscribe'],
    ['sendgrid-bounces.csv', 'sendgrid-bounces', 'harry.bounce@example.com', 'suppressed_hard_bounce'],
    ['sendgrid-bounces.csv', 'sendgrid-bounces', 'ivy.full@example.net', 'suppressed_soft_bounce'],
    ['sendgrid-blocks.csv', 'sendgrid-bounces', 'jack.block@example.org', 'suppressed_soft_bounce'],
    ['sendgrid-spam-reports.csv', 'sendgrid-spam-reports', 'kate.spam@example.com', 'suppressed_complaint'],
    ['sendgrid-invalid-emails.csv', 'sendgrid-invalid-emails', 'leo.invalid@example.com', 'suppressed_hard_bounce'],
    ['sendgrid-unsubscribes.csv', 'sendgrid-unsubscribes', 'mia.unsub@example.org', 'suppressed_unsubscribe'],
    ['mailgun-bounces.csv', 'mailgun-bounces', 'nick.bounce@example.com', 'suppressed_hard_bounce'],
    ['mailgun-bounces.csv', 'mailgun-bounces', 'olga.full@example.net', 'suppressed_soft_bounce'],
    ['mailgun-complaints.csv', 'mailgun-complaints', 'paul.complaint@example.com', 'suppressed_complaint'],
    ['mailgun-unsubscribes.csv', 'mailgun-unsubscribes', 'quinn.unsub@example.org', 'suppressed_unsubscribe'],
    ['amazon-ses.csv', 'amazon-ses', 'rita.bounce@example.com', 'suppressed_hard_bounce'],
    ['amazon-ses.csv', 'amazon-ses', 'sam.complaint@example.net', 'suppressed_complaint'],
    ['amazon-ses-import.csv', 'amazon-ses-import', 'tom.bounce@example.org', 'suppressed_hard_bounce'],
    ['amazon-ses-import.csv', 'amazon-ses-import', 'uma.complaint@example.com', 'suppressed_complaint'],
    ['postmark.csv', 'postmark', 'vera.hard@example.com', 'suppressed_hard_bounce'],
    ['postmark.csv', 'postmark', 'walt.spam@example.org', 'suppressed_complaint'],
    ['postmark.csv', 'postmark', 'xena.unsub@example.net', 'suppressed_unsubscribe'],
    ['postmark.csv', 'postmark', 'yuri.manual@example.com', 'suppressed'],
    ['brevo-blocked.csv', 'brevo-blocked', 'zoe.hard@example.com', 'suppressed_hard_bounce'],
    ['brevo-blocked.csv', 'brevo-blocked', 'amy.spam@example.org', 'suppressed_complaint'],
    ['brevo-blocked.csv', 'brevo-blocked', 'ben.unsub@example.net', 'suppressed_unsubscribe'],
    ['brevo-blocked.csv', 'brevo-blocked', 'cat.admin@example.com', 'suppressed'],
    ['kwiga-export.tsv', 'csv', 'dan.generic@example.com', 'suppressed_hard_bounce'],
    ['kwiga-export.tsv', 'csv', 'eve.generic@example.org', 'suppressed_unsubscribe'],
    ['kwiga-export.tsv', 'csv', 'fay.generic@example.net', 'suppressed'],
    ['hashed-md5.txt', 'hashed-md5', 'Hana.Hashed@example.com', 'suppressed'],
    ['hashed-md5.txt', 'hashed-md5', 'ivan.hashed@example.org', 'suppressed'],
    ['hashed-sha1.txt', 'hashed-sha1', 'jana.hashed@example.net', 'suppressed'],
    ['hashed-sha256.txt', 'hashed-sha256', 'kim.hashed@example.com', 'suppressed'],
  ])('%s (%s): %s → %s', async (file, format, address, code) => {
    const set = await SuppressionSet.load([F(file)], { now: NOW });
    expect(set.report()[0]!.format).toBe(format);
    expect(m(set, address)?.code).toBe(code);
    expect(m(set, 'nobody@example.com')).toBeUndefined();
  });

  it('detects by content, not by file name', async () => {
    const file = await tmpList('looks-like.txt', 'EmailAddress,Reason,LastUpdateTime\nq@example.com,BOUNCE,2024-01-01T00:00:00Z\n');
    const set = await SuppressionSet.load([file]);
    expect(set.report()[0]!.format).toBe('amazon-ses');
    expect(m(set, 'q@example.com')?.code).toBe('suppressed_hard_bounce');
  });

  it('reports entries, not understood rows and matches by code', async () => {
    const file = await tmpList('mixed.txt', 'a@example.com\nnot an address\nb@example.com\n');
    const set = await SuppressionSet.load([file, F('amazon-ses.csv')]);
    m(set, 'a@example.com');
    m(set, 'rita.bounce@example.com');
    m(set, 'sam.complaint@example.net');
    expect(set.report()).toEqual([
      { file, format: 'plain', entries: 2, notUnderstood: 1, expired: 0, matched: { suppressed: 1 } },
      { file: F('amazon-ses.csv'), format: 'amazon-ses', entries: 2, notUnderstood: 0, expired: 0,
        matched: { suppressed_hard_bounce: 1, suppressed_complaint: 1 } },
    ]);
  });
});

describe('findings carry list, date and reason', () => {
  it('hard bounce with date and reason', async () => {
    const set = await SuppressionSet.load([F('sendgrid-bounces.csv')]);
    const f = m(set, 'harry.bounce@example.com')!;
    expect(f).toMatchObject({ code: 'suppressed_hard_bounce', why: 'suppress.hard_bounce',
      args: { list: 'sendgrid-bounces.csv', when: '2023-10-01' } });
    expect(sentenceFor(f)).toContain('does not exist');
  });
  it('soft bounce says it may be fine now', async () => {
    const set = await SuppressionSet.load([F('mailgun-bounces.csv')]);
    const f = m(set, 'olga.full@example.net')!;
    expect(f.why).toBe('suppress.soft_bounce');
    expect(sentenceFor(f)).toBe('The address is on the suppression list mailgun-bounces.csv after a soft bounce on 2022-10-22 (452 4.2.2 Mailbox full); a mailbox that was full may be fine now.');
  });
});

describe('load errors name file and line', () => {
  it.each([
    ['bad-no-email-column.csv', 1],
    ['bad-garbage.txt', 1],
    ['bad-unclosed-quote.csv', 2],
  ])('%s → line %i', async (file, line) => {
    const err = await SuppressionSet.load([F(file)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SuppressionLoadError);
    expect(err).toMatchObject({ file: F(file), line });
  });
  it('a missing file', async () => {
    await expect(SuppressionSet.load(['fixtures/suppress/nope.txt'])).rejects.toMatchObject({ file: 'fixtures/suppress/nope.txt' });
  });
  it('a binary file', async () => {
    const file = await tmpList('bin.dat', Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 1]).toString('latin1'));
    await expect(SuppressionSet.load([file])).rejects.toMatchObject({ line: 1 });
  });
  it('a file that is mostly garbage names the first bad line', async () => {
    const file = await tmpList('x.txt', 'a@example.com\nfoo\nbar\nbaz\n');
    await expect(SuppressionSet.load([file])).rejects.toMatchObject({ line: 2 });
  });
});

describe('domains, aliases, IDN, several lists', () => {
  it.each([
    ['someone@blocked-domain.example.com', 'suppressed', 'suppress.domain'],
    ['x@other-blocked.example.org', 'suppressed', 'suppress.domain'],
    ['x@sub.other-blocked.example.org', undefined, undefined],
  ])('%s → %s', async (address, code, why) => {
    const set = await SuppressionSet.load([F('plain.txt')]);
    const f = m(set, address);
    expect(f?.code).toBe(code);
    expect(f?.why).toBe(why);
  });

  it.each([
    ['john.doe@gmail.com', 'suppressed_hard_bounce', undefined],
    ['JohnDoe@gmail.com', 'suppressed_hard_bounce', 'suppress.alias'],
    ['j.o.h.n.doe+news@googlemail.com', 'suppressed_hard_bounce', 'suppress.alias'],
    ['mary+x@outlook.com', 'suppressed_complaint', 'suppress.alias'],
    ['john.doe+x@example.com', undefined, undefined],
  ])('alias: %s → %s', async (address, code, why) => {
    const file = await tmpList('b.csv', 'email,reason\njohn.doe@gmail.com,hard\nmary@outlook.com,spam\njohn.doe@example.com,hard\n');
    const f = m(await SuppressionSet.load([file]), address);
    expect(f?.code).toBe(code);
    if (why) expect(f?.why).toBe(why);
  });

  it('an internationalized domain matches in Unicode or punycode form', async () => {
    const file = await tmpList('idn.txt', 'ivan@почта.укр\n');
    const set = await SuppressionSet.load([file]);
    expect(set.match('ivan@почта.укр', 'ivan', 'xn--80a1acny.xn--j1amh')?.code).toBe('suppressed');
  });

  it('the most severe list wins', async () => {
    const a = await tmpList('soft.csv', 'email,reason\nz@example.com,soft\ny@example.com,unsubscribed\n');
    const b = await tmpList('hard.csv', 'email,reason\nz@example.com,hard bounce\ny@example.com,spam complaint\n');
    const set = await SuppressionSet.load([a, b]);
    expect(m(set, 'z@example.com')).toMatchObject({ code: 'suppressed_hard_bounce', args: { list: 'hard.csv' } });
    expect(m(set, 'y@example.com')).toMatchObject({ code: 'suppressed_complaint', args: { list: 'hard.csv' } });
  });

  it('a hashed entry beats a soft bounce, not a hard one', async () => {
    const soft = await tmpList('s.csv', 'email,type\nkim.hashed@example.com,soft\n');
    expect(m(await SuppressionSet.load([soft, F('hashed-sha256.txt')]), 'kim.hashed@example.com')?.why).toBe('suppress.hashed');
    const hard = await tmpList('h.csv', 'email,type\nkim.hashed@example.com,hard\n');
    expect(m(await SuppressionSet.load([F('hashed-sha256.txt'), hard]), 'kim.hashed@example.com')?.code).toBe('suppressed_hard_bounce');
  });
});

describe('soft bounces: escalation and expiry (fixed now = 2025-06-01)', () => {
  it.each([
    [{}, 'max.soft@example.com', 'suppressed_hard_bounce', 'suppress.soft_escalated'],
    [{}, 'ned.soft@example.org', 'suppressed_soft_bounce', 'suppress.soft_bounce'],
    [{}, 'oda.soft@example.net', 'suppressed_soft_bounce', 'suppress.soft_bounce'],
    [{}, 'pia.mixed@example.com', 'suppressed_hard_bounce', 'suppress.hard_bounce'],
    [{ softBounceExpiryDays: 365 }, 'oda.soft@example.net', undefined, undefined],
    [{ softBounceExpiryDays: 365 }, 'ned.soft@example.org', 'suppressed_soft_bounce', 'suppress.soft_bounce'],
    [{ softBounceExpiryDays: 70 }, 'ned.soft@example.org', 'suppressed_soft_bounce', 'suppress.soft_bounce'],
    [{ softBounceEscalation: { count: 3, days: 90 } }, 'ned.soft@example.org', 'suppressed_hard_bounce', 'suppress.soft_escalated'],
    [{ softBounceEscalation: { count: 4, days: 30 } }, 'max.soft@example.com', 'suppressed_soft_bounce', 'suppress.soft_bounce'],
    [{ softBounceExpiryDays: 15 }, 'max.soft@example.com', 'suppressed_soft_bounce', 'suppress.soft_bounce'],
  ])('%j %s → %s', async (opts, address, code, why) => {
    const set = await SuppressionSet.load([F('soft-history.csv')], { now: NOW, ...opts });
    const f = m(set, address);
    expect(f?.code).toBe(code);
    expect(f?.why).toBe(why);
  });

  it('the escalation detail names count and dates; expired ones are reported', async () => {
    const set = await SuppressionSet.load([F('soft-history.csv')], { now: NOW, softBounceExpiryDays: 365 });
    const f = m(set, 'max.soft@example.com')!;
    expect(sentenceFor(f)).toBe('The address soft-bounced 3 times between 2025-05-01 and 2025-05-20 (list soft-history.csv); repeated soft bounces count as a hard bounce.');
    expect(set.report()[0]!.expired).toBe(1);
  });

  it('rejects a nonsense escalation', async () => {
    await expect(SuppressionSet.load([], { softBounceEscalation: { count: 0, days: 30 } })).rejects.toThrow(RangeError);
  });
});

describe('read like a contact list (io/): encodings, gzip, broken rows, same extraction', () => {
  const load = async (name: string, content: string | Buffer) => SuppressionSet.load([await tmpList(name, content as string)], { now: NOW });

  it('a windows-1251 export with `;` from Ukrainian Excel', async () => {
    const text = 'Електронна пошта;Причина;Дата\r\nолена@пошта.укр;жорстка відмова 5.1.1;2024-05-01\r\nivan@ukr.net;unsubscribe;2024-05-02\r\n';
    const set = await SuppressionSet.load([await tmpBuffer('ua.csv', iconv.encode(text, 'windows-1251'))]);
    expect(m(set, 'олена@xn--80a1acn3a.xn--j1amh')?.code).toBe('suppressed_hard_bounce');
    expect(m(set, 'олена@xn--80a1acn3a.xn--j1amh')?.args).toMatchObject({ when: '2024-05-01', why: 'жорстка відмова 5.1.1' });
    expect(m(set, 'ivan@ukr.net')?.code).toBe('suppressed_unsubscribe');
  });

  it('a gzip-compressed plain list and a UTF-16 one', async () => {
    const gz = await SuppressionSet.load([await tmpBuffer('list.txt.gz', gzipSync('a@example.com\nB@Example.org\n'))]);
    expect(m(gz, 'b@example.org')?.code).toBe('suppressed');
    const utf16 = await SuppressionSet.load([await tmpBuffer('u16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('c@example.net\r\n', 'utf16le')]))]);
    expect(m(utf16, 'c@example.net')?.code).toBe('suppressed');
  });

  it('a broken quote costs one row, not the list', async () => {
    const set = await load('broken.csv', 'email,reason\nok@example.com,hard\n"broken@example.com,hard\nlater@example.com,hard\nlast@example.com,unsubscribe\n');
    expect(m(set, 'later@example.com')?.code).toBe('suppressed_hard_bounce');
    expect(m(set, 'last@example.com')?.code).toBe('suppressed_unsubscribe');
    expect(set.report()[0]).toMatchObject({ entries: 3, notUnderstood: 1 });
  });

  it('cells are read as the contact list reads them: mailto:, Name <addr>, NFC, IDN', async () => {
    const set = await load('mixed.txt', 'mailto:Ann@Example.com\n"Olena K" <olena@gmail.com>\nivan@ПОШТА.УКР\ncafe\u0301@example.fr\n');
    expect(m(set, 'ann@example.com')?.code).toBe('suppressed');
    expect(m(set, 'olena@gmail.com')?.code).toBe('suppressed');
    expect(m(set, 'ivan@xn--80a1acn3a.xn--j1amh')?.code).toBe('suppressed');
    expect(m(set, 'café@example.fr')?.code).toBe('suppressed');
  });
});
