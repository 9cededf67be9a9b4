/**
 * `kwiga-validate apply <out-dir>` and `--apply` (issue 14): a run's rows and a person's decisions
 * in, one import-ready file out.
 *
 *   report.json + row index → review/rejected read back (decisions.ts) → clean rows seed the
 *   duplicate memory → keeps, then fixes, checked (vet.ts) → import written in input order, clean
 *   rows merged with kept and fixed ones by line → apply-problems.csv, apply-report.json
 *
 * Everything that can refuse the whole apply (exit 2) is read and checked before the first file
 * is opened for writing; a row-level refusal is data (apply-problems.csv), never an exception.
 */
import { resolve } from 'node:path';
import type { ApplyReport } from '../../model/apply-report.js';
import { KwigaError } from '../../model/errors.js';
import type { ReasonCode } from '../../model/findings.js';
import { policyOf } from '../../model/policy.js';
import { VERSION } from '../../model/version.js';
import { APPLY_FILES } from '../../report/build.js';
import { stringsFor, type Lang } from '../../report/i18n/index.js';
import { readDecisions, type Decision } from './decisions.js';
import { ApplyOutputs, type ImportRow, type Problem } from './outputs.js';
import { openRun, readRowIndex, type RowIndex, type RunDir } from './run-dir.js';
import { collectGarbage, ROWS_PER_COLLECTION } from '../memory.js';
import { openBack, type BackRecord } from './tables.js';
import { Tally, type Outcome } from './tally.js';
import { DecisionChecker, type Verdict } from './vet.js';

/** Options of `applyRun`. */
export interface ApplyOptions {
  /** `person` (`kwiga-validate apply`, the default) or `auto` (`--apply` right after a run). */
  mode?: 'person' | 'auto';
  /** Apply only the rows with these reasons (`--apply-reasons`); other review/rejected rows stay out. */
  reasons?: readonly ReasonCode[] | undefined;
  /** Language of apply-problems.csv's sentences; default: the run's `--lang`. */
  lang?: Lang | undefined;
}

/** What was decided: the review/rejected rows to import, by line, and the refusals. */
interface Plan {
  /** Kept and fixed rows, by input line. */
  accepted: Map<number, ImportRow>;
  /** Refused decisions, in input order. */
  problems: Problem[];
}

/** Applies the decisions in a run's out dir; resolves to apply-report.json's content. */
export async function applyRun(dir: string, options: ApplyOptions = {}): Promise<ApplyReport> {
  const started = Date.now();
  const run = await openRun(resolve(dir));
  const index = await readRowIndex(run);
  const decisions = new Map<number, Decision>();
  const read = {
    review: await readDecisions(run, index, 'review', decisions),
    rejected: await readDecisions(run, index, 'rejected', decisions),
  };
  const checker = await DecisionChecker.create(run.basis, policyOf(run.report), run.report.startedAt);
  const cleanLines = index.lines.filter((_, i) => index.bucket(i) === 'clean');
  const email = run.basis.emailColumn;
  await eachClean(run, cleanLines, (record, line) => checker.seed(record.fields[email] ?? '', line));
  const tally = new Tally();
  const plan = decide(run, index, decisions, checker, tally, options.reasons);
  const lang = options.lang ?? run.basis.lang;
  const outputs = await ApplyOutputs.open(run, stringsFor(lang));
  try {
    await writeImport(run, cleanLines, plan.accepted, outputs, tally);
    for (const problem of plan.problems) await outputs.refuse(problem);
    if (tally.totals.rows !== run.report.totals.rows || outputs.imported !== tally.totals.imported) {
      throw new KwigaError('INTERNAL', `apply accounted for ${tally.totals.rows} of ${run.report.totals.rows} rows`);
    }
    const report: ApplyReport = {
      schemaVersion: 1,
      tool: { name: 'kwiga-validate', version: VERSION },
      mode: options.mode ?? 'person',
      ...(options.reasons ? { selectedReasons: [...options.reasons] } : {}),
      lang,
      run: { input: run.report.input.file, startedAt: run.report.startedAt },
      read,
      totals: tally.totals,
      actions: tally.actions,
      reasons: tally.reasons,
      problems: tally.problems,
      outputs: { import: outputs.importName, problems: APPLY_FILES.problems, report: APPLY_FILES.report },
      startedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
    };
    await outputs.commit(report);
    return report;
  } catch (error) {
    await outputs.discard();
    throw error;
  }
}

/**
 * Walks the review/rejected rows in input order: each is not selected, deleted, dropped, or a
 * keep/fix to check. Keeps are checked (and remembered) before fixes, so a fix never pushes out a
 * row that goes in anyway; fixes are then checked in input order.
 */
function decide(run: RunDir, index: RowIndex, decisions: Map<number, Decision>, checker: DecisionChecker, tally: Tally, reasons: readonly ReasonCode[] | undefined): Plan {
  const selected = reasons ? new Set<ReasonCode>(reasons) : undefined;
  const email = run.basis.emailColumn;
  for (const decision of decisions.values()) tally.read(decision.action);
  const plan: Plan = { accepted: new Map(), problems: [] };
  const fixes: { decision: Decision; reason: ReasonCode | undefined }[] = [];
  const settle = (decision: Decision, reason: ReasonCode | undefined, verdict: Verdict, outcome: Outcome) => {
    if (verdict.ok) {
      plan.accepted.set(decision.line, withAddress(decision, email, verdict.address));
      tally.outcome(reason, outcome);
      return;
    }
    const { fields, line, suggestion, action } = decision;
    plan.problems.push({ fields, line, suggestion, action, finding: verdict.finding });
    tally.outcome(reason, 'refused');
    tally.problem(verdict.finding.code);
  };
  index.lines.forEach((line, i) => {
    if (index.bucket(i) === 'clean') return;
    const reason = index.reason(i);
    if (selected && (reason === undefined || !selected.has(reason))) return tally.outcome(reason, 'notSelected');
    const decision = decisions.get(line);
    if (!decision) return tally.outcome(reason, 'deleted');
    if (decision.action === 'drop') return tally.outcome(reason, 'dropped');
    if (decision.action === 'fix') return void fixes.push({ decision, reason });
    settle(decision, reason, checker.keep(decision.fields[email] ?? '', line), 'kept');
  });
  for (const { decision, reason } of fixes) settle(decision, reason, checker.fix(decision.suggestion, decision.line), 'fixed');
  plan.problems.sort((a, b) => a.line - b.line);
  return plan;
}

/** The row's input columns with the address cell replaced. */
function withAddress(decision: Decision, email: number, address: string): ImportRow {
  const fields = [...decision.fields];
  fields[email] = address;
  const row: ImportRow = { fields };
  if (decision.cells) {
    const cells = [...decision.cells];
    cells[email] = { type: 'text', value: address };
    row.cells = cells;
  }
  return row;
}

/** clean rows merged with the accepted review/rejected rows, by input line. */
async function writeImport(run: RunDir, cleanLines: ArrayLike<number>, accepted: Map<number, ImportRow>, outputs: ApplyOutputs, tally: Tally): Promise<void> {
  const lines = [...accepted.keys()].sort((a, b) => a - b);
  let next = 0;
  const before = async (line: number) => {
    for (; next < lines.length && lines[next]! < line; next++) await outputs.add(accepted.get(lines[next]!)!);
  };
  await eachClean(run, cleanLines, async (record, line) => {
    await before(line);
    await outputs.add(record.cells ? { fields: record.fields, cells: record.cells } : { fields: record.fields });
    tally.clean();
  });
  await before(Infinity);
}

/**
 * Each row of the run's clean file with its input line. The file must hold exactly the rows the
 * run wrote: their lines are known only by their position.
 */
async function eachClean(run: RunDir, lines: ArrayLike<number>, visit: (record: BackRecord, line: number) => void | Promise<void>): Promise<void> {
  const file = run.files.clean;
  const changed = (found: string) =>
    new KwigaError('INPUT', `${file} ${found}, not the ${lines.length} rows the run wrote: apply needs it as the run left it; run the check again; nothing was written`);
  const table = await openBack(resolve(run.dir, file), file, run.format, run.basis.emailColumn + 1);
  let header = run.report.input.hasHeader;
  let i = 0;
  for await (const batch of table.records()) {
    for (const record of batch) {
      if (header) {
        header = false;
        continue;
      }
      if (record.problem) throw changed(`line ${record.line} cannot be read`);
      if (i >= lines.length) throw changed('has more rows');
      await visit(record, lines[i++]!);
      // The rows are garbage once visited: collect now and then, as the run does (memory.ts).
      if (i % ROWS_PER_COLLECTION === 0) collectGarbage();
    }
  }
  if (i !== lines.length) throw changed(`has ${i} rows`);
}
