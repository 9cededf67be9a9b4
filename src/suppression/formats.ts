import { foldHeader, headerScore } from '../io/detect.js';
import { classifyBounce } from './bounce.js';
import type { EntryKind } from './entries.js';

/**
 * Vendor export layouts, recognised by their header row (never by file name), and what a row of
 * each means. Column names are the vendors' own:
 * - Mailchimp audience exports of cleaned / unsubscribed contacts: `Email Address` plus `CLEAN_*`
 *   (cleaned = hard bounce, or repeated soft bounces Mailchimp already escalated) or `UNSUB_*`.
 * - SendGrid suppression CSVs: bounces and blocks `created,email,reason,status`, spam reports
 *   `created,email,ip`, invalid emails `created,email,reason`, global unsubscribes `created,email`.
 * - Mailgun: bounces `address,code,error,created_at`, unsubscribes `address,tags,created_at`,
 *   complaints `address,created_at`.
 * - Amazon SES account-level suppression list `EmailAddress,Reason,LastUpdateTime` (BOUNCE/COMPLAINT).
 * - Postmark suppressions `EmailAddress,SuppressionReason,Origin,CreatedAt`.
 * - Brevo blocked contacts (`email`, `senderEmail`, reason code, `blockedAt`).
 * - Anything else with an email column (Kwiga and hand-made lists), with optional reason/date columns.
 */

/** A recognised layout: which columns matter and what a row means. */
export interface Layout {
  /** Format name for the report (`mailchimp-cleaned`, `sendgrid-bounces`, `csv`, …). */
  format: string;
  /** Column of the address. */
  email: number;
  /** Columns whose text says why (classified together, longest shown to the user). */
  reasons: number[];
  /** Column with the date, -1 when none. */
  date: number;
  /** What a row means, given its non-empty reason cells (in column order) and all its cells. */
  kind: (reasons: string[], cells: string[]) => EntryKind;
}

/** Letters and digits, lowercased: header names compared in this form (`Email Address` → `emailaddress`). */
export function compactName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** Header names of an address column, compact form (vendor exports and SPEC's header names). */
const EMAIL_NAMES = new Set([
  'email', 'emailaddress', 'address', 'emailaddr', 'mail', 'recipient', 'recipientemail',
  'recipientaddress', 'contactemail', 'subscriberemail', 'courriel', 'email1value', 'emailid',
  'useremail', 'eposta', 'correo',
]);

/** Header names of a reason column, compact form. */
const REASON_NAMES = new Set([
  'reason', 'suppressionreason', 'error', 'status', 'code', 'type', 'bouncetype', 'bouncesubtype',
  'category', 'event', 'unsubreason', 'unsubreasonother', 'bouncereason', 'diagnosticcode',
  'reasoncode', 'reasonmessage', 'description', 'message', 'smtpcode', 'smtpresponse', 'response',
]);

/** Header names of a date column, compact form. */
const DATE_NAMES = [
  'created', 'createdat', 'lastupdatetime', 'blockedat', 'cleantime', 'unsubtime', 'bouncedat',
  'date', 'timestamp', 'updatedat', 'eventdate', 'suppressedat', 'bouncedate', 'time', 'lastbounce',
];

/** Single-column header words: a lone `email` or `sha256` line heads a plain or hashed list. */
export const SINGLE_COLUMN_HEADERS = new Set([
  ...EMAIL_NAMES, 'md5', 'sha1', 'sha256', 'hash', 'emailhash', 'emailsha256', 'emailmd5', 'emailsha1',
  'hashedemail', 'domain', 'domains',
]);

const fixed = (k: EntryKind) => (): EntryKind => k;

/**
 * The first reason cell that tells (a `type` column before a diagnostic text, SendGrid's reason
 * before its status); none → the list's own default meaning.
 */
function classified(fallback: EntryKind) {
  return (reasons: string[]): EntryKind => {
    for (const text of reasons) {
      const k = classifyBounce(text);
      if (k !== 'unknown') return k;
    }
    return fallback;
  };
}

/** Index of the first header in `names` (compact), or -1. */
function col(names: string[], wanted: readonly string[] | Set<string>): number {
  const list = [...wanted];
  for (const w of list) {
    const i = names.indexOf(w);
    if (i >= 0) return i;
  }
  return -1;
}

/**
 * The address column: an exact known name, else a name containing `email`/`mail` that is no hash,
 * else the column a contact list's header would be read by (`Електронна пошта`, `Indirizzo email`:
 * io/detect.ts knows the names in eight languages).
 */
function emailColumn(names: string[], header: string[]): number {
  const exact = names.findIndex((n) => EMAIL_NAMES.has(n));
  if (exact >= 0) return exact;
  const mail = names.findIndex((n) => n.includes('mail') && !/md5|sha|hash|sender|from/.test(n));
  if (mail >= 0) return mail;
  let best = -1;
  let bestScore = 0;
  header.forEach((cell, i) => {
    const score = headerScore(cell);
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return best;
}

/** Reason and date columns named in SPEC's other languages (folded as io/detect.ts folds headers). */
const FOREIGN_REASON = new Set(['причина', 'статус', 'тип', 'motivo', 'stato', 'grund', 'raison', 'powod', 'estado', 'razon']);
const FOREIGN_DATE = new Set(['дата', 'data', 'datum', 'fecha', 'date']);

/** The layout for a header row, or undefined when it has no address column. */
export function layoutForHeader(header: string[]): Layout | undefined {
  const names = header.map(compactName);
  const has = (n: string): boolean => names.includes(n);
  const email = emailColumn(names, header);
  const folded = header.map(foldHeader);
  if (email < 0) return undefined;
  const knownDate = col(names, DATE_NAMES);
  const date = knownDate >= 0 ? knownDate : folded.findIndex((f) => FOREIGN_DATE.has(f));
  const reasons = names.flatMap((n, i) => ((REASON_NAMES.has(n) || FOREIGN_REASON.has(folded[i]!)) && i !== email ? [i] : []));
  const base = { email, reasons, date };

  if (has('emailaddress') && names.some((n) => n.startsWith('clean'))) {
    return { ...base, format: 'mailchimp-cleaned', reasons: [], kind: fixed('hard') };
  }
  if (has('emailaddress') && names.some((n) => n.startsWith('unsub'))) {
    return { ...base, format: 'mailchimp-unsubscribed', kind: fixed('unsubscribe') };
  }
  if (has('suppressionreason')) {
    const origin = names.indexOf('origin');
    const reason = names.indexOf('suppressionreason');
    return {
      ...base, format: 'postmark', reasons: [reason],
      kind: (texts, cells) => {
        const v = compactName(cells[reason] ?? '');
        if (v === 'hardbounce') return 'hard';
        if (v === 'spamcomplaint') return 'complaint';
        // ManualSuppression: Origin "Recipient" = the person unsubscribed; Customer/Admin = put there by hand.
        if (v === 'manualsuppression') return compactName(cells[origin] ?? '') === 'recipient' ? 'unsubscribe' : 'plain';
        return classified('plain')(texts);
      },
    };
  }
  if (has('emailaddress') && has('reason') && has('lastupdatetime')) {
    return { ...base, format: 'amazon-ses', kind: classified('plain') };
  }
  if (has('created') && has('email')) {
    if (has('status') && has('reason')) return { ...base, format: 'sendgrid-bounces', kind: classified('hard') };
    if (has('ip')) return { ...base, format: 'sendgrid-spam-reports', kind: fixed('complaint') };
    if (has('reason')) return { ...base, format: 'sendgrid-invalid-emails', kind: fixed('hard') };
    if (names.length === 2) return { ...base, format: 'sendgrid-unsubscribes', kind: fixed('unsubscribe') };
  }
  if (has('address') && has('createdat')) {
    if (has('code') || has('error')) return { ...base, format: 'mailgun-bounces', kind: classified('hard') };
    if (has('tags')) return { ...base, format: 'mailgun-unsubscribes', kind: fixed('unsubscribe') };
    if (names.length === 2) return { ...base, format: 'mailgun-complaints', kind: fixed('complaint') };
  }
  if (has('blockedat') || has('senderemail')) {
    return { ...base, format: 'brevo-blocked', kind: classified('plain') };
  }
  return { ...base, format: 'csv', kind: classified('plain') };
}

/** Layout of a header-less row whose cell `email` holds the address (SES import form `address,BOUNCE`). */
export function layoutWithoutHeader(cells: string[], email: number): Layout {
  const reasons = cells.flatMap((_, i) => (i === email ? [] : [i]));
  const ses = reasons.length === 1 && /^(bounce|complaint)$/i.test((cells[reasons[0]!] ?? '').trim());
  return { format: ses ? 'amazon-ses-import' : 'csv-headerless', email, reasons, date: -1, kind: classified('plain') };
}

/**
 * A date cell as epoch ms, NaN when empty or unreadable. Unix seconds (SendGrid), ISO 8601 (SES,
 * Postmark), RFC 2822 (Mailgun) and Mailchimp's `YYYY-MM-DD hh:mm:ss` (taken as UTC).
 */
export function parseDate(cell: string | undefined): number {
  const v = (cell ?? '').trim();
  if (v === '') return NaN;
  if (/^\d{9,13}(\.\d+)?$/.test(v)) {
    const n = Number(v);
    return n < 1e11 ? n * 1000 : n;
  }
  const iso = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(v) ? `${v.replace(' ', 'T')}Z` : v;
  return Date.parse(iso);
}
