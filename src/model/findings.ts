/**
 * The `model/` folder: what every part shares and nothing else — reason codes and buckets
 * (here), findings and their message keys (messages.ts), the row result (row.ts), the policy, the
 * settings schema (config.ts), the report.json schema (report.ts), run-level errors and the abort
 * rule. It imports nothing of ours; every other folder may import it.
 *
 * Findings are data: a stage reports what it saw as `{ code, why, args }` and never builds text.
 * The sentences live in report/i18n; the bucket is decided by `pipeline/classify.ts`.
 */
import type { Message } from './messages.js';


/** Every reason code of SPEC.md, in order of severity (most severe first). */
export const REASON_CODES = [
  'malformed_row',
  'missing_email',
  'invalid_syntax',
  'reserved_domain',
  'suppressed_hard_bounce',
  'suppressed_complaint',
  'suppressed_unsubscribe',
  'suppressed',
  'domain_not_found',
  'no_mail_server',
  'mailbox_not_allowed',
  'disposable',
  'duplicate',
  'mailbox_not_found',
  'wrong_keyboard_layout',
  'cyrillic_mailbox',
  'possible_typo',
  'punctuation_slip',
  'confusable_characters',
  'multiple_addresses',
  'suppressed_soft_bounce',
  'mailbox_full',
  'duplicate_alias',
  'dns_error',
  'mailbox_unlikely',
  'role_account',
  'catch_all',
  'smtp_unverified',
] as const;

/** A reason code: the closed set of verdicts a row can carry. */
export type ReasonCode = (typeof REASON_CODES)[number];

/** The three output files a row can land in, in order from good to bad. */
export const BUCKETS = ['clean', 'review', 'rejected'] as const;

/** The output file a row lands in. */
export type Bucket = (typeof BUCKETS)[number];

/**
 * One thing a stage noticed about a row: the reason code it supports, and why, as message data
 * (`why` is a key of MESSAGE_ARGS with its typed `args`).
 */
export type Finding = Message & {
  /** The reason code this finding supports. */
  code: ReasonCode;
  /** The corrected address, where the stage knows one. */
  suggestion?: string;
  /** The header of another address column of the row that holds the suggestion (Outlook's `E-mail 2 Address`). */
  otherColumn?: string;
};

/** Severity rank of a code: 0 is the most severe. */
export function severityOf(code: ReasonCode): number {
  return REASON_CODES.indexOf(code);
}
