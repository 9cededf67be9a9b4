import { z } from 'zod';
import { OUTPUT_FORMATS } from './config.js';
import { BUCKETS, REASON_CODES } from './findings.js';

const count = z.number().int().nonnegative();

const domainCount = z.object({
  domain: z.string(),
  rows: count,
  clean: count,
  review: count,
  rejected: count,
});

/** The report.json `dns` block. */
export const DnsReportSchema = z.object({
  status: z.enum(['ok', 'offline', 'unavailable']),
  domains: count,
  lookups: count,
  errors: count,
  cached: count.optional(),
  slowest: z.array(z.object({ domain: z.string(), ms: z.number().nonnegative() })).optional(),
  /** A resolver that stopped answering mid-run (status unavailable): the answers it gave before. */
  answers: count.optional(),
  /** … and when the last of them came (ISO 8601). */
  lastAnswerAt: z.string().optional(),
});

/** The report.json `dns` block, as the domain checker fills it. */
export type DnsReport = z.infer<typeof DnsReportSchema>;

/** Why an SMTP answer is `unverified` or `skipped` (src/smtp/types.ts `MailboxCause`). */
export const SMTP_CAUSES = [
  'timeout', 'refused', 'greylisted', 'policy', 'provider_accepts_all', 'private_mx', 'unresolved', 'protocol',
  'unclassified', 'inconsistent', 'unavailable', 'stopped', 'max_reached', 'aborted',
] as const;

/** The report.json `smtp` block (issue 13): `off` with zeros when --smtp was not given. */
export const SmtpReportSchema = z.object({
  /** `off`: not asked; `ok`: probing ran; `unavailable`: SMTP could not be used from here; `stopped`: a breaker stopped it. */
  status: z.enum(['off', 'ok', 'unavailable', 'stopped']),
  /** Why the status is `unavailable` or `stopped`. */
  reason: z.enum(['port_blocked', 'proxy_unreachable', 'policy_rate', 'aborted']).optional(),
  /** Distinct mail hosts (IP addresses) a connection was attempted to. */
  hosts: count,
  /** SMTP sessions (connections that got through the greeting). */
  sessions: count,
  /** RCPT commands sent, the catch-all check's random addresses included. */
  probes: count,
  /** probes / sessions. */
  rcptsPerSession: z.number().nonnegative(),
  /** Addresses answered from the answer cache, without probing. */
  cacheHits: count,
  /** Delayed retries after a temporary (4xx) answer. */
  retries: count,
  /** Policy or blocklist answers about us (5.7.x, "blocked using …"). */
  policyAnswers: count,
  /** Domains found to accept any address: how many, and which (sorted, at most 100 named). */
  catchAllDomains: z.object({ count, domains: z.array(z.string()) }),
  /** Rows' answers by kind. */
  answers: z.object({ exists: count, not_found: count, full: count, catch_all: count, unverified: count, skipped: count }),
  /** `unverified` answers by cause. */
  unverified: z.partialRecord(z.enum(SMTP_CAUSES), count),
  /** `skipped` answers by cause (rows that kept their DNS verdict). */
  skipped: z.partialRecord(z.enum(SMTP_CAUSES), count),
});

/** The report.json `smtp` block. */
export type SmtpReport = z.infer<typeof SmtpReportSchema>;
/** Why an SMTP answer is `unverified` or `skipped`. */
export type SmtpCause = (typeof SMTP_CAUSES)[number];
/** An SMTP answer's kind, as counted in `smtp.answers`. */
export type SmtpAnswerKind = keyof SmtpReport['answers'];
/** Why SMTP probing is `unavailable` or `stopped`. */
export type SmtpStatusReason = NonNullable<SmtpReport['reason']>;

/**
 * What `kwiga-validate apply` needs from the run (issue 14): where the run's row index is, the
 * input's columns as review.csv names them, and the settings of the offline checks a fix must pass
 * (suppression lists as absolute paths, so apply works from any folder).
 */
export const ApplyBasisSchema = z.object({
  /** The run's row index in the out dir: every input row's line, bucket and reason, in input order. */
  rows: z.string(),
  /** The input's columns as review.csv names them (`column_1`, … for a file without a header). */
  columns: z.array(z.string()),
  /** 0-based index of the address column. */
  emailColumn: count,
  /** `--lang` of the run: the language of apply's words. */
  lang: z.enum(['en', 'uk', 'it']),
  /** Whether the run wrote its CSVs with a byte order mark (import.csv follows clean.csv). */
  bom: z.boolean(),
  /** The delimiter the run wrote its CSVs with (import.csv follows clean.csv); `,` when absent (older runs). */
  delimiter: z.string().optional(),
  /** Settings of the offline checks, as the run had them. */
  checks: z.object({
    /** Suppression lists, absolute paths. */
    suppress: z.array(z.string()),
    allowDomains: z.array(z.string()),
    denyDomains: z.array(z.string()),
    disposableAllow: z.array(z.string()),
    typoMaxDistance: z.number().int().optional(),
    softBounceEscalation: z.object({ count: count, days: count }).optional(),
    softBounceExpiryDays: count.optional(),
  }),
});

/** The report.json `apply` block. */
export type ApplyBasis = z.infer<typeof ApplyBasisSchema>;

/** The report.json document (schemaVersion 1). Fields may be added; these keep their meaning. */
export const ReportSchema = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.literal('kwiga-validate'), version: z.string() }),
  input: z.object({
    /** The input path as given (`-` for standard input). */
    file: z.string(),
    /** What the input is, told by its content: a text table or an Excel workbook. */
    format: z.enum(OUTPUT_FORMATS),
    /** The tab name of the sheet read (workbooks only). */
    sheet: z.string().optional(),
    /** The text encoding (`utf-8` for a workbook, whose XML is UTF-8). */
    encoding: z.string(),
    /** The field delimiter (empty for a workbook: it has cells, not delimiters). */
    delimiter: z.string(),
    /** The address column's header name (or `column N`). */
    emailColumn: z.string(),
    /** Data rows read (header excluded, blank lines excluded). */
    rows: count,
    hasHeader: z.boolean(),
    gzip: z.boolean(),
    bom: z.boolean(),
    /** Rows the CSV reader could not read (also counted under reasons.malformed_row). */
    malformedRows: count,
    blankLines: count,
    /** Lines before the header or first data row (a title line, Excel's `sep=`): not contacts. */
    preambleLines: count,
  }),
  totals: z.object({ rows: count, clean: count, review: count, rejected: count }),
  reasons: z.record(z.enum(REASON_CODES), count),
  dns: DnsReportSchema,
  smtp: SmtpReportSchema,
  domains: z.array(domainCount),
  problemDomains: z.array(domainCount),
  providers: z.object({
    /** Rows with a valid address at a free mail provider (gmail.com, ukr.net, …). */
    free: count,
    /** Rows with a valid address at any domain. */
    withDomain: count,
    /** free / withDomain, 0..1 (information, not a verdict). */
    freeShare: z.number().min(0).max(1),
    /** The free-mail domains of this list with the most valid rows, most first (at most 3). */
    topFree: z.array(z.string()).optional(),
    /** How many different free-mail domains the list has. */
    freeDomains: count.optional(),
  }),
  typos: z.array(z.object({ from: z.string(), to: z.string(), count })),
  suppression: z.array(
    z.object({
      file: z.string(),
      format: z.string(),
      entries: count,
      notUnderstood: count,
      matched: z.record(z.string(), count),
    }),
  ),
  examples: z.partialRecord(
    z.enum(REASON_CODES),
    z.array(z.object({ line: count, address: z.string(), suggestion: z.string().optional() })),
  ),
  gates: z.array(
    z.object({
      name: z.enum(['rejected', 'review']),
      thresholdPercent: z.number(),
      actualPercent: z.number(),
      failed: z.boolean(),
    }),
  ),
  /** The files written, by name in the out dir (`clean.xlsx` … when the outputs are workbooks). */
  outputs: z.object({ clean: z.string(), review: z.string(), rejected: z.string(), html: z.string() }),
  /**
   * The bucket each reason sends rows to under this run's policy (absent: SPEC's defaults), so
   * reports colour a reason by where its rows went. Added for issue 7 (report.html, summary).
   */
  policy: z.partialRecord(z.enum(REASON_CODES), z.enum(BUCKETS)).optional(),
  /** What `kwiga-validate apply` needs from this run (issue 14); absent in reports of older versions. */
  apply: ApplyBasisSchema.optional(),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
});

/** The report.json document. */
export type Report = z.infer<typeof ReportSchema>;
