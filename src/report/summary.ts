/**
 * The terminal summary after a run: pure (returns text, the CLI prints it). Colour is decided by
 * the caller (`--no-color`, `NO_COLOR`, TTY) and passed in, so a `Chalk` instance with an explicit
 * level is built here rather than using chalk's global auto-detection. Without colour the text is
 * plain ASCII layout (no symbols, no escape codes) and aligned in columns.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import { REASON_CODES, severityOf, type Bucket, type ReasonCode } from '../findings.js';
import { REASONS } from '../messages.js';
import { DEFAULT_POLICY } from '../policy.js';
import { formatCount as n, formatPercent, share } from './i18n/index.js';
import { OUTPUT_FILES } from './report.js';
import type { Report } from './schema.js';

/** Options of `formatSummary`. */
export interface SummaryOptions {
  /** Use ANSI colours and symbols. */
  color: boolean;
  /** The out dir, as it should be shown. */
  outDir: string;
}

const BUCKETS: readonly Bucket[] = ['clean', 'review', 'rejected'];
const LABEL = 13;
const BUCKET_ORDER: Record<Bucket, number> = { rejected: 0, review: 1, clean: 2 };

/** Styling bound to one colour decision. */
interface Paint {
  c: ChalkInstance;
  on: boolean;
  /** Bucket colour. */
  bucket: (b: Bucket, text: string) => string;
  /** `✖ `, `▲ `, `✔ ` in colour; nothing when plain. */
  mark: (b: Bucket) => string;
}

function paint(color: boolean): Paint {
  const c = new Chalk({ level: color ? 1 : 0 });
  const tint: Record<Bucket, ChalkInstance> = { clean: c.green, review: c.yellow, rejected: c.red };
  const symbols: Record<Bucket, string> = { clean: '✔', review: '▲', rejected: '✖' };
  return {
    c,
    on: color,
    bucket: (b, text) => tint[b](text),
    mark: (b) => (color ? `${tint[b](symbols[b])} ` : ''),
  };
}

// Input values (file and column names, list names) may hold control characters; an ESC would let a
// crafted file name repaint the terminal (CWE-150), so they are shown as U+FFFD.
const CONTROL_RE = /[\u0000-\u001f\u007f-\u009f]/g;
const safe = (text: string) => text.replace(CONTROL_RE, '\ufffd');
const pct = (part: number, whole: number) => formatPercent(share(part, whole), '.');
const label = (text: string) => `  ${text.padEnd(LABEL)}`;
const plural = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`;

/** The summary text, ending with a newline. */
export function formatSummary(report: Report, options: SummaryOptions): string {
  const p = paint(options.color);
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
  const delimiter = ({ ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' } as Record<string, string>)[i.delimiter] ?? i.delimiter;
  return [
    `${p.c.bold(`${report.tool.name} ${report.tool.version}`)} ${p.c.dim('·')} ${safe(i.file)}`,
    p.c.dim(`${safe(i.encoding)}, ${safe(delimiter)}-separated, address column "${safe(i.emailColumn)}"`),
  ];
}

function totals(report: Report, p: Paint): string[] {
  const t = report.totals;
  const width = Math.max(...[t.rows, t.clean, t.review, t.rejected].map((v) => n(v).length));
  const names: Record<Bucket, string> = { clean: 'Clean', review: 'Review', rejected: 'Rejected' };
  const lines = BUCKETS.map((b) => {
    const name = p.bucket(b, names[b].padEnd(LABEL - (p.on ? 2 : 0)));
    return `  ${p.mark(b)}${name}${n(t[b]).padStart(width)}  ${pct(t[b], t.rows).padStart(6)}`;
  });
  lines.push(`  ${p.c.bold('Rows read'.padEnd(LABEL))}${p.c.bold(n(t.rows).padStart(width))}`);
  return lines;
}

/** Non-zero reasons: rejected ones first, then by rows. */
function activeReasons(report: Report): { code: ReasonCode; count: number; bucket: Bucket }[] {
  const policy = { ...DEFAULT_POLICY, ...report.policy };
  return REASON_CODES.map((code) => ({ code, count: report.reasons[code] ?? 0, bucket: policy[code] }))
    .filter((r) => r.count > 0)
    .sort((a, b) => BUCKET_ORDER[a.bucket] - BUCKET_ORDER[b.bucket] || b.count - a.count || severityOf(a.code) - severityOf(b.code));
}

function reasons(report: Report, p: Paint): string[] {
  const list = activeReasons(report);
  if (list.length === 0) return [p.c.green('No problems found: every row is clean.')];
  const codeWidth = Math.max(...list.map((r) => r.code.length));
  const countWidth = Math.max(...list.map((r) => n(r.count).length));
  return [
    p.c.bold('Reasons'),
    ...list.map(
      (r) =>
        `  ${p.mark(r.bucket)}${p.bucket(r.bucket, r.code.padEnd(codeWidth))}  ${n(r.count).padStart(countWidth)}` +
        ` ${p.c.dim('—')} ${REASONS[r.code].advice}`,
    ),
  ];
}

function files(report: Report, p: Paint, outDir: string): string[] {
  const t = report.totals;
  const width = Math.max(...BUCKETS.map((b) => n(t[b]).length));
  const name = (file: string) => p.c.cyan(file.padEnd(LABEL));
  return [
    `${p.c.bold('Files in')} ${outDir}`,
    ...BUCKETS.map((b) => `  ${name(report.outputs[b])}${n(t[b]).padStart(width)} ${t[b] === 1 ? 'row' : 'rows'}`),
    `  ${name(report.outputs.html)}for people: open it in a browser`,
    `  ${name(OUTPUT_FILES.json)}for programs`,
  ];
}

function facts(report: Report, p: Paint): string[] {
  const lines = [dnsLine(report, p), ...providerLine(report), ...suppressionLines(report), ...gateLines(report, p)];
  const seconds = report.durationMs / 1000;
  const speed = seconds > 0 ? ` ${p.c.dim('·')} ${n(report.totals.rows / seconds)} rows/s` : '';
  lines.push('', `Done in ${seconds.toFixed(1)} s${speed}`);
  return lines;
}

/** Free-mail share: information about the list, not a verdict. */
function providerLine(report: Report): string[] {
  const { free, withDomain } = report.providers;
  if (withDomain === 0) return [];
  return [`${label('Free mail')}${pct(free, withDomain)} of valid addresses are at free providers (gmail.com, ukr.net, …)`];
}

function dnsLine(report: Report, p: Paint): string {
  const d = report.dns;
  const counts = `${plural(d.domains, 'domain', 'domains')}, ${plural(d.lookups, 'lookup', 'lookups')}, ${plural(d.errors, 'error', 'errors')}`;
  const text =
    d.status === 'ok'
      ? `${p.bucket(d.errors ? 'review' : 'clean', 'ok')}: ${counts}`
      : d.status === 'offline'
        ? `${p.bucket('review', 'offline')}: domains were not looked up (${plural(d.domains, 'domain', 'domains')})`
        : `${p.bucket('rejected', 'unavailable')}: the DNS server did not answer, domains were not checked`;
  return `${label('DNS')}${text}`;
}

function suppressionLines(report: Report): string[] {
  if (report.suppression.length === 0) return [`${label('Suppression')}none`];
  return report.suppression.map((list, index) => {
    const matched = Object.entries(list.matched).filter(([, c]) => c > 0);
    const total = matched.reduce((sum, [, c]) => sum + c, 0);
    const detail = matched.length ? ` (${matched.map(([k, c]) => `${safe(k)} ${n(c)}`).join(', ')})` : '';
    const unread = list.notUnderstood ? `; ${n(list.notUnderstood)} not understood` : '';
    const head = index === 0 ? label('Suppression') : ' '.repeat(LABEL + 2);
    return `${head}${safe(list.file)} [${safe(list.format)}]: ${n(total)} of ${plural(list.entries, 'entry', 'entries')} matched${detail}${unread}`;
  });
}

function gateLines(report: Report, p: Paint): string[] {
  return report.gates.map((g, index) => {
    const head = index === 0 ? label('Gates') : ' '.repeat(LABEL + 2);
    const what = g.name === 'rejected' ? 'rejected' : 'in review';
    const over = Math.round((g.actualPercent - g.thresholdPercent) * 100) / 100;
    const verdict = g.failed
      ? p.bucket('rejected', `failed — ${g.actualPercent}% ${what}, ${over} points over the limit`)
      : p.bucket('clean', `passed — ${g.actualPercent}% ${what}`);
    return `${head}${p.mark(g.failed ? 'rejected' : 'clean')}--fail-on-${g.name} ${g.thresholdPercent}%: ${verdict}`;
  });
}
