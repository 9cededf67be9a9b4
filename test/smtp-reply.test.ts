/**
 * SMTP replies: the reader (RFC 5321 §4.2, multi-line, RFC 3463 codes) and the RCPT reply
 * classifier, on a table of real-world replies and on Sisimai's bounce corpus.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyRcptReply, ReplyReader, type RcptVerdict } from '../src/smtp/reply.js';

describe('ReplyReader', () => {
  it('reads single and multi-line replies, with enhanced codes on every line', () => {
    const reader = new ReplyReader();
    const replies = reader.push(
      '220 mx.test ESMTP\r\n250-mx.test\r\n250-SIZE 1000\r\n250 SMTPUTF8\r\n' +
        '550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n' +
        '550-5.1.1 double-checking the recipient\'s email address.\r\n550 5.1.1 https://support.google.com/mail/?p=NoSuchUser\r\n',
    );
    expect(replies.map((r) => [r.code, r.enhanced, r.lines.length])).toEqual([
      [220, undefined, 1],
      [250, undefined, 3],
      [550, '5.1.1', 3],
    ]);
    expect(replies[2]!.text).toBe(
      "The email account that you tried to reach does not exist. Please try double-checking the recipient's email address. https://support.google.com/mail/?p=NoSuchUser",
    );
  });

  it('assembles replies split across chunks and tolerates bare LF', () => {
    const reader = new ReplyReader();
    expect(reader.push('250-first\n250 2.1')).toEqual([]);
    const [reply] = reader.push('.5 ok\n');
    expect(reply).toMatchObject({ code: 250, enhanced: '2.1.5', text: 'first ok' });
  });

  it('reads a bare code and a code with nothing after the hyphen-less separator', () => {
    expect(new ReplyReader().push('250\r\n')[0]).toMatchObject({ code: 250, text: '' });
  });

  it.each([
    ['not a reply', 'hello there\r\n'],
    ['codes change mid-reply', '250-one\r\n550 two\r\n'],
    ['a line without end', 'x'.repeat(5000)],
  ])('is broken by %s', (_name, input) => {
    const reader = new ReplyReader();
    expect(reader.push(input)).toEqual([]);
    expect(reader.broken).toBe(true);
  });
});

const table: readonly [number, string, RcptVerdict][] = [
  [250, '2.1.5 OK', 'accepted'],
  [251, 'User not local; will forward', 'accepted'],
  [550, '5.1.1 <x@example.com>: Recipient address rejected: User unknown in virtual mailbox table', 'not_found'],
  [550, '5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup', 'not_found'],
  [550, '5.2.1 The email account that you tried to reach is disabled.', 'not_found'],
  [550, 'Requested action not taken: mailbox unavailable', 'not_found'],
  [550, '5.5.0 Requested action not taken: mailbox unavailable (S2017062302)', 'not_found'],
  [550, 'No such user here', 'not_found'],
  [550, 'User not found', 'not_found'],
  [554, "delivery error: dd This user doesn't have a yahoo.com account", 'not_found'],
  [550, '5.1.1 Benutzer unbekannt', 'not_found'],
  [550, 'Adresse destinataire invalide', 'not_found'],
  [550, 'Пользователь не найден', 'not_found'],
  [550, 'Користувача не знайдено: такої скриньки не існує', 'not_found'],
  [550, 'Utente sconosciuto', 'not_found'],
  [550, 'El usuario no existe', 'not_found'],
  [550, 'Użytkownik nie istnieje', 'not_found'],
  [452, '4.2.2 Mailbox full', 'full'],
  [552, '5.2.2 The recipient\'s inbox is out of storage space', 'full'],
  [552, 'Quota exceeded (mailbox for user is full)', 'full'],
  [452, '4.5.3 Too many recipients', 'too_many'],
  [452, 'Too many recipients received this session', 'too_many'],
  [552, '5.5.3 Too many recipients', 'too_many'],
  [554, '5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org', 'policy'],
  [550, 'Access from ip address 192.0.2.1 blocked.', 'policy'],
  [550, '5.7.25 The IP address sending this message does not have a PTR record setup', 'policy'],
  [550, 'Connections not accepted from servers without a valid sender domain. Fix reverse DNS for 192.0.2.2', 'policy'],
  [550, '5.1.0 192.0.2.222 is not allowed to send from <example.net> per its SPF Record', 'policy'],
  [553, '5.1.8 Domain of sender address root@host.invalid does not exist', 'policy'],
  [451, '4.7.650 The mail server [192.0.2.2] has been temporarily rate limited due to IP reputation.', 'policy'],
  [550, '5.1.1 <k@example.com> - 192.0.2.3 has sent to too many recipients this hour', 'policy'],
  [550, '5.7.1 <x@sfr.fr>: Recipient address rejected: User unknown', 'other'],
  [451, '4.7.1 Greylisted, please try again later', 'temporary'],
  [450, '4.2.0 Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/', 'temporary'],
  [450, '4.1.1 <x@example.org>: Recipient address rejected: User unknown in virtual alias table', 'temporary'],
  [421, '4.3.2 Service not available', 'temporary'],
  [451, '4.4.4 Temporary server error. Please try again later', 'temporary'],
  [550, '5.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages', 'other'],
  [550, 'Relay access denied', 'other'],
  [550, 'Rejected', 'other'],
  [354, 'go ahead', 'other'],
  // Recorded from real MTAs (test/corpora/smtp-real/: Postfix 3.7.11 + postgrey 1.37, Exim 4.96 and
  // OpenSMTPD 6.8.0p2, Debian 12 packages).
  [550, '5.1.1 <nobody.here@kwiga-lab.com>: Recipient address rejected: User unknown in virtual mailbox table', 'not_found'],
  [552, '5.2.2 <full.box@kwiga-lab.com>: Recipient address rejected: Mailbox is full', 'full'],
  [550, '5.2.1 <old.account@kwiga-lab.com>: Recipient address rejected: Mailbox disabled, not accepting messages', 'not_found'],
  [554, '5.7.1 <localhost[127.0.0.1]>: Client host rejected: Access denied', 'policy'],
  [450, '4.2.0 <olena.kovalenko@grey-lab.com>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/grey-lab.com.html', 'temporary'],
  [450, '4.3.2 Service currently unavailable', 'temporary'],
  [550, 'Unrouteable address', 'not_found'],
  [550, 'Rejected for too many bad recipients', 'too_many'],
  [524, '5.2.4 Mailing list expansion problem: <gone.n1@smtpd-lab.com>', 'other'],
  [550, 'Invalid recipient: <nobody.here@smtpdlocal-lab.com>', 'not_found'],
];

describe('classifyRcptReply', () => {
  it.each(table)('%i %s → %s', (code, line, verdict) => {
    const [reply] = new ReplyReader().push(`${code} ${line}\r\n`);
    expect(classifyRcptReply(reply!)).toBe(verdict);
  });
});

interface Sample {
  expected_reason: string;
  dsn_diagnostic_code: string;
}

/** The corpus rows that quote a real SMTP reply ("smtp; 550 5.1.1 …"), as replies. */
function corpusReplies(): { reason: string; verdict: RcptVerdict }[] {
  const url = new URL('./corpora/bounces/sisimai-samples-with-diagnostics.json', import.meta.url);
  const samples = JSON.parse(readFileSync(url, 'utf8')) as Sample[];
  return samples.flatMap((s) => {
    const m = /^smtp;\s*(\d{3})[ -](.*)$/i.exec(s.dsn_diagnostic_code.trim());
    if (!m) return [];
    const [reply] = new ReplyReader().push(`${m[1]} ${m[2]!.replace(/(?:^|\s)\d{3}-(?=\d\.\d)/g, ' ')}\r\n`);
    return reply ? [{ reason: s.expected_reason, verdict: classifyRcptReply(reply) }] : [];
  });
}

describe('classifyRcptReply on the Sisimai corpus (test/corpora/bounces)', () => {
  const rows = corpusReplies();
  const about = (reasons: string[]) => rows.filter((r) => reasons.includes(r.reason));

  it('has enough rows to judge', () => {
    expect(rows.length).toBeGreaterThan(150);
  });

  it('never reads a refusal of the sender as a missing mailbox (never reject on policy)', () => {
    const policy = about(['blocked', 'requireptr', 'badreputation', 'authfailure', 'spamdetected', 'securityerror', 'policyviolation', 'rejected', 'toomanyconn', 'speeding']);
    expect(policy.length).toBeGreaterThan(40);
    const wrong = policy.filter((r) => r.verdict === 'not_found' || r.verdict === 'accepted');
    // The two "rejected" rows are docomo's "550 Unknown user …", which is a missing mailbox.
    expect(wrong.length).toBeLessThanOrEqual(2);
  });

  it('reads most unknown, disabled and moved mailboxes as not_found', () => {
    const gone = about(['userunknown', 'suspend', 'hasmoved']);
    const found = gone.filter((r) => r.verdict === 'not_found').length;
    expect(found / gone.length).toBeGreaterThan(0.85);
    expect(gone.filter((r) => r.verdict === 'accepted' || r.verdict === 'full')).toEqual([]);
  });

  it('reads full mailboxes as full', () => {
    const full = about(['mailboxfull']);
    expect(full.filter((r) => r.verdict === 'full').length / full.length).toBeGreaterThan(0.85);
  });
});
