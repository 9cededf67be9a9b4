/**
 * The words of the SMTP part of the reports (`--smtp`, issue 13): the terminal summary's lines and
 * report.html's section. One object per language (en-smtp.ts, uk-smtp.ts, it-smtp.ts); the row
 * sentences (validation_detail) are in the `smtp.*` messages of each catalogue.
 */
import type { SmtpAnswerKind, SmtpCause, SmtpStatusReason } from '../../model/report.js';

/** Every word of the SMTP part of the reports, in one language. */
export interface SmtpStrings {
  /** report.html section title. */
  section: string;
  /** report.html: what the check is and what it never does (no placeholders). */
  intro: string;
  /** Summary label. */
  label: string;
  /** Status words. */
  status: Record<'ok' | 'unavailable' | 'stopped', string>;
  /** What ran: `{probes}`, `{sessions}`, `{hosts}` (counted nouns). */
  ran: string;
  /** Why probing is unavailable or stopped, as a sentence. */
  reasons: Record<SmtpStatusReason, string>;
  /** Answer kinds, as short labels. */
  answers: Record<SmtpAnswerKind, string>;
  /** Causes of `unverified` and `skipped` answers, as short labels. */
  causes: Record<SmtpCause, string>;
  /** Catch-all domains: `{domains}` (a list). */
  catchAll: string;
  /** Appended to a cut list: `{count}` more. */
  more: string;
  /** report.html column headers. */
  th: {
    /** What the probe found. */
    answer: string;
    /** Rows. */
    rows: string;
  };
}
