/**
 * Inline SVG charts for report.html, drawn here rather than by a library so the page stays one
 * self-contained file with no script. Every chart is `role="img"` with a `<title>` and `<desc>`
 * (WAI-ARIA 1.2 `img` role; SVG-AAM maps `<title>`/`<desc>` to the accessible name/description),
 * and the page puts a real table with the same numbers next to it.
 */

/** Bucket colours: green clean, amber review, red rejected (WCAG AA contrast on white for text). */
export const COLORS = { clean: '#1a7f37', review: '#b45309', rejected: '#c62828', track: '#e7e9ee' } as const;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const ESCAPE_RE = /[&<>"']/g;
// C0 controls (except tab/LF/CR) and DEL are not allowed as text in HTML; show U+FFFD instead.
const CONTROL_RE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Escapes text for HTML element content and quoted attribute values. Every value that came from
 * the input (file names, domains, addresses, list names) passes through here.
 */
export function escapeHtml(value: string | number): string {
  return String(value).replace(CONTROL_RE, '\ufffd').replace(ESCAPE_RE, (c) => ESCAPES[c]!);
}

/** One slice of the donut. */
export interface Slice {
  /** Label, for the legend in `<desc>`. */
  label: string;
  /** Count. */
  value: number;
  /** Fill colour. */
  color: string;
}

/** Accessible name and description of a chart. */
export interface ChartText {
  /** Element id prefix (unique on the page). */
  id: string;
  /** Accessible name. */
  title: string;
  /** Accessible description: the numbers in words. */
  desc: string;
}

function open(text: ChartText, viewBox: string, cls: string): string {
  const id = escapeHtml(text.id);
  return (
    `<svg class="${cls}" viewBox="${viewBox}" role="img" aria-labelledby="${id}-t ${id}-d" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${id}-t">${escapeHtml(text.title)}</title><desc id="${id}-d">${escapeHtml(text.desc)}</desc>`
  );
}

const R = 80;
const CIRCUMFERENCE = 2 * Math.PI * R;
const fixed = (n: number) => (Math.round(n * 100) / 100).toString();

/**
 * A donut of shares (stroke-dasharray arcs on one circle each, starting at 12 o'clock) with a big
 * figure and a caption in the hole.
 */
export function donutChart(slices: readonly Slice[], text: ChartText & { center: string; caption: string }): string {
  const total = slices.reduce((sum, s) => sum + s.value, 0);
  let out = open(text, '0 0 200 200', 'chart donut');
  out += `<circle cx="100" cy="100" r="${R}" fill="none" stroke="${COLORS.track}" stroke-width="28"/>`;
  let offset = 0;
  for (const slice of slices) {
    if (total === 0 || slice.value === 0) continue;
    const length = (slice.value / total) * CIRCUMFERENCE;
    out +=
      `<circle cx="100" cy="100" r="${R}" fill="none" stroke="${slice.color}" stroke-width="28"` +
      ` stroke-dasharray="${fixed(length)} ${fixed(CIRCUMFERENCE - length)}" stroke-dashoffset="${fixed(-offset)}"` +
      ` transform="rotate(-90 100 100)"/>`;
    offset += length;
  }
  out +=
    `<text x="100" y="104" text-anchor="middle" class="donut-figure">${escapeHtml(text.center)}</text>` +
    `<text x="100" y="128" text-anchor="middle" class="donut-caption">${escapeHtml(text.caption)}</text>`;
  return `${out}</svg>`;
}

/** One bar of a stacked bar chart. */
export interface Bar {
  /** Label above the bar (an input value: escaped, shortened when long). */
  label: string;
  /** Segment sizes, in the order of `colors`. */
  parts: readonly number[];
  /** Text at the right end of the label line (the total, formatted). */
  value: string;
}

const WIDTH = 400;
const ROW = 40;
const BAR = 14;
const MAX_LABEL = 44;

/** Cuts a label to fit the chart; the full text stays in the table beside it. */
function shorten(label: string): string {
  const chars = [...label];
  return chars.length > MAX_LABEL ? `${chars.slice(0, MAX_LABEL - 1).join('')}…` : label;
}

/**
 * Horizontal stacked bars, label on its own line above each bar so long domain names do not
 * squeeze the bars on a phone. Bars share one scale (the largest total).
 */
export function stackedBarChart(bars: readonly Bar[], colors: readonly string[], text: ChartText): string {
  const max = Math.max(1, ...bars.map((b) => b.parts.reduce((s, p) => s + p, 0)));
  const height = bars.length * ROW + 4;
  let out = open(text, `0 0 ${WIDTH} ${height}`, 'chart bars');
  bars.forEach((bar, i) => {
    const y = i * ROW;
    out +=
      `<text x="0" y="${y + 14}" class="bar-label">${escapeHtml(shorten(bar.label))}</text>` +
      `<text x="${WIDTH}" y="${y + 14}" text-anchor="end" class="bar-value">${escapeHtml(bar.value)}</text>` +
      `<rect x="0" y="${y + 21}" width="${WIDTH}" height="${BAR}" rx="3" fill="${COLORS.track}"/>`;
    let x = 0;
    bar.parts.forEach((part, j) => {
      if (part <= 0) return;
      const w = (part / max) * WIDTH;
      out += `<rect x="${fixed(x)}" y="${y + 21}" width="${fixed(Math.max(w, 1))}" height="${BAR}" fill="${colors[j] ?? COLORS.track}"/>`;
      x += w;
    });
  });
  return `${out}</svg>`;
}

/**
 * The page's stylesheet. It lives beside the chart code because both use `COLORS`. System fonts
 * only (no web font: the page must not load anything). One column on phones, two on wide screens;
 * the print rules keep sections whole, repeat table headers and print the colours.
 */
export const STYLE = `
:root{--ink:#1c2330;--muted:#5b6472;--line:#e3e6eb;--bg:#f6f7f9;--card:#fff;--clean:${COLORS.clean};--review:${COLORS.review};--rejected:${COLORS.rejected};--accent:#3949ab}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,sans-serif}
main{max-width:1040px;margin:0 auto;padding:24px 16px 40px}
h1{font-size:1.75rem;line-height:1.2;margin:.1em 0 .3em;letter-spacing:-.01em}
h2{font-size:1.2rem;margin:0 0 .8em;padding-bottom:.4em;border-bottom:1px solid var(--line)}
h3{font-size:1rem;margin:1.4em 0 .5em}
code{font:.8em ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--muted);background:var(--bg);padding:.1em .35em;border-radius:4px;margin-left:.4em;white-space:nowrap}
th code{display:block;width:fit-content;margin:.25em 0 0}
.top{padding:8px 0 20px}
.brand{margin:0;font-size:.8rem;font-weight:600;letter-spacing:.08em;text-transform:uppercase;color:var(--accent)}
.meta{margin:0;color:var(--muted);display:flex;flex-wrap:wrap;gap:.3em 1.5em}
.file{font-weight:600;color:var(--ink);word-break:break-all}
section{background:var(--card);border:1px solid var(--line);border-radius:12px;padding:20px;margin:0 0 18px;box-shadow:0 1px 2px rgba(16,24,40,.04)}
p{margin:.4em 0 .8em}
.muted{color:var(--muted)}
.ok{color:var(--clean);font-weight:600}
.warn{color:var(--rejected);font-weight:600}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.94rem}
th,td{text-align:left;vertical-align:top;padding:.55em .7em;border-bottom:1px solid var(--line)}
thead th{font-size:.78rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:600;border-bottom:2px solid var(--line);white-space:nowrap}
tbody th{font-weight:600}
.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.sub{display:block;font-size:.82rem;font-weight:400;color:var(--muted);white-space:normal}
.advice{display:block;margin-top:.3em;font-weight:600}
.reasons .badge{display:block;width:fit-content;margin-top:.45em}
.reasons .count{font-weight:600}
.reasons .sub{text-align:right}
.todo{min-width:16em}
.addr{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88rem;word-break:break-all}
.badge{display:inline-block;padding:.1em .6em;border-radius:999px;font-size:.78rem;font-weight:600;white-space:nowrap;color:#fff}
.badge.clean{background:var(--clean)}.badge.review{background:var(--review)}.badge.rejected{background:var(--rejected)}
.swatch{display:inline-block;width:.75em;height:.75em;border-radius:3px;margin-right:.5em;vertical-align:baseline}
.swatch.clean{background:var(--clean)}.swatch.review{background:var(--review)}.swatch.rejected{background:var(--rejected)}
th.clean{color:var(--clean)}th.review{color:var(--review)}th.rejected{color:var(--rejected)}
.glance{display:grid;grid-template-columns:minmax(160px,220px) 1fr;gap:24px;align-items:center}
.glance figure{margin:0}
.health tr.total th,.health tr.total td{border-bottom:0;font-weight:700}
.health td.num{font-size:1.1rem;font-weight:600}
.verdict{font-size:1.1rem;font-weight:600;margin-top:1em}
.chart{display:block;width:100%;height:auto}
.donut{max-width:220px;margin:0 auto}
.donut-figure{font-size:34px;font-weight:700;fill:var(--ink)}
.donut-caption{font-size:14px;fill:var(--muted)}
.bars{margin:.6em 0 1em}
.bar-label{font-size:14px;fill:var(--ink)}
.bar-value{font-size:14px;font-weight:600;fill:var(--ink)}
.domains{margin:0 0 1.4em;min-width:0}
.split{display:grid;grid-template-columns:minmax(0,5fr) minmax(0,6fr);gap:28px;align-items:start}
.split .bars{margin:.3em 0 0}
.facts th{width:14em}
table.domains{font-size:.86rem}
.domains th,.domains td{padding:.45em .4em}
.domains thead th{letter-spacing:.02em}
.domains tbody th{overflow-wrap:anywhere}
.examples th.num,.examples td.num{width:5em}
.examples .addr{width:45%}
figcaption{font-weight:600;margin-bottom:.2em}
.arrow{color:var(--muted)}
.dns{display:flex;align-items:baseline}
footer{color:var(--muted);font-size:.85rem;text-align:center;padding:8px 0}
@media (max-width:720px){
main{padding:16px 10px 32px}
h1{font-size:1.4rem}
section{padding:14px;border-radius:10px}
.glance,.split{grid-template-columns:1fr}
.facts th{width:auto}
.donut{max-width:180px}
th,td{padding:.5em .45em}
.todo{min-width:0}
thead th{letter-spacing:0;white-space:normal}
code{overflow-wrap:anywhere;white-space:normal}
}
@media (max-width:560px){
.reasons thead{display:none}
.reasons tr{display:grid;grid-template-columns:1fr auto;border-bottom:1px solid var(--line);padding:.4em 0}
.reasons th,.reasons td{display:block;border:0;padding:.3em .4em}
.reasons td.todo{grid-column:1/-1}
.gates th,.gates td{padding:.5em .25em}
table.domains thead th:first-child{display:none}
table.domains tr{display:grid;grid-template-columns:repeat(4,minmax(0,1fr))}
table.domains th,table.domains td{display:block}
table.domains tbody th{grid-column:1/-1;border-bottom:0;padding-bottom:0;overflow-wrap:anywhere}
table.domains thead th{font-size:.7rem}
.gates .badge{font-size:.72rem;padding:.1em .45em;white-space:normal;text-align:center}
}
@media print{
@page{margin:14mm}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{background:#fff;font-size:10.5pt}
main{max-width:none;padding:0}
section{border:0;box-shadow:none;padding:0;margin:0 0 14pt;border-radius:0}
h2{break-after:avoid;page-break-after:avoid}
h3{break-after:avoid}
#glance,#gates,#dns,#input,figure{break-inside:avoid;page-break-inside:avoid}
#examples{break-before:page;page-break-before:always}
thead{display:table-header-group}
tr{break-inside:avoid;page-break-inside:avoid}
.scroll{overflow:visible}
}
`.trim();
