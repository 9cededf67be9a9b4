/**
 * The `report/` folder: what a run says about itself — report.json (this file: the document, the
 * gates and the exit code), per-row counts (builder.ts), report.html (html.ts, charts.ts), the
 * terminal summary (summary.ts) and every word a person reads, in each language (i18n/).
 */
import { resolve } from 'node:path';
import type { Config, OutputFormat } from '../model/config.js';

import type { InputMeta, ReadStats } from '../io/reader.js';
import { makePolicy } from '../model/policy.js';
import { VERSION } from '../model/version.js';
import type { ReportBuilder } from './builder.js';
import { maskAddress } from './mask.js';
import type { DnsReport, Report, SmtpReport } from '../model/report.js';

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
  /** The SMTP block, when --smtp was given. */
  smtp?: SmtpReport | undefined;
  /** Per suppression list. */
  suppression: Report['suppression'];
  /** ISO time the run started. */
  startedAt: string;
  /** Wall time of the run. */
  durationMs: number;
  /** How the CSVs were written (pipeline/outputs.ts `outputStyle`); default `,` and the `bom` setting. */
  output?: { delimiter: string; bom: boolean } | undefined;
}

/** Output file names (SPEC). */
export const OUTPUT_FILES = {
  clean: 'clean.csv',
  review: 'review.csv',
  rejected: 'rejected.csv',
  html: 'report.html',
  json: 'report.json',
  /**
   * Every input row's line, bucket and reason, in input order: how `kwiga-validate apply` puts
   * clean.csv's rows (which carry no line number) back in input order and knows which rows a
   * person deleted from review.csv. A machine file, hence the dot.
   */
  rows: '.kwiga-rows.csv',
} as const;

/** The tables' names when they are written as `format` (`clean.xlsx` …); the rest as OUTPUT_FILES. */
export function outputFiles(format: OutputFormat): { clean: string; review: string; rejected: string; html: string; json: string; rows: string } {
  if (format === 'csv') return OUTPUT_FILES;
  return { ...OUTPUT_FILES, clean: `clean.${format}`, review: `review.${format}`, rejected: `rejected.${format}` };
}

/** SPEC: the tables come in the format asked for, else in the input's (`.xlsx` in, `.xlsx` out). */
export function outputFormatOf(config: Pick<Config, 'outputFormat'>, meta: Pick<InputMeta, 'format'>): OutputFormat {
  return config.outputFormat ?? meta.format;
}

/** What `kwiga-validate apply` (and `--apply`) writes into the out dir (SPEC, Apply). */
export const APPLY_FILES = {
  import: 'import.csv',
  /** The import of a run whose outputs were workbooks. */
  importXlsx: 'import.xlsx',
  problems: 'apply-problems.csv',
  report: 'apply-report.json',
} as const;

/** report.json's `smtp` block of a run without --smtp. */
export function smtpOff(): SmtpReport {
  return {
    status: 'off',
    hosts: 0,
    sessions: 0,
    probes: 0,
    rcptsPerSession: 0,
    cacheHits: 0,
    retries: 0,
    policyAnswers: 0,
    catchAllDomains: { count: 0, domains: [] },
    answers: { exists: 0, not_found: 0, full: 0, catch_all: 0, unverified: 0, skipped: 0 },
    unverified: {},
    skipped: {},
  };
}

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
  const gates = evaluateGates(totals, config);
  const files = outputFiles(outputFormatOf(config, meta));
  return {
    schemaVersion: 1,
    tool: { name: 'kwiga-validate', version: VERSION },
    input: {
      file: meta.file,
      format: meta.format,
      ...(meta.sheet !== undefined ? { sheet: meta.sheet } : {}),
      encoding: meta.encoding,
      delimiter: meta.delimiter,
      emailColumn: meta.emailColumnName,
      rows: totals.rows,
      hasHeader: meta.header !== undefined,
      gzip: meta.gzip,
      bom: meta.bom,
      malformedRows: builder.malformedRows,
      blankLines: stats.blankLines,
      preambleLines: stats.preambleLines,
    },
    totals,
    reasons: { ...builder.reasons },
    dns: parts.dns ?? { status: 'offline', domains: builder.domainCount, lookups: 0, errors: 0 },
    smtp: parts.smtp ?? smtpOff(),
    domains: builder.topDomains(),
    problemDomains: builder.topProblemDomains(),
    providers: {
      free: builder.providers.free,
      withDomain: builder.providers.withDomain,
      freeShare: builder.providers.withDomain ? builder.providers.free / builder.providers.withDomain : 0,
      topFree: builder.topFree().top,
      freeDomains: builder.topFree().domains,
    },
    typos: builder.topTypos(),
    suppression: parts.suppression,
    examples,
    gates,
    policy: makePolicy(config.policy),
    apply: applyBasis(config, meta, parts.output ?? { delimiter: ',', bom: config.bom ?? false }),
    outputs: { clean: files.clean, review: files.review, rejected: files.rejected, html: files.html },
    startedAt: parts.startedAt,
    durationMs: parts.durationMs,
  };
}

/**
 * The names of the input's columns in review.csv and rejected.csv: the header, or `column_1`,
 * `column_2`, … for a file without one (clean.csv then has no header).
 */
export function inputColumns(meta: Pick<InputMeta, 'header' | 'columns'>): string[] {
  return meta.header ?? Array.from({ length: meta.columns }, (_, i) => `column_${i + 1}`);
}

/** report.json's `apply` block: what `kwiga-validate apply` needs from this run. */
function applyBasis(config: Config, meta: InputMeta, output: { delimiter: string; bom: boolean }): NonNullable<Report['apply']> {
  const { suppression } = config;
  return {
    rows: OUTPUT_FILES.rows,
    columns: inputColumns(meta),
    emailColumn: meta.emailColumn,
    lang: config.lang,
    bom: output.bom,
    delimiter: output.delimiter,
    checks: {
      suppress: config.suppress.map((file) => resolve(file)),
      allowDomains: config.allowDomains,
      denyDomains: config.denyDomains,
      disposableAllow: config.disposableAllow,
      ...(config.typo.maxDistance !== undefined ? { typoMaxDistance: config.typo.maxDistance } : {}),
      ...(suppression.softBounceEscalation ? { softBounceEscalation: suppression.softBounceEscalation } : {}),
      ...(suppression.softBounceExpiryDays !== undefined ? { softBounceExpiryDays: suppression.softBounceExpiryDays } : {}),
    },
  };
}

/** The CI gates: `--fail-on-rejected` / `--fail-on-review` thresholds, in percent of rows. */
export interface GateOptions {
  /** Fail when more than this share of rows (0–100) is rejected. */
  failOnRejected?: number | undefined;
  /** Fail when more than this share of rows (0–100) goes to review. */
  failOnReview?: number | undefined;
}

/**
 * Whether `count` of `rows` is MORE than `threshold` percent (SPEC: "more than that share"), so a
 * share exactly at the threshold passes and 0 rows never fail. Compared on the exact share, not the
 * rounded `actualPercent`: 10.004 % is over a 10 % limit. The epsilon only absorbs binary-float
 * noise in `threshold * rows` (32.3 × 1000 = 32299.999999999996), far below one row of any real list.
 */
function exceeds(count: number, rows: number, threshold: number): boolean {
  return rows > 0 && count * 100 - threshold * rows > 1e-9 * rows;
}

/** The gates asked for, in a fixed order (rejected, then review), each with its verdict. */
export function evaluateGates(totals: Pick<Report['totals'], 'rows' | 'rejected' | 'review'>, options: GateOptions): Report['gates'] {
  const gates: Report['gates'] = [];
  for (const name of ['rejected', 'review'] as const) {
    const threshold = name === 'rejected' ? options.failOnRejected : options.failOnReview;
    if (threshold === undefined) continue;
    const count = totals[name];
    gates.push({ name, thresholdPercent: threshold, actualPercent: percent(count, totals.rows), failed: exceeds(count, totals.rows, threshold) });
  }
  return gates;
}

/** A gate's figures for people: the exact share and how far over (or under) the limit it is. */
export interface GateFigures {
  /** The share of rows, in percent, unrounded. */
  actual: number;
  /** actual − threshold, in percentage points. */
  over: number;
  /** Decimals that show `over` as more than 0 when the gate failed (2 to 10). */
  digits: number;
}

/**
 * The figures of a gate, shown with enough decimals that a failed gate never reads "0 points over
 * the limit": 11 of 29 rows is 37.931…%, over a 37.93% limit by 0.001 points.
 */
export function gateFigures(gate: Report['gates'][number], totals: Report['totals']): GateFigures {
  const actual = totals.rows === 0 ? 0 : (totals[gate.name] * 100) / totals.rows;
  const over = actual - gate.thresholdPercent;
  let digits = 2;
  while (gate.failed && digits < 10 && Number(over.toFixed(digits)) <= 0) digits++;
  return { actual, over, digits };
}

/**
 * SPEC exit codes for a finished run: 1 when a `--fail-on-*` threshold is exceeded, else 0. Pure:
 * decided from the report's totals and the thresholds alone (`report.gates` is for display).
 */
export function getExitCode(report: Pick<Report, 'totals'>, options: GateOptions = {}): 0 | 1 {
  return evaluateGates(report.totals, options).some((g) => g.failed) ? 1 : 0;
}
