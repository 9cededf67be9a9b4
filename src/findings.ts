/**
 * Findings are data: a stage reports what it saw as `{ code, why, args }` and never builds
 * English text. The sentences live in `messages.ts`; the bucket is decided by `classify.ts`.
 */

/** Every reason code of SPEC.md, in order of severity (most severe first). */
export const REASON_CODES = [
  'malformed_row',
  'missing_email',
  'invalid_syntax',
  'suppressed_hard_bounce',
  'suppressed_complaint',
  'suppressed_unsubscribe',
  'suppressed',
  'domain_not_found',
  'no_mail_server',
  'disposable',
  'duplicate',
  'wrong_keyboard_layout',
  'possible_typo',
  'confusable_characters',
  'multiple_addresses',
  'suppressed_soft_bounce',
  'duplicate_alias',
  'dns_error',
  'role_account',
] as const;

/** A reason code: the closed set of verdicts a row can carry. */
export type ReasonCode = (typeof REASON_CODES)[number];

/** The three output files a row can land in. */
export type Bucket = 'clean' | 'review' | 'rejected';

/** Values a message template may interpolate. */
export type FindingArgs = Record<string, string | number>;

/** One thing a stage noticed about a row. */
export interface Finding {
  /** The reason code this finding supports. */
  code: ReasonCode;
  /**
   * A more specific key into the message table (e.g. `syntax.double_dot`); when absent the
   * code's own sentence is used.
   */
  why?: string;
  /** Values for the message template (`{line}`, `{domain}`, …). */
  args?: FindingArgs;
  /** The corrected address, where the stage knows one. */
  suggestion?: string;
}

/** Severity rank of a code: 0 is the most severe. */
export function severityOf(code: ReasonCode): number {
  return REASON_CODES.indexOf(code);
}
