/**
 * What `kwiga-validate apply` prints, and the line `--apply` adds to the run's summary: pure (text
 * out, the CLI prints it), in the run's language, coloured only when the caller says so.
 */
import { Chalk } from 'chalk';
import type { ApplyReport } from '../model/apply-report.js';
import { counted, fill, formatCount as n, stringsFor, type Lang } from './i18n/index.js';

/** Options of the apply summaries. */
export interface ApplySummaryOptions {
  /** ANSI colours. */
  color: boolean;
  /** The out dir, as it should be shown. */
  outDir: string;
  /** Language; default English. */
  lang?: Lang;
}

// A folder name may hold control characters; an ESC would let it repaint the terminal (CWE-150).
const safe = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');

/** The summary of one apply, ending with a newline. */
export function formatApplySummary(report: ApplyReport, options: ApplySummaryOptions): string {
  const s = stringsFor(options.lang ?? 'en');
  const a = s.apply;
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const t = report.totals;
  const leftOut = t.dropped + t.deleted + t.notSelected;
  const labels = [a.labels.imported, a.labels.leftOut, a.labels.refused];
  const width = Math.max(...labels.map((l) => l.length)) + 2;
  const countWidth = Math.max(n(t.imported).length, n(leftOut).length, n(t.refused).length);
  const line = (label: string, count: number, detail: string, paint: (text: string) => string) =>
    `  ${paint(label.padEnd(width))}${n(count).padStart(countWidth)}${detail ? `   ${detail}` : ''}`;
  const parts = (['dropped', 'deleted', 'notSelected'] as const).filter((k) => t[k] > 0).map((k) => fill(a.leftOut[k], { n: n(t[k]) }));
  const lines = [
    `${c.bold(`${report.tool.name} ${report.tool.version}`)} ${c.dim('·')} apply ${c.dim('·')} ${fill(a.heading, { dir: safe(options.outDir) })}`,
    '',
    line(a.labels.imported, t.imported, fill(a.importedDetail, { clean: n(t.clean), kept: n(t.kept), fixed: n(t.fixed) }), c.green),
    line(a.labels.leftOut, leftOut, parts.join(' · '), (x) => x),
  ];
  if (t.refused > 0) lines.push(line(a.labels.refused, t.refused, fill(a.refusedDetail, { problems: report.outputs.problems }), c.yellow));
  const name = (file: string) => c.cyan(file.padEnd(20));
  lines.push(
    '',
    `${c.bold(s.summary.filesIn)} ${safe(options.outDir)}`,
    `  ${name(report.outputs.import)}${counted(s, 'row', t.imported)} ${c.dim('—')} ${a.importFor}`,
    `  ${name(report.outputs.problems)}${counted(s, 'row', report.problems.rows)} ${c.dim('—')} ${a.problemsFor}`,
    `  ${name(report.outputs.report)}${s.summary.jsonFor}`,
  );
  return `${lines.join('\n')}\n`;
}

/** The line `--apply` adds after the run's summary, ending with a newline. */
export function formatApplyLine(report: ApplyReport, options: Omit<ApplySummaryOptions, 'outDir'>): string {
  const s = stringsFor(options.lang ?? 'en');
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const t = report.totals;
  const text = fill(s.apply.auto, { file: report.outputs.import, rows: counted(s, 'row', t.imported), fixed: n(t.fixed) });
  const refused = t.refused > 0 ? c.yellow(fill(s.apply.autoRefused, { refused: n(t.refused), problems: report.outputs.problems })) : '';
  return `${c.bold(s.apply.autoLabel)} (--apply) ${text}${refused}\n`;
}
