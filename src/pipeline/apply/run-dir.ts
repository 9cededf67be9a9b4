/**
 * A run's out dir, as apply finds it: report.json (which must come from a run of a version that
 * writes the `apply` block), the format of its outputs, and its row index — every input row's
 * line, bucket and reason in input order. Anything else is refused with exit 2 before a file is
 * touched.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ReportSchema, type ApplyBasis, type Report } from '../../model/report.js';
import { BUCKETS, REASON_CODES, type Bucket, type ReasonCode } from '../../model/findings.js';
import { KwigaError } from '../../model/errors.js';
import { OUTPUT_FILES } from '../../report/build.js';
import { formatOf, openBack, type TableFormat } from './tables.js';

/** A run's out dir, checked. */
export interface RunDir {
  /** The out dir. */
  dir: string;
  /** The run's report.json. */
  report: Report;
  /** Its `apply` block. */
  basis: ApplyBasis;
  /** The format of the run's outputs (and so of import). */
  format: TableFormat;
  /** File names in the out dir. */
  files: { clean: string; review: string; rejected: string };
}

/** The run's rows in input order: line, bucket and reason of each. */
export interface RowIndex {
  /** Input lines, in input order. */
  lines: number[];
  /** Bucket of each row. */
  buckets: Bucket[];
  /** Primary reason of each row (undefined for a clean row without findings). */
  reasons: (ReasonCode | undefined)[];
  /** Position in the arrays by line. */
  byLine: Map<number, number>;
}

/** Reads and checks `dir/report.json`; refuses a folder a run did not write. */
export async function openRun(dir: string): Promise<RunDir> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) throw new KwigaError('USAGE', `${dir} does not exist: pass the folder a kwiga-validate run wrote its results to`);
  if (!info.isDirectory()) throw new KwigaError('USAGE', `${dir} is not a folder: pass the folder a kwiga-validate run wrote its results to (with review.csv and report.json)`);
  const path = join(dir, OUTPUT_FILES.json);
  const text = await readFile(path, 'utf8').catch(() => undefined);
  if (text === undefined) {
    throw new KwigaError('USAGE', `${dir} holds no ${OUTPUT_FILES.json}, so it is not the results of a finished kwiga-validate run: pass the folder a run wrote (its -o / --out-dir)`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new KwigaError('INPUT', `${path} is not valid JSON, so it is not a kwiga-validate report: run the check again`);
  }
  const result = ReportSchema.safeParse(parsed);
  if (!result.success) throw new KwigaError('INPUT', `${path} is not a report.json kwiga-validate wrote: run the check again`);
  const report = result.data;
  if (!report.apply) {
    throw new KwigaError('INPUT', `${path} comes from a kwiga-validate version without apply: run the check again with this version, then apply`);
  }
  return {
    dir,
    report,
    basis: report.apply,
    format: formatOf(report.outputs.review),
    files: { clean: report.outputs.clean, review: report.outputs.review, rejected: report.outputs.rejected },
  };
}

const BUCKET_SET: ReadonlySet<string> = new Set(BUCKETS);
const REASON_SET: ReadonlySet<string> = new Set(REASON_CODES);

/** Reads the run's row index; it must hold exactly the run's rows. */
export async function readRowIndex(run: RunDir): Promise<RowIndex> {
  const name = run.basis.rows;
  const path = join(run.dir, name);
  const broken = () => new KwigaError('INPUT', `${path} is missing or damaged; apply needs it to put the rows in input order: run the check again`);
  const table = await openBack(path, name, 'csv', 'validation_line').catch(() => {
    throw broken();
  });
  const index: RowIndex = { lines: [], buckets: [], reasons: [], byLine: new Map() };
  let header = true;
  for await (const batch of table.records()) {
    for (const { fields, problem } of batch) {
      if (header) {
        header = false;
        continue;
      }
      const [lineText = '', bucket = '', reason = ''] = fields;
      const line = Number(lineText);
      if (problem || !Number.isInteger(line) || line < 1 || !BUCKET_SET.has(bucket) || (reason !== '' && !REASON_SET.has(reason))) throw broken();
      if (index.byLine.has(line)) throw broken();
      index.byLine.set(line, index.lines.length);
      index.lines.push(line);
      index.buckets.push(bucket as Bucket);
      index.reasons.push(reason === '' ? undefined : (reason as ReasonCode));
    }
  }
  if (index.lines.length !== run.report.totals.rows) throw broken();
  return index;
}
