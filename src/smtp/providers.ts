/**
 * Mail providers whose RCPT answers say nothing about the mailbox, as ONE table by MX host suffix
 * (issue 13). A host matches an entry when it is the suffix or ends with "." + suffix.
 */

/** What to do with a provider's hosts. */
export interface ProviderRule {
  /** MX host name suffix, lower case, without a trailing dot. */
  suffix: string;
  /** A short stable name for reports (`yahoo`, `microsoft365`, …). */
  provider: string;
  /** `skip`: never probe, answer `unverified`/`provider_accepts_all`; `probe`: probe as usual. */
  action: 'skip' | 'probe';
  /** At most this many RCPTs per envelope on these hosts (default: the prober's option). */
  rcptsPerEnvelope?: number;
}

export const PROVIDER_RULES: readonly ProviderRule[] = [
  // Yahoo and AOL: the MX accept every RCPT and bounce later; probing tells nothing
  // (reacher verifies Yahoo through its web sign-up API instead, never SMTP, by default).
  { suffix: 'yahoodns.net', provider: 'yahoo', action: 'skip' },
  // Microsoft 365 tenants (`*.mail.protection.outlook.com`): most answer 250 for addresses that do
  // not exist and bounce after DATA; which tenants reject is the tenant admin's choice, so an
  // accept proves nothing. Issue 13: mark unverifiable.
  { suffix: 'mail.protection.outlook.com', provider: 'microsoft365', action: 'skip' },
  // Outlook.com/Hotmail consumer mailboxes (`*.olc.protection.outlook.com`). Decision: PROBE, one
  // RCPT per envelope. Why:
  // - the replies are honest about mailboxes: unknown addresses get
  //   "550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302)", which Microsoft's
  //   own NDR list gives for unused hotmail.com/outlook.com addresses
  //   (MicrosoftDocs/OfficeDocs-Exchange#2836), and existing ones get 250;
  // - but the host dislikes several RCPTs in one envelope: a second RCPT got 452
  //   (AfterShip/email-verifier#72, on eur.olc.protection.outlook.com), so one RCPT per envelope;
  // - its other refusals are about the sender's IP (550 5.7.1 … block list (S3140), 451 4.7.650
  //   rate limited due to IP reputation), which the reply table reads as `policy`, never as a
  //   mailbox fact, and the circuit breakers stop us; reports of existing hotmail addresses shown
  //   as "not reachable" (AfterShip/email-verifier#55, #152) come from tools that read any
  //   non-250 as "does not exist", which we never do;
  // - reacher (check-if-email-exists) by default checks these addresses through Microsoft's
  //   password-recovery page in a headless browser rather than SMTP, and when it does use SMTP it
  //   skips its catch-all check for hotmail.com (core/src/rules.json), after the random-address
  //   RCPT drew "451 4.4.4 Temporary server error" (reacherhq/check-if-email-exists#1334). We
  //   keep the random-address check (a `not_found` needs it), but send it only after a real
  //   address got an answer, in its own envelope.
  { suffix: 'olc.protection.outlook.com', provider: 'outlook', action: 'probe', rcptsPerEnvelope: 1 },
  // Gmail and Google Workspace answer honestly (550 5.1.1 "does not exist", 550 5.2.1 "disabled").
  // Workspace domains can still be catch-all, which the random-address check finds.
  { suffix: 'google.com', provider: 'google', action: 'probe' },
  { suffix: 'googlemail.com', provider: 'google', action: 'probe' },
];

/** The rule for an MX host name, if any (case and a trailing dot ignored). */
export function providerRule(host: string, rules: readonly ProviderRule[] = PROVIDER_RULES): ProviderRule | undefined {
  const name = host.toLowerCase().replace(/\.$/, '');
  return rules.find((r) => name === r.suffix || name.endsWith(`.${r.suffix}`));
}
