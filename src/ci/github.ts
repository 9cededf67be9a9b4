import { appendFile } from 'node:fs/promises';
import { REASONS } from '../messages.js';
import { DEFAULT_POLICY } from '../policy.js';
import { percent } from '../report/report.js';
import type { Report } from '../report/schema.js';
import type { ReasonCode } from '../findings.js';

/** Annotations at most (GitHub shows 10 per step and type anyway). */
const MAX_ANNOTATIONS = 10;

/** Escapes a GitHub workflow-command property or message (docs: "workflow commands"). */
function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** The Markdown summary for `$GITHUB_STEP_SUMMARY`. */
export function markdownSummary(report: Report, outDir: string): string {
  const t = report.totals;
  const lines = [
    `### kwiga-validate: ${report.input.file}`,
    '',
    '| | rows | share |',
    '|---|---:|---:|',
    `| clean | ${t.clean} | ${percent(t.clean, t.rows)}% |`,
    `| review | ${t.review} | ${percent(t.review, t.rows)}% |`,
    `| rejected | ${t.rejected} | ${percent(t.rejected, t.rows)}% |`,
    `| **total** | **${t.rows}** | |`,
    '',
  ];
  const reasons = Object.entries(report.reasons).filter(([, n]) => n > 0) as [ReasonCode, number][];
  if (reasons.length) {
    lines.push('| reason | rows | what to do |', '|---|---:|---|');
    for (const [code, n] of reasons.sort((a, b) => b[1] - a[1])) lines.push(`| \`${code}\` | ${n} | ${REASONS[code].advice} |`);
    lines.push('');
  }
  for (const g of report.gates) {
    lines.push(`- ${g.failed ? '❌' : '✅'} --fail-on-${g.name} ${g.thresholdPercent}%: ${g.actualPercent}% of rows`);
  }
  lines.push('', `Results in \`${outDir}\`; DNS: ${report.dns.status}.`, '');
  return lines.join('\n');
}

/** `::error`/`::warning` lines for the first problem rows (addresses masked). */
export function annotations(report: Report): string[] {
  const out: string[] = [];
  const file = report.input.file === '-' ? 'stdin' : report.input.file;
  for (const [code, examples] of Object.entries(report.examples) as [ReasonCode, Report['examples'][ReasonCode]][]) {
    const level = DEFAULT_POLICY[code] === 'rejected' ? 'error' : 'warning';
    for (const e of examples ?? []) {
      if (out.length >= MAX_ANNOTATIONS) return out;
      const fix = e.suggestion ? ` → ${e.suggestion}` : '';
      out.push(
        `::${level} file=${escapeProperty(file)},line=${e.line},title=${escapeProperty(code)}::${escapeData(`${e.address}${fix}: ${REASONS[code].title}`)}`,
      );
    }
  }
  return out;
}

/** Under GitHub Actions only: step summary and annotations. */
export async function githubOutputs(report: Report, outDir: string): Promise<void> {
  if (process.env.GITHUB_ACTIONS !== 'true') return;
  const summaryFile = process.env.GITHUB_STEP_SUMMARY;
  if (summaryFile) await appendFile(summaryFile, markdownSummary(report, outDir)).catch(() => undefined);
  for (const line of annotations(report)) process.stderr.write(`${line}\n`);
}
