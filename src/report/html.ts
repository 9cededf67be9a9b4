/**
 * report.html: one self-contained page a customer can open on a phone or print to PDF. No script
 * at all, so the Content-Security-Policy can forbid every script (`default-src 'none'`); styles
 * are inline and charts are inline SVG (charts.ts). Every value from the input goes through
 * `escapeHtml`, and addresses are masked unless the caller asks for them whole.
 */
import { basename } from 'node:path';
import { BUCKETS, REASON_CODES, severityOf, type Bucket, type ReasonCode } from '../model/findings.js';
import { policyOf } from '../model/policy.js';
import type { ReportBuilder } from './builder.js';
import { COLORS, donutChart, escapeHtml as esc, STYLE, stackedBarChart, type Bar } from './charts.js';
import { section, num, table, th } from './html-parts.js';
import { smtpSection } from './html-smtp.js';
import { counted, fill, formatCount, formatPercent, formatTime, namedList, share, stringsForOutputs, type Lang, type Strings } from './i18n/index.js';
import { maskAddress } from './mask.js';
import type { Report } from '../model/report.js';

/** Options of `renderHtml`. */
export interface HtmlOptions {
  /** The run's builder: the source of whole addresses when `unmasked`. */
  builder?: ReportBuilder;
  /** Page language (`--lang`). */
  lang: Lang;
  /** Show whole addresses (`--report-unmasked`). */
  unmasked: boolean;
}

const CHART_DOMAINS = 10;

/** Per-render helpers bound to one language. */
interface Ctx {
  s: Strings;
  n: (value: number) => string;
  p: (part: number, whole: number) => string;
}

/** The whole page as a string (UTF-8 when written). */
export function renderHtml(report: Report, options: HtmlOptions): string {
  const s = stringsForOutputs(options.lang, report.outputs);
  const ctx: Ctx = { s, n: formatCount, p: (part, whole) => formatPercent(share(part, whole), s.decimal) };
  const file = report.input.file === '-' ? 'stdin' : basename(report.input.file);
  const date = formatDate(report.startedAt, s.locale);
  const body = [
    header(ctx, file, date),
    glance(ctx, report),
    report.gates.length ? gates(ctx, report) : '',
    reasons(ctx, report),
    typos(ctx, report),
    domains(ctx, report),
    suppression(ctx, report),
    dns(ctx, report),
    smtpSection(s, report),
    inputFacts(ctx, report, file),
    examples(ctx, report, options),
    `<footer>${esc(fill(s.madeWith, { tool: report.tool.name, version: report.tool.version }))} · ${esc(date)}</footer>`,
  ].join('\n');
  return (
    `<!doctype html>\n<html lang="${esc(s.locale)}">\n<head>\n<meta charset="utf-8">\n` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">\n` +
    `<meta name="referrer" content="no-referrer">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
    `<meta name="generator" content="${esc(`${report.tool.name} ${report.tool.version}`)}">\n` +
    `<title>${esc(`${s.title} — ${file}`)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n<main>\n${body}\n</main>\n</body>\n</html>\n`
  );
}

function formatDate(iso: string, locale: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // UTC so the same report renders the same everywhere (and in snapshot tests).
  const text = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(date);
  return `${text} UTC`;
}

const badge = (ctx: Ctx, bucket: Bucket) => `<span class="badge ${bucket}">${esc(ctx.s.buckets[bucket].label)}</span>`;
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
/**
 * Adds explicit ARIA table roles. Used on tables that phones lay out as cards (CSS grid): some
 * browsers drop table semantics when a table's display is changed, explicit roles keep them.
 */
const withRoles = (html: string) =>
  html
    .replace('<table ', '<table role="table" ')
    .replace(/<(thead|tbody)>/g, '<$1 role="rowgroup">')
    .replace(/<tr([ >])/g, '<tr role="row"$1')
    .replace(/<th scope="col"/g, '<th role="columnheader" scope="col"')
    .replace(/<th scope="row"/g, '<th role="rowheader" scope="row"')
    .replace(/<td([ >])/g, '<td role="cell"$1');

/** Fills `{name}` with ready HTML; the template's own text is escaped. */
function fillHtml(template: string, html: Record<string, string>): string {
  return template
    .split(/\{(\w+)\}/)
    .map((part, i) => (i % 2 === 1 ? (html[part] ?? esc(`{${part}}`)) : esc(part)))
    .join('');
}

function header(ctx: Ctx, file: string, date: string): string {
  const { s } = ctx;
  return (
    `<header class="top"><p class="brand">kwiga-validate</p><h1>${esc(s.title)}</h1>` +
    `<p class="meta"><span>${fillHtml(s.subtitle, { file: `<bdi class="file">${esc(file)}</bdi>` })}</span>` +
    `<span>${esc(fill(s.checkedOn, { date }))}</span></p></header>`
  );
}

function glance(ctx: Ctx, report: Report): string {
  const { s, n, p } = ctx;
  const t = report.totals;
  const desc = BUCKETS.map((b) => `${s.buckets[b].label}: ${n(t[b])} (${p(t[b], t.rows)})`).join('; ');
  const chart = donutChart(
    BUCKETS.map((b) => ({ label: s.buckets[b].label, value: t[b], color: COLORS[b] })),
    { id: 'health', title: s.healthChart, desc, center: p(t.clean, t.rows), caption: s.buckets.clean.label },
  );
  const rows = BUCKETS.map(
    (b) =>
      `<tr class="${b}"><th scope="row"><span class="swatch ${b}" aria-hidden="true"></span>${esc(s.buckets[b].label)}` +
      `<span class="sub">${esc(s.buckets[b].meaning)}</span></th>${num(n(t[b]))}${num(p(t[b], t.rows))}</tr>`,
  );
  rows.push(`<tr class="total"><th scope="row">${esc(s.rowsChecked)}</th>${num(n(t.rows))}<td class="num"></td></tr>`);
  const verdict = `<p class="verdict">${esc(fill(s.verdict, { clean: p(t.clean, t.rows) }))}</p>`;
  const health = table('health', [th(s.th.bucket), th(s.th.rows, 'num'), th(s.th.share, 'num')], rows);
  return section('glance', s.sections.glance, `<div class="glance"><figure>${chart}</figure><div>${health}${verdict}</div></div>`);
}

function gates(ctx: Ctx, report: Report): string {
  const { s } = ctx;
  // Gates compare exact shares, so show them to 0.01 (2.04% over a 2% limit must not read "2.0%").
  const pct = (v: number) => `${String(Math.round(v * 100) / 100).replace('.', s.decimal)}%`;
  const rows = report.gates.map(
    (g) =>
      `<tr><th scope="row">${esc(s.gateNames[g.name])}<code>--fail-on-${g.name}</code></th>${num(pct(g.thresholdPercent))}${num(pct(g.actualPercent))}` +
      `<td><span class="badge ${g.failed ? 'rejected' : 'clean'}">${esc(g.failed ? s.gateFailed : s.gatePassed)}</span></td></tr>`,
  );
  const head = [th(s.th.gate), th(s.th.limit, 'num'), th(s.th.actual, 'num'), th(s.th.result)];
  return section('gates', s.sections.gates, table('gates', head, rows));
}

/** Non-zero reasons, most rows first (ties: most severe first). */
function activeReasons(report: Report): ReasonCode[] {
  return REASON_CODES.filter((c) => (report.reasons[c] ?? 0) > 0).sort(
    (a, b) => (report.reasons[b] ?? 0) - (report.reasons[a] ?? 0) || severityOf(a) - severityOf(b),
  );
}

function reasons(ctx: Ctx, report: Report): string {
  const { s, n, p } = ctx;
  const codes = activeReasons(report);
  if (codes.length === 0) return section('reasons', s.sections.reasons, `<p class="ok">${esc(s.noProblems)}</p>`);
  const policy = policyOf(report);
  const rows = codes.map((code) => {
    const text = s.reasons[code];
    const count = report.reasons[code] ?? 0;
    return (
      `<tr><th scope="row">${esc(text.title)}<code>${esc(code)}</code>${badge(ctx, policy[code])}</th>` +
      `<td class="num"><span class="count">${esc(n(count))}</span><span class="sub">${esc(p(count, report.totals.rows))}</span></td>` +
      `<td class="todo">${esc(text.explain)}<span class="advice">${esc(capital(text.advice))}.</span></td></tr>`
    );
  });
  const head = [th(s.th.reason), th(s.th.rows, 'num'), th(s.th.whatToDo)];
  return section('reasons', s.sections.reasons, withRoles(table('reasons', head, rows)));
}

function typos(ctx: Ctx, report: Report): string {
  const { s, n } = ctx;
  if (report.typos.length === 0) return section('typos', s.sections.typos, `<p class="muted">${esc(s.noTypos)}</p>`);
  const rows = report.typos.map(
    (t) =>
      `<tr><td><bdi>${esc(t.from)}</bdi></td><td><span class="arrow" aria-hidden="true">→ </span><bdi>${esc(t.to)}</bdi></td>` +
      `<td class="num">×${esc(n(t.count))}</td></tr>`,
  );
  const head = [th(s.th.written), th(s.th.meant), th(s.th.rows, 'num')];
  return section('typos', s.sections.typos, `<p>${esc(s.typosIntro)}</p>${table('typos', head, rows)}`);
}

function domainBlock(ctx: Ctx, id: string, title: string, list: Report['domains'], problems: boolean): string {
  const { s, n } = ctx;
  const shown = list.slice(0, CHART_DOMAINS);
  const bars: Bar[] = shown.map((d) => ({
    label: d.domain,
    parts: problems ? [d.review, d.rejected] : [d.clean, d.review, d.rejected],
    value: n(problems ? d.review + d.rejected : d.rows),
  }));
  const colors = problems ? [COLORS.review, COLORS.rejected] : [COLORS.clean, COLORS.review, COLORS.rejected];
  const desc = shown
    .map((d) => `${d.domain}: ${n(d.rows)} (${BUCKETS.map((b) => `${s.buckets[b].label} ${n(d[b])}`).join(', ')})`)
    .join('; ');
  const chart = stackedBarChart(bars, colors, { id, title, desc });
  const rows = shown.map(
    (d) => `<tr><th scope="row"><bdi>${esc(d.domain)}</bdi></th>${num(n(d.rows))}${num(n(d.clean))}${num(n(d.review))}${num(n(d.rejected))}</tr>`,
  );
  const head = [th(s.th.domain), th(s.th.rows, 'num'), ...BUCKETS.map((b) => th(s.buckets[b].label, `num ${b}`))];
  return `<figure class="domains"><figcaption>${esc(title)}</figcaption><div class="split">${chart}${withRoles(table('domains', head, rows))}</div></figure>`;
}

function domains(ctx: Ctx, report: Report): string {
  const { s } = ctx;
  if (report.domains.length === 0) return section('domains', s.sections.domains, `<p class="muted">${esc(s.noDomains)}</p>`);
  const blocks = [domainBlock(ctx, 'by-rows', s.domainsByRows, report.domains, false)];
  if (report.problemDomains.length) blocks.push(domainBlock(ctx, 'by-problems', s.domainsByProblems, report.problemDomains, true));
  const { withDomain, free: freeRows, freeShare, topFree = [], freeDomains = topFree.length } = report.providers;
  const sentence =
    freeRows === 0 || topFree.length === 0
      ? s.freeShareNone
      : fill(s.freeShare, { share: formatPercent(freeShare * 100, s.decimal), list: namedList(topFree, freeDomains) });
  const free = withDomain ? `<p class="muted">${esc(sentence)}</p>` : '';
  return section('domains', s.sections.domains, `${blocks.join('')}${free}`);
}

function suppression(ctx: Ctx, report: Report): string {
  const { s, n } = ctx;
  if (report.suppression.length === 0) return section('suppression', s.sections.suppression, `<p class="muted">${esc(s.noSuppression)}</p>`);
  const label = (key: string) => (Object.hasOwn(s.reasons, key) ? s.reasons[key as ReasonCode].title : key);
  const rows = report.suppression.map((list) => {
    const matched = Object.entries(list.matched).filter(([, c]) => c > 0);
    const total = matched.reduce((sum, [, c]) => sum + c, 0);
    const detail = matched.map(([k, c]) => `${label(k)}: ${n(c)}`).join(', ');
    return (
      `<tr><th scope="row"><bdi>${esc(basename(list.file))}</bdi></th><td>${esc(list.format)}</td>${num(n(list.entries))}` +
      `<td class="num">${esc(n(total))}${detail ? `<span class="sub">${esc(detail)}</span>` : ''}</td>${num(n(list.notUnderstood))}</tr>`
    );
  });
  const head = [th(s.th.list), th(s.th.format), th(s.th.entries, 'num'), th(s.th.matched, 'num'), th(s.th.notUnderstood, 'num')];
  return section('suppression', s.sections.suppression, table('suppression', head, rows));
}

function dns(ctx: Ctx, report: Report): string {
  const { s, n } = ctx;
  const d = report.dns;
  const tone = d.status === 'ok' ? (d.errors ? 'review' : 'clean') : 'review';
  const stopped = d.status === 'unavailable' && d.answers !== undefined && d.lastAnswerAt !== undefined;
  const text = stopped
    ? fill(s.dns.stopped, { time: formatTime(d.lastAnswerAt!), answers: counted(s, 'answer', d.answers!) })
    : fill(s.dns[d.status], { domains: n(d.domains), lookups: n(d.lookups), errors: n(d.errors) });
  return section('dns', s.sections.dns, `<p class="dns ${tone}"><span class="swatch ${tone}" aria-hidden="true"></span>${esc(text)}</p>`);
}

function inputFacts(ctx: Ctx, report: Report, file: string): string {
  const { s, n } = ctx;
  const i = report.input;
  const yes = (v: boolean) => (v ? s.yes : s.no);
  const seconds = (report.durationMs / 1000).toFixed(1).replace('.', s.decimal);
  // A workbook has a sheet, and no encoding, delimiter, gzip or BOM of its own to speak of.
  const text = i.format === 'csv';
  const facts: [string, string][] = [
    [s.input.file, file],
    ...(i.sheet !== undefined ? [[s.input.sheet, i.sheet] as [string, string]] : []),
    ...(text ? [[s.input.encoding, i.encoding] as [string, string]] : []),
    ...(text ? [[s.input.delimiter, `${s.delimiters[i.delimiter] ?? i.delimiter}${i.delimiter === '\t' ? '' : ` (${i.delimiter})`}`] as [string, string]] : []),
    [s.input.column, i.emailColumn],
    [s.input.header, yes(i.hasHeader)],
    [s.input.rows, n(i.rows)],
    [s.input.blankLines, n(i.blankLines)],
    [s.input.malformedRows, n(i.malformedRows)],
    ...(text ? [[s.input.gzip, yes(i.gzip)] as [string, string], [s.input.bom, yes(i.bom)] as [string, string]] : []),
    [s.input.duration, `${seconds} ${s.seconds}`],
  ];
  const rows = facts.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td><bdi>${esc(v)}</bdi></td></tr>`);
  return section('input', s.sections.input, `<div class="scroll"><table class="facts"><tbody>\n${rows.join('\n')}\n</tbody></table></div>`);
}

function examples(ctx: Ctx, report: Report, options: HtmlOptions): string {
  const { s } = ctx;
  const unmasked = options.unmasked && options.builder !== undefined;
  const raw = options.builder?.examplesByReason();
  const blocks = activeReasons(report).map((code) => {
    // Without the builder, report.examples is all there is, and it is already masked.
    const list = raw
      ? (raw[code] ?? []).map((e) =>
          unmasked ? e : { ...e, address: maskAddress(e.address), suggestion: e.suggestion && maskAddress(e.suggestion) },
        )
      : (report.examples[code] ?? []);
    if (list.length === 0) return '';
    const rows = list.map(
      (e) => `<tr>${num(String(e.line))}<td class="addr"><bdi>${esc(e.address)}</bdi></td><td class="addr"><bdi>${esc(e.suggestion ?? '')}</bdi></td></tr>`,
    );
    const head = [th(s.th.line, 'num'), th(s.th.address), th(s.th.suggestion)];
    return `<h3>${esc(s.reasons[code].title)} <code>${esc(code)}</code></h3>${table('examples', head, rows)}`;
  });
  if (!blocks.some(Boolean)) return '';
  const note = unmasked ? `<p class="warn">${esc(s.examplesUnmasked)}</p>` : `<p class="muted">${esc(s.examplesMasked)}</p>`;
  return section('examples', s.sections.examples, note + blocks.join('\n'));
}
