/**
 * The terminal summary after a run: pure (returns text, the CLI prints it). Colour is decided by
 * the caller (`--no-color`, `NO_COLOR`, TTY) and passed in, so a `Chalk` instance with an explicit
 * level is built here rather than using chalk's global auto-detection. Without colour the text is
 * plain ASCII layout (no symbols, no escape codes) and aligned in columns.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { BUCKETS, REASON_CODES, severityOf, type Bucket, type ReasonCode } from '../model/findings.js';
import { policyOf } from '../model/policy.js';
import { counted, fill, formatCount as n, formatDecimal, formatPercent, formatTrimmed, formatTime, namedList, share, stringsForOutputs, type Lang, type Strings } from './i18n/index.js';
import { gateFigures, OUTPUT_FILES } from './build.js';
import type { Report } from '../model/report.js';

/** Options of `formatSummary`. */
export interface SummaryOptions {
  /** Use ANSI colours and symbols. */
  color: boolean;
  /** The out dir, as it should be shown. */
  outDir: string;
  /** Language (`--lang`); default English. */
  lang?: Lang;
}

const BUCKET_ORDER: Record<Bucket, number> = { rejected: 0, review: 1, clean: 2 };

/** Styling bound to one colour decision, and the words of one language. */
interface Paint {
  c: ChalkInstance;
  on: boolean;
  /** The language's strings. */
  s: Strings;
  /** Width of the label column (the longest label, plus two spaces). */
  width: number;
  /** Bucket colour. */
  bucket: (b: Bucket, text: string) => string;
  /** `✖ `, `▲ `, `✔ ` in colour; nothing when plain. */
  mark: (b: Bucket) => string;
}

function paint(color: boolean, s: Strings): Paint {
  const c = new Chalk({ level: color ? 1 : 0 });
  const tint: Record<Bucket, ChalkInstance> = { clean: c.green, review: c.yellow, rejected: c.red };
  const symbols: Record<Bucket, string> = { clean: '✔', review: '▲', rejected: '✖' };
  const labels = [...Object.values(s.summary.buckets), s.summary.rowsRead, ...Object.values(s.summary.labels)];
  return {
    c,
    on: color,
    s,
    width: Math.max(...labels.map((l) => l.length)) + 2,
    bucket: (b, text) => tint[b](text),
    mark: (b) => (color ? `${tint[b](symbols[b])} ` : ''),
  };
}

// Input values (file and column names, list names) may hold control characters; an ESC would let a
// crafted file name repaint the terminal (CWE-150), so they are shown as U+FFFD.
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/g;
const safe = (text: string) => text.replace(CONTROL_RE, '\ufffd');
const pct = (p: Paint, part: number, whole: number) => formatPercent(share(part, whole), p.s.decimal);
const label = (p: Paint, text: string) => `  ${text.padEnd(p.width)}`;

/** The summary text, ending with a newline. */
export function formatSummary(report: Report, options: SummaryOptions): string {
  const p = paint(options.color, stringsForOutputs(options.lang ?? 'en', report.outputs));
  const lines = [
    ...heading(report, p),
    '',
    ...totals(report, p),
    '',
    ...reasons(report, p),
    '',
    ...files(report, p, options.outDir),
    '',
    ...facts(report, p),
  ];
  return `${lines.join('\n')}\n`;
}

function heading(report: Report, p: Paint): string[] {
  const i = report.input;
  const delimiter = p.s.delimiters[i.delimiter] ?? i.delimiter;
  const about =
    i.sheet !== undefined
      ? fill(p.s.summary.headingSheet, { sheet: safe(i.sheet), column: safe(i.emailColumn) })
      : fill(p.s.summary.heading, { encoding: safe(i.encoding), delimiter: safe(delimiter), column: safe(i.emailColumn) });
  return [`${p.c.bold(`${report.tool.name} ${report.tool.version}`)} ${p.c.dim('·')} ${safe(i.file)}`, p.c.dim(about)];
}

function totals(report: Report, p: Paint): string[] {
  const t = report.totals;
  const width = Math.max(...[t.rows, t.clean, t.review, t.rejected].map((v) => n(v).length));
  const lines = BUCKETS.map((b) => {
    const name = p.bucket(b, p.s.summary.buckets[b].padEnd(p.width - (p.on ? 2 : 0)));
    return `  ${p.mark(b)}${name}${n(t[b]).padStart(width)}  ${pct(p, t[b], t.rows).padStart(6)}`;
  });
  lines.push(`  ${p.c.bold(p.s.summary.rowsRead.padEnd(p.width))}${p.c.bold(n(t.rows).padStart(width))}`);
  return lines;
}

/** Non-zero reasons: rejected ones first, then by rows. */
function activeReasons(report: Report): { code: ReasonCode; count: number; bucket: Bucket }[] {
  const policy = policyOf(report);
  return REASON_CODES.map((code) => ({ code, count: report.reasons[code] ?? 0, bucket: policy[code] }))
    .filter((r) => r.count > 0)
    .sort((a, b) => BUCKET_ORDER[a.bucket] - BUCKET_ORDER[b.bucket] || b.count - a.count || severityOf(a.code) - severityOf(b.code));
}

function reasons(report: Report, p: Paint): string[] {
  const list = activeReasons(report);
  if (list.length === 0) return [p.c.green(p.s.summary.noProblems)];
  const codeWidth = Math.max(...list.map((r) => r.code.length));
  const countWidth = Math.max(...list.map((r) => n(r.count).length));
  return [
    p.c.bold(p.s.summary.reasons),
    ...list.map(
      (r) =>
        `  ${p.mark(r.bucket)}${p.bucket(r.bucket, r.code.padEnd(codeWidth))}  ${n(r.count).padStart(countWidth)}` +
        ` ${p.c.dim('—')} ${p.s.reasons[r.code].advice}`,
    ),
  ];
}

function files(report: Report, p: Paint, outDir: string): string[] {
  const t = report.totals;
  const width = Math.max(...BUCKETS.map((b) => n(t[b]).length));
  // At least one space after the longest name (`rejected.xlsx`); 13 columns as ever for CSVs.
  const pad = Math.max(13, ...BUCKETS.map((b) => report.outputs[b].length + 1));
  const name = (file: string) => p.c.cyan(file.padEnd(pad));
  // The count is right-aligned, then its noun in the right plural form.
  const rows = (count: number) => counted(p.s, 'row', count).replace(n(count), n(count).padStart(width));
  return [
    `${p.c.bold(p.s.summary.filesIn)} ${outDir}`,
    ...BUCKETS.map((b) => `  ${name(report.outputs[b])}${rows(t[b])}`),
    `  ${name(report.outputs.html)}${p.s.summary.htmlFor}`,
    `  ${name(OUTPUT_FILES.json)}${p.s.summary.jsonFor}`,
  ];
}

function facts(report: Report, p: Paint): string[] {
  const lines = [dnsLine(report, p), ...smtpLines(report, p), ...providerLine(report, p), ...suppressionLines(report, p), ...gateLines(report, p)];
  const seconds = report.durationMs / 1000;
  const speed = seconds > 0 ? ` ${p.c.dim('·')} ${fill(p.s.summary.speed, { rate: n(report.totals.rows / seconds) })}` : '';
  lines.push('', `${fill(p.s.summary.done, { seconds: formatDecimal(seconds, 1, p.s.decimal) })}${speed}`);
  return lines;
}

/** Free-mail share, naming the list's own top free domains: information, not a verdict. */
function providerLine(report: Report, p: Paint): string[] {
  const { free, withDomain, topFree = [], freeDomains = topFree.length } = report.providers;
  if (withDomain === 0) return [];
  const text =
    free === 0 || topFree.length === 0
      ? p.s.summary.freeMailNone
      : fill(p.s.summary.freeMail, { share: pct(p, free, withDomain), list: safe(namedList(topFree, freeDomains)) });
  return [`${label(p, p.s.summary.labels.freeMail)}${text}`];
}

function dnsLine(report: Report, p: Paint): string {
  const d = report.dns;
  const sum = p.s.summary;
  const text =
    d.status === 'ok'
      ? `${p.bucket(d.errors ? 'review' : 'clean', sum.dnsStatus.ok)}: ${fill(sum.dnsOk, {
          domains: counted(p.s, 'domain', d.domains),
          lookups: counted(p.s, 'lookup', d.lookups),
          errors: counted(p.s, 'error', d.errors),
        })}`
      : d.status === 'offline'
        ? `${p.bucket('review', sum.dnsStatus.offline)}: ${fill(sum.dnsOffline, { domains: counted(p.s, 'domain', d.domains) })}`
        : `${p.bucket('rejected', sum.dnsStatus.unavailable)}: ${
            d.answers !== undefined && d.lastAnswerAt !== undefined
              ? fill(sum.dnsStopped, { time: formatTime(d.lastAnswerAt), answers: counted(p.s, 'answer', d.answers) })
              : sum.dnsUnavailable
          }`;
  return `${label(p, sum.labels.dns)}${text}`;
}

/**
 * With --smtp: what ran, then what the answers were (non-zero kinds; unverified and not-probed
 * rows by cause). Unavailable or stopped runs say why in a sentence. Nothing without --smtp.
 */
function smtpLines(report: Report, p: Paint): string[] {
  const r = report.smtp;
  if (r.status === 'off') return [];
  const w = p.s.smtp;
  const tone: Bucket = r.status === 'ok' ? 'clean' : r.status === 'stopped' ? 'review' : 'rejected';
  const ran = fill(w.ran, { probes: counted(p.s, 'probe', r.probes), sessions: counted(p.s, 'session', r.sessions), hosts: counted(p.s, 'host', r.hosts) });
  const lines = [`${label(p, w.label)}${p.bucket(tone, w.status[r.status])}: ${ran}`];
  const indent = ' '.repeat(p.width + 2);
  if (r.reason && r.reason !== 'aborted') lines.push(`${indent}${w.reasons[r.reason]}`);
  const causes = (byCause: Report['smtp']['unverified']) => {
    const listed = Object.entries(byCause).filter(([, c]) => c > 0);
    return listed.length ? ` (${listed.map(([cause, c]) => `${w.causes[cause as keyof typeof w.causes]} ${n(c)}`).join(', ')})` : '';
  };
  const answers = (Object.keys(r.answers) as (keyof typeof r.answers)[])
    .filter((kind) => r.answers[kind] > 0)
    .map((kind) => `${w.answers[kind]} ${n(r.answers[kind])}${kind === 'unverified' ? causes(r.unverified) : kind === 'skipped' ? causes(r.skipped) : ''}`);
  if (answers.length) lines.push(`${indent}${answers.join(` ${p.c.dim('·')} `)}`);
  return lines;
}

function suppressionLines(report: Report, p: Paint): string[] {
  const sum = p.s.summary;
  if (report.suppression.length === 0) return [`${label(p, sum.labels.suppression)}${sum.suppressionNone}`];
  return report.suppression.map((list, index) => {
    const matched = Object.entries(list.matched).filter(([, c]) => c > 0);
    const total = matched.reduce((all, [, c]) => all + c, 0);
    const detail = matched.length ? ` (${matched.map(([k, c]) => `${safe(k)} ${n(c)}`).join(', ')})` : '';
    const unread = list.notUnderstood ? fill(sum.suppressionUnread, { count: n(list.notUnderstood) }) : '';
    const head = index === 0 ? label(p, sum.labels.suppression) : ' '.repeat(p.width + 2);
    const text = fill(sum.suppressionList, {
      file: safe(list.file),
      format: safe(list.format),
      matched: n(total),
      entries: counted(p.s, 'entry', list.entries),
      detail,
    });
    return `${head}${text}${unread}`;
  });
}

function gateLines(report: Report, p: Paint): string[] {
  const sum = p.s.summary;
  return report.gates.map((g, index) => {
    const head = index === 0 ? label(p, sum.labels.gates) : ' '.repeat(p.width + 2);
    const what = sum.gateWhat[g.name];
    const f = gateFigures(g, report.totals);
    const actual = formatTrimmed(f.actual, f.digits, p.s.decimal);
    const verdict = g.failed
      ? p.bucket('rejected', fill(sum.gateFailed, { actual, what, over: counted(p.s, 'point', f.over, f.digits) }))
      : p.bucket('clean', fill(sum.gatePassed, { actual, what }));
    return `${head}${p.mark(g.failed ? 'rejected' : 'clean')}--fail-on-${g.name} ${g.thresholdPercent}%: ${verdict}`;
  });
}
