/**
 * GitHub Actions outputs: a Markdown job summary and `::error`/`::warning` workflow commands.
 * Reference: docs.github.com/actions "Workflow commands for GitHub Actions" (annotation syntax,
 * escaping, `$GITHUB_STEP_SUMMARY`) and @actions/core's `command.ts` (escapeData/escapeProperty).
 */
import { appendFile } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { policyOf } from '../model/policy.js';
import { en } from '../report/i18n/en.js';
import { percent } from '../report/build.js';
import type { Report } from '../model/report.js';
import type { ReasonCode } from '../model/findings.js';

/**
 * Annotations per level (error, warning). GitHub shows at most 10 errors and 10 warnings per step
 * (docs: "a maximum of 10 error and 10 warning annotations per step"); more are dropped silently.
 */
export const MAX_ANNOTATIONS = 10;

/** Reason titles and advice: CI logs stay in English, whatever `--lang` the report uses. */
const REASONS = en.reasons;

/** Escapes a workflow-command message: `%`, CR and LF (as @actions/core's escapeData). */
export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}
/** Escapes a workflow-command property value: also `:` and `,`, which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/**
 * Text for one Markdown table cell or heading: one line, no table break, no code-span
 * break, and no HTML (GitHub renders sanitised HTML in job summaries: `<img>` would still show).
 */
function md(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('|', '\\|')
    .replaceAll('`', "'");
}

/** Text inside a code span: shown literally (no HTML, no entities), so only line breaks and backticks matter. */
function code(text: string): string {
  return `\`${text.replace(/[\r\n\u2028\u2029]+/g, ' ').replaceAll('`', "'")}\``;
}

/** The Markdown summary for `$GITHUB_STEP_SUMMARY`. */
export function markdownSummary(report: Report, outDir: string): string {
  const t = report.totals;
  const lines = [
    `### kwiga-validate: ${md(report.input.file)}`,
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
    for (const [code, n] of reasons.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
      lines.push(`| \`${code}\` | ${n} | ${md(REASONS[code].advice)} |`);
    }
    lines.push('');
  }
  for (const g of report.gates) {
    const verdict = g.failed ? `failed, ${Math.round((g.actualPercent - g.thresholdPercent) * 100) / 100} points over` : 'passed';
    lines.push(`- ${g.failed ? '❌' : '✅'} \`--fail-on-${g.name} ${g.thresholdPercent}\`: ${g.actualPercent}% of rows (${verdict})`);
  }
  lines.push('', `Results in ${code(outDir)}; DNS: ${report.dns.status}${smtpLine(report.smtp)}.`, '');
  return lines.join('\n');
}

/** `; SMTP: ok, 1200 addresses probed in 60 sessions (3 catch-all domains)`, or nothing when --smtp was off. */
function smtpLine(smtp: Report['smtp']): string {
  if (smtp.status === 'off') return '';
  const a = smtp.answers;
  const counts = `${smtp.probes} RCPTs in ${smtp.sessions} sessions: ${a.exists} exist, ${a.not_found} not found, ${a.full} full, ${a.catch_all} catch-all, ${a.unverified} unverified`;
  return `; SMTP: ${smtp.status}${smtp.reason ? ` (${smtp.reason})` : ''}, ${counts}`;
}

/**
 * The input file as GitHub expects it in `file=`: relative to the workspace (the repository
 * checkout), with `/`, so the annotation lands on the file in the pull request's diff.
 */
function annotationFile(file: string, workspace: string | undefined): string {
  if (file === '-') return 'stdin';
  if (!workspace) return file.split(sep).join('/');
  // The file as given is relative to the working directory, which may be a subfolder of the workspace.
  const rel = relative(workspace, resolve(file));
  return rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel) ? file : rel.split(sep).join('/');
}

/**
 * `::error`/`::warning` lines for the first problem rows, by line, at most MAX_ANNOTATIONS per
 * level. The level follows the run's policy (rejected → error, review → warning); reasons the
 * policy sends to clean get none. Addresses are the report's, masked unless the run unmasked them.
 */
export function annotations(report: Report, workspace: string | undefined = undefined): string[] {
  const file = escapeProperty(annotationFile(report.input.file, workspace));
  const found: { level: 'error' | 'warning'; code: ReasonCode; line: number; text: string }[] = [];
  for (const [code, examples] of Object.entries(report.examples) as [ReasonCode, Report['examples'][ReasonCode]][]) {
    const bucket = policyOf(report)[code];
    if (bucket === 'clean') continue;
    for (const e of examples ?? []) {
      const fix = e.suggestion ? ` → ${e.suggestion}` : '';
      found.push({ level: bucket === 'rejected' ? 'error' : 'warning', code, line: e.line, text: `${e.address}${fix}: ${REASONS[code].title}` });
    }
  }
  found.sort((a, b) => a.line - b.line);
  const used = { error: 0, warning: 0 };
  const out: string[] = [];
  for (const a of found) {
    if (used[a.level]++ >= MAX_ANNOTATIONS) continue;
    out.push(`::${a.level} file=${file},line=${a.line},title=${escapeProperty(a.code)}::${escapeData(a.text)}`);
  }
  return out;
}

/** Where `githubOutputs` looks and writes (the process's by default; tests pass their own). */
export interface GithubContext {
  /** Environment: `GITHUB_ACTIONS`, `GITHUB_STEP_SUMMARY`, `GITHUB_WORKSPACE`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Where the workflow commands go (GitHub reads both stdout and stderr; stderr keeps `--json` clean). */
  stream?: { write(text: string): unknown };
}

/** Under GitHub Actions only (`GITHUB_ACTIONS=true`): step summary and annotations; elsewhere nothing. */
export async function githubOutputs(report: Report, outDir: string, context: GithubContext = {}): Promise<void> {
  const env = context.env ?? process.env;
  if (env.GITHUB_ACTIONS !== 'true') return;
  const stream = context.stream ?? process.stderr;
  const summaryFile = env.GITHUB_STEP_SUMMARY;
  // A summary that cannot be written must not fail the validation itself.
  if (summaryFile) await appendFile(summaryFile, markdownSummary(report, outDir)).catch(() => undefined);
  for (const line of annotations(report, env.GITHUB_WORKSPACE)) stream.write(`${line}\n`);
}
