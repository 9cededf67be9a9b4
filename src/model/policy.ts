import type { Bucket, ReasonCode } from './findings.js';

/** Which bucket each reason code sends a row to. */
export type Policy = Record<ReasonCode, Bucket>;

/** SPEC.md's default buckets. */
export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze({
  missing_email: 'rejected',
  invalid_syntax: 'rejected',
  reserved_domain: 'rejected',
  domain_not_found: 'rejected',
  no_mail_server: 'rejected',
  mailbox_not_allowed: 'rejected',
  disposable: 'rejected',
  duplicate: 'rejected',
  suppressed_hard_bounce: 'rejected',
  suppressed_complaint: 'rejected',
  suppressed_unsubscribe: 'rejected',
  suppressed: 'rejected',
  malformed_row: 'rejected',
  possible_typo: 'review',
  wrong_keyboard_layout: 'review',
  cyrillic_mailbox: 'review',
  punctuation_slip: 'review',
  mailbox_unlikely: 'review',
  confusable_characters: 'review',
  role_account: 'review',
  multiple_addresses: 'review',
  duplicate_alias: 'review',
  suppressed_soft_bounce: 'review',
  dns_error: 'review',
  // --smtp (issue 13): only a server that tells mailboxes apart can reject a row; the rest is information.
  mailbox_not_found: 'rejected',
  mailbox_full: 'review',
  catch_all: 'clean',
  smtp_unverified: 'clean',
});

/** The default policy with a config's overrides applied. */
export function makePolicy(overrides: Partial<Policy> | undefined): Policy {
  return { ...DEFAULT_POLICY, ...overrides };
}

/** The policy a report was made under (`report.policy`, else SPEC's defaults). */
export function policyOf(report: { policy?: Partial<Policy> | undefined }): Policy {
  return makePolicy(report.policy);
}
