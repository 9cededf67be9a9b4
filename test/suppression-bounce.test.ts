import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyBounce, findEnhancedStatus, findReplyCode } from '../src/suppression/bounce.js';

/** Sisimai corpora (BSD-2-Clause, sisimai/p5-sisimai 21cfb93): see test/corpora/README.md §5. */
const CORPORA = join(import.meta.dirname, 'corpora', 'bounces');
const load = <T>(name: string): T => JSON.parse(readFileSync(`${CORPORA}/${name}`, 'utf8')) as T;

describe('classifyBounce', () => {
  it.each([
    // vendor keywords (whole value)
    ['HardBounce', 'hard'], ['BOUNCE', 'hard'], ['hardBounce', 'hard'], ['Permanent', 'hard'],
    ['soft_bounce', 'soft'], ['Transient', 'soft'], ['MailboxFull', 'soft'],
    ['SpamComplaint', 'complaint'], ['COMPLAINT', 'complaint'], ['contactFlaggedAsSpam', 'complaint'],
    ['unsubscribedViaEmail', 'unsubscribe'], ['unsubscribedViaApi', 'unsubscribe'], ['Unsubscribed', 'unsubscribe'],
    ['adminBlocked', 'unknown'], ['ManualSuppression', 'unknown'], ['', 'unknown'], ['whatever', 'unknown'],
    // RFC 3463 enhanced status codes
    ['5.1.1', 'hard'], ['5.1.2', 'hard'], ['5.1.10', 'hard'], ['5.2.1', 'hard'], ['5.4.4', 'hard'],
    ['4.2.2', 'soft'], ['4.4.7', 'soft'], ['5.2.2', 'soft'], ['5.2.3', 'soft'], ['5.3.4', 'soft'],
    ['5.7.1', 'soft'], ['5.7.26', 'soft'], ['5.1.8', 'soft'], ['2.0.0', 'unknown'],
    // replies and diagnostics
    ['550 5.1.1 <a@example.com>: Recipient address rejected: User unknown', 'hard'],
    ['550 5.7.1 Service unavailable; client host blocked using zen.spamhaus.org', 'soft'],
    ['550-5.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages', 'soft'],
    ['550 5.2.1 The email account that you tried to reach is disabled.', 'hard'],
    ['552 Mailbox quota exceeded', 'soft'],
    ['550 Requested action not taken: mailbox unavailable', 'hard'],
    ['554 Message rejected by policy', 'soft'],
    ['421 Too many connections', 'soft'],
    ['556 5.1.10 Recipient address has null MX', 'hard'],
    ['550 5.1.8 Domain of sender address example.org does not exist', 'soft'],
    ['550 5.0.0 Mail system full', 'soft'],
    ['Connection to 192.0.2.55 timed out', 'soft'],
  ])('%j → %s', (text, kind) => {
    expect(classifyBounce(text)).toBe(kind);
  });

  it.each([
    ['smtp; 550 5.1.1 user unknown', '5.1.1'],
    ['host [192.0.2.25] said 4.7.1 later', '4.7.1'],
    ['from 5.5.5.5 nothing', undefined],
    ['5.1.10 null MX', '5.1.10'],
    ['code 25.1.1 no', undefined],
  ])('findEnhancedStatus(%j) → %s', (text, status) => {
    expect(findEnhancedStatus(text)).toBe(status);
  });

  it.each([['smtp; 550 no', 550], ['451-4.7.1 x', 451], ['v1.550 no', undefined], ['5500 no', undefined]])(
    'findReplyCode(%j) → %s', (text, code) => {
      expect(findReplyCode(text)).toBe(code);
    });
});

interface StatusRow { status: string; reason: string; active: boolean }
interface Sample {
  sample: string; recipient_index: number; expected_reason: string; expected_hardbounce: boolean;
  dsn_status: string; dsn_diagnostic_code: string;
}

/** Sisimai's hard-bounce rule (Sisimai::SMTP::Failure): these reasons, notaccept only when permanent. */
function sisimaiHard(reason: string, status: string): boolean {
  return ['userunknown', 'hostunknown', 'hasmoved'].includes(reason) || (reason === 'notaccept' && status.startsWith('5'));
}

describe("agreement with Sisimai's hard-bounce verdict", () => {
  it('status table: 99 of 105 active codes agree; the 6 differences are pinned (docs/bounces.md)', () => {
    const rows = load<{ standard_codes: StatusRow[] }>('sisimai-status-codes.json').standard_codes.filter((r) => r.active);
    const diff = rows.filter((r) => sisimaiHard(r.reason, r.status) !== (classifyBounce(r.status) === 'hard'))
      .map((r) => [r.status, r.reason, classifyBounce(r.status)]);
    expect(rows.length).toBe(105);
    expect(diff).toEqual([
      ['4.1.6', 'hasmoved', 'soft'], // class 4 is transient by RFC 3463; Sisimai goes by reason
      ['5.1.4', 'filtered', 'hard'], // ambiguous mailbox: a resend bounces again
      ['5.2.0', 'filtered', 'hard'], // generic mailbox status, no text: SPEC "5.x.x → hard"
      ['5.2.1', 'filtered', 'hard'], // mailbox disabled: hard per issue 6
      ['5.3.2', 'notaccept', 'soft'], // system not accepting network messages: a host state
      ['5.7.13', 'suspend', 'hard'], // user account disabled (RFC 3463 registry)
    ]);
  });

  it("reason samples: each reason's sample diagnostic gets the verdict Sisimai's reason implies", () => {
    const reasons = load<{ reason: string; sample_diagnostic?: string }[]>('sisimai-reasons.json');
    const got = reasons.filter((r) => r.sample_diagnostic !== undefined)
      .map((r) => [r.reason, classifyBounce(r.sample_diagnostic!)] as const)
      .filter(([reason, kind]) => sisimaiHard(reason, '5') !== (kind === 'hard'));
    expect(got).toEqual([
      ['filtered', 'hard'], // "550 5.1.2 User reject": 5.1.2 is "bad destination system address"
      ['onhold', 'hard'], // "5.0.901 error": Sisimai's own pseudo-code; 5.0.x with no text stays hard
    ]);
  });

  it('sample bounces: 241 of 282 agree; the 41 differences are pinned (docs/bounces.md)', () => {
    const rows = load<Sample[]>('sisimai-samples-with-diagnostics.json');
    const diff: [string, number, string, string][] = [];
    for (const r of rows) {
      const k = classifyBounce(r.dsn_diagnostic_code);
      const kind = k === 'unknown' ? classifyBounce(r.dsn_status) : k;
      if ((kind === 'hard') !== r.expected_hardbounce) {
        diff.push([r.sample.replace('set-of-emails/maildir/bsd/', ''), r.recipient_index, r.expected_reason, kind]);
      }
    }
    expect(rows.length).toBe(282);
    expect(rows.length - diff.length).toBe(241);
    expect(diff).toEqual(SAMPLE_DIFFERENCES);
  });
});

/** [sample, recipient, Sisimai reason, our verdict]; grouped and explained in docs/bounces.md. */
const SAMPLE_DIFFERENCES: [string, number, string, string][] = [
  ['rhost-google-01.eml', 1, 'suspend', 'hard'],
  ['rhost-google-07.eml', 1, 'suspend', 'hard'],
  ['rhost-godaddy-03.eml', 1, 'speeding', 'hard'],
  ['rhost-kddi-01.eml', 1, 'filtered', 'hard'],
  ['rhost-nttdocomo-01.eml', 1, 'filtered', 'hard'],
  ['rhost-nttdocomo-02.eml', 1, 'rejected', 'hard'],
  ['rhost-nttdocomo-03.eml', 1, 'rejected', 'hard'],
  ['lhost-amazonses-01.eml', 1, 'securityerror', 'hard'],
  ['lhost-amazonses-02.eml', 1, 'filtered', 'hard'],
  ['lhost-amazonses-20.eml', 1, 'suspend', 'hard'],
  ['lhost-aol-06.eml', 1, 'notaccept', 'soft'],
  ['lhost-courier-02.eml', 1, 'filtered', 'hard'],
  ['lhost-exim-49.eml', 1, 'blocked', 'hard'],
  ['lhost-facebook-03.eml', 1, 'filtered', 'hard'],
  ['lhost-gsuite-03.eml', 1, 'notaccept', 'hard'],
  ['lhost-gsuite-08.eml', 1, 'filtered', 'hard'],
  ['lhost-gsuite-10.eml', 1, 'notaccept', 'hard'],
  ['lhost-messagelabs-03.eml', 1, 'userunknown', 'soft'],
  ['lhost-messagingserver-06.eml', 1, 'filtered', 'hard'],
  ['lhost-messagingserver-08.eml', 1, 'filtered', 'hard'],
  ['lhost-office365-04.eml', 1, 'filtered', 'hard'],
  ['lhost-outlook-03.eml', 1, 'hostunknown', 'soft'],
  ['lhost-postfix-01.eml', 1, 'mailererror', 'hard'],
  ['lhost-postfix-03.eml', 1, 'filtered', 'hard'],
  ['lhost-postfix-05.eml', 1, 'userunknown', 'soft'],
  ['lhost-postfix-17.eml', 1, 'networkerror', 'hard'],
  ['lhost-postfix-35.eml', 1, 'filtered', 'hard'],
  ['lhost-postfix-52.eml', 1, 'suspend', 'hard'],
  ['lhost-receivingses-01.eml', 1, 'filtered', 'hard'],
  ['lhost-receivingses-02.eml', 1, 'filtered', 'hard'],
  ['lhost-sendmail-02.eml', 2, 'filtered', 'hard'],
  ['lhost-sendmail-18.eml', 1, 'mailererror', 'hard'],
  ['lhost-sendmail-19.eml', 1, 'filtered', 'hard'],
  ['lhost-sendmail-27.eml', 1, 'filtered', 'hard'],
  ['lhost-sendmail-35.eml', 1, 'suspend', 'hard'],
  ['lhost-sendmail-40.eml', 1, 'filtered', 'hard'],
  ['lhost-sendmail-50.eml', 1, 'filtered', 'hard'],
  ['lhost-sendmail-51.eml', 1, 'filtered', 'hard'],
  ['lhost-surfcontrol-01.eml', 1, 'filtered', 'hard'],
  ['rfc3464-01.eml', 1, 'mailboxfull', 'hard'],
  ['rfc3464-42.eml', 1, 'filtered', 'hard'],
];
