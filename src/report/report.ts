import type { Config } from '../config.js';
import type { DnsReport } from '../dns/checker.js';
import type { InputMeta, ReadStats } from '../io/reader.js';
import { makePolicy } from '../policy.js';
import { VERSION } from '../version.js';
import type { ReportBuilder } from './builder.js';
import { maskAddress } from './mask.js';
import type { Report } from './schema.js';

/** Everything a report is built from. */
export interface ReportParts {
  /** Validated settings. */
  config: Config;
  /** Input facts. */
  meta: InputMeta;
  /** Reader counters. */
  stats: ReadStats;
  /** Row counters. */
  builder: ReportBuilder;
  /** The DNS block, when a checker ran. */
  dns: DnsReport | undefined;
  /** Per suppression list. */
  suppression: Report['suppression'];
  /** ISO time the run started. */
  startedAt: string;
  /** Wall time of the run. */
  durationMs: number;
}

/** Output file names (SPEC). */
export const OUTPUT_FILES = {
  clean: 'clean.csv',
  review: 'review.csv',
  rejected: 'rejected.csv',
  html: 'report.html',
  json: 'report.json',
} as const;

/** Share of rows, in percent, rounded to 0.01. */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 100;
}

/** Assembles report.json's document (addresses in examples are masked). */
export function buildReport(parts: ReportParts): Report {
  const { config, meta, stats, builder } = parts;
  const totals = { ...builder.totals };
  const examples: Report['examples'] = {};
  for (const [reason, list] of Object.entries(builder.examplesByReason())) {
    examples[reason as keyof Report['examples']] = list.map((e) => ({
      line: e.line,
      address: maskAddress(e.address),
      ...(e.suggestion !== undefined ? { suggestion: maskAddress(e.suggestion) } : {}),
    }));
  }
  const gates: Report['gates'] = [];
  if (config.failOnRejected !== undefined) gates.push(gate('rejected', config.failOnRejected, totals.rejected, totals.rows));
  if (config.failOnReview !== undefined) gates.push(gate('review', config.failOnReview, totals.review, totals.rows));
  return {
    schemaVersion: 1,
    tool: { name: 'kwiga-validate', version: VERSION },
    input: {
      file: meta.file,
      encoding: meta.encoding,
      delimiter: meta.delimiter,
      emailColumn: meta.emailColumnName,
      rows: totals.rows,
      hasHeader: meta.header !== undefined,
      gzip: meta.gzip,
      bom: meta.bom,
      malformedRows: builder.malformedRows,
      blankLines: stats.blankLines,
    },
    totals,
    reasons: { ...builder.reasons },
    dns: parts.dns ?? { status: 'offline', domains: builder.domainCount, lookups: 0, errors: 0 },
    domains: builder.topDomains(),
    problemDomains: builder.topProblemDomains(),
    providers: {
      free: builder.providers.free,
      withDomain: builder.providers.withDomain,
      freeShare: builder.providers.withDomain ? builder.providers.free / builder.providers.withDomain : 0,
    },
    typos: builder.topTypos(),
    suppression: parts.suppression,
    examples,
    gates,
    policy: makePolicy(config.policy),
    outputs: { clean: OUTPUT_FILES.clean, review: OUTPUT_FILES.review, rejected: OUTPUT_FILES.rejected, html: OUTPUT_FILES.html },
    startedAt: parts.startedAt,
    durationMs: parts.durationMs,
  };
}

function gate(name: 'rejected' | 'review', threshold: number, count: number, rows: number): Report['gates'][number] {
  const actual = percent(count, rows);
  return { name, thresholdPercent: threshold, actualPercent: actual, failed: actual > threshold };
}

/** SPEC exit codes for a finished run: 1 when a --fail-on-* gate failed, else 0. */
export function getExitCode(report: Pick<Report, 'gates'>): 0 | 1 {
  return report.gates.some((g) => g.failed) ? 1 : 0;
}
