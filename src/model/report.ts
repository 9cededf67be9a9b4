import { z } from 'zod';
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

/** The report.json document (schemaVersion 1). Fields may be added; these keep their meaning. */
export const ReportSchema = z.object({
  schemaVersion: z.literal(1),
  tool: z.object({ name: z.literal('kwiga-validate'), version: z.string() }),
  input: z.object({
    /** The input path as given (`-` for standard input). */
    file: z.string(),
    encoding: z.string(),
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
  outputs: z.object({ clean: z.string(), review: z.string(), rejected: z.string(), html: z.string() }),
  /**
   * The bucket each reason sends rows to under this run's policy (absent: SPEC's defaults), so
   * reports colour a reason by where its rows went. Added for issue 7 (report.html, summary).
   */
  policy: z.partialRecord(z.enum(REASON_CODES), z.enum(BUCKETS)).optional(),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
});

/** The report.json document. */
export type Report = z.infer<typeof ReportSchema>;
